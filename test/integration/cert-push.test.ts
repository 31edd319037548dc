import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planPushToAppliance, pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import { pushToFleet } from '../../electron/services/certificates/fleet-push.ts';
import { CERT_PUSH_MIGRATIONS, CertPushHistory } from '../../electron/services/certificates/push-history.ts';
import { openHistoryDb } from '../../electron/services/storage/history-db.ts';
import { FleetSummary, ProgressEvent, PushResult } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import {
  bundleOf,
  FAST_CLIENT,
  getPassword,
  profileFor,
  seedCertkey,
  type startSim,
  simulatorHarness,
  seedRenewalScenario,
} from '../support/cert-push-fixtures.ts';

const { world: w, sim } = simulatorHarness();

const deps = { getPassword, client: FAST_CLIENT };
const writes = (s: NitroSimulator) => s.requests.filter((r) => r.method !== 'GET' && !/\/(login|logout)$/.test(r.path));
const partition = (s: NitroSimulator, name = 'default') => s.snapshot().partitions.find((p) => p.name === name)!;
const certkey = (s: NitroSimulator, name: string, p = 'default') => partition(s, p).certkeys.find((c) => c.certkey === name);

/** An appliance where www.example.test is installed as certkey "web", chained and bound, as an admin set it up. */
async function renewalSim(opts: Parameters<typeof startSim>[0] = {}): Promise<NitroSimulator> {
  const s = await sim({ vservers: [{ name: 'vs1' }, { name: 'vs2' }], ...opts });
  return seedRenewalScenario(s, w);
}

describe('push to one appliance', () => {
  it('installs a new certificate with each intermediate as its own certkey, linked level by level, bound and saved; a second push redoes nothing', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    const bundle = bundleOf(w.leaf, [w.root, w.inter, w.interHigh]);
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundle, { vservers: [{ name: 'vs1' }] }, deps);
    expect(PushResult.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.steps.map((x) => x.kind)).toEqual([
      'upload-file',
      'upload-file',
      'upload-file',
      'upload-file',
      'add-certkey',
      'add-certkey',
      'add-certkey',
      'link-certkey',
      'link-certkey',
      'bind-certkey',
      'save-config',
    ]);
    const p = partition(s);
    const leafCk = p.certkeys.find((c) => c.loadedCertSerial === w.leaf.serialHex.toUpperCase())!;
    const interCk = p.certkeys.find(
      (c) => c.loadedCertSubject?.includes('CN=Fieldkit Test Intermediate') && !c.loadedCertSubject.includes('High'),
    )!;
    const highCk = p.certkeys.find((c) => c.loadedCertSubject?.includes('Intermediate High'))!;
    expect(leafCk.certkey).toBe(r.certkey);
    expect(leafCk.linkcertkeyname).toBe(interCk.certkey);
    expect(interCk.linkcertkeyname).toBe(highCk.certkey);
    expect(highCk.linkcertkeyname).toBeNull();
    expect(p.certkeys.some((c) => c.loadedCertSubject?.includes('Fieldkit Test Root'))).toBe(false);
    expect(p.bindings).toEqual([{ vservername: 'vs1', certkeyname: r.certkey, snicert: false, ca: false }]);
    expect(p.saves).toMatchObject({ count: 1, unsavedChanges: false });
    expect(s.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');

    const before = s.snapshot();
    s.resetRequestLog();
    const again = await pushToAppliance({ profile: await profileFor(s) }, bundle, { vservers: [{ name: 'vs1' }] }, deps);
    expect(again.outcome).toBe('unchanged');
    expect(again.steps).toEqual([]);
    expect(again.plan!.alreadyRight.join('\n')).toMatch(/already holds this certificate[\s\S]*already bound to vserver vs1/);
    expect(writes(s)).toEqual([]);
    expect(s.snapshot()).toEqual(before);
  });

  it('renews in place with "preserve": the certkey keeps its name, link and bindings, the old files stay, within 10 NITRO requests', async () => {
    const s = await renewalSim();
    const r = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
      { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }] },
      deps,
    );
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.steps.map((x) => x.kind)).toEqual(['upload-file', 'upload-file', 'update-certkey', 'save-config']);
    const web = certkey(s, 'web')!;
    expect(web.loadedCertSerial).toBe(w.renewed.serialHex.toUpperCase());
    expect(web.linkcertkeyname).toBe('inter');
    expect(web.cert).toMatch(/^\/nsconfig\/ssl\/www\.example\.test_\d{8}_[0-9a-f]{8}\.cer$/);
    expect(partition(s).bindings).toEqual([{ vservername: 'vs1', certkeyname: 'web', snicert: false, ca: false }]);
    expect(s.snapshot().files.map((f) => f.name)).toEqual(expect.arrayContaining(['web.crt', 'web.pem']));
    expect(s.requests.length).toBeLessThanOrEqual(10);
    expect(r.nitroRequests).toBe(s.requests.length);
  });

  it('renews without "preserve": a new certkey, the vserver moved to it, the old certkey left for removal', async () => {
    const s = await renewalSim();
    const r = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1' }], preserve: false },
      deps,
    );
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.steps.map((x) => x.kind)).toEqual([
      'upload-file',
      'upload-file',
      'add-certkey',
      'link-certkey',
      'unbind-certkey',
      'bind-certkey',
      'save-config',
    ]);
    expect(r.plan!.warnings.join(' ')).toContain('vserver vs1 serves no certificate between');
    expect(partition(s).bindings).toEqual([{ vservername: 'vs1', certkeyname: r.certkey, snicert: false, ca: false }]);
    expect(certkey(s, r.certkey!)!.linkcertkeyname).toBe('inter');
    expect(certkey(s, 'web')!.loadedCertSerial).toBe(w.leaf.serialHex.toUpperCase());
  });

  it('re-links after a renewal from another intermediate, and refuses a certkey name already holding another certificate', async () => {
    const s2 = await renewalSim();
    seedCertkey(s2, 'fk-root', w.root);
    s2.resetRequestLog();
    const r = await pushToAppliance(
      { profile: await profileFor(s2) },
      bundleOf(w.leafViaOtherInter, [w.otherInter]),
      { certkeyName: 'web', preserve: true },
      deps,
    );
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.steps.map((x) => x.kind)).toEqual([
      'upload-file',
      'upload-file',
      'upload-file',
      'add-certkey',
      'unlink-certkey',
      'update-certkey',
      'link-certkey',
      'link-certkey',
      'save-config',
    ]);
    const other = partition(s2).certkeys.find((c) => c.loadedCertSubject?.includes('Other Intermediate'))!;
    expect(certkey(s2, 'web')!.linkcertkeyname).toBe(other.certkey);
    expect(other.linkcertkeyname).toBe('fk-root');

    const taken = await pushToAppliance(
      { profile: await profileFor(s2) },
      bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
      { certkeyName: 'web', preserve: false },
      deps,
    );
    expect(taken.outcome).toBe('failed');
    expect(taken.error).toMatchObject({ code: 'CERTKEY_NAME_TAKEN', step: 'plan' });
    expect(taken.error!.message).toMatch(/^adc \(127\.0\.0\.1:\d+\): the certkey web already holds another certificate/);
  });

  it('reuses intermediates the appliance already has, whatever their names, and an identical file already present', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCertkey(s, 'my-high', w.interHigh);
    seedCertkey(s, 'my-inter', w.inter);
    const plan = await planPushToAppliance({ profile: await profileFor(s) }, bundleOf(w.leaf, [w.inter, w.interHigh, w.root]), {}, deps);
    const certFile = plan.steps.find((x) => x.kind === 'upload-file')!.label.replace(/^Upload certificate file /, '');
    s.seed((st) => st.putFile(`/nsconfig/ssl/${certFile}`, w.leaf.certPem));
    s.resetRequestLog();
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundleOf(w.leaf, [w.inter, w.interHigh, w.root]), {}, deps);
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.steps.map((x) => x.label)).toEqual([
      expect.stringMatching(/^Upload key file /),
      expect.stringMatching(/^Add certkey /),
      `Link certkey my-inter to its issuer my-high`,
      `Link certkey ${r.certkey} to its issuer my-inter`,
      'Save the running configuration',
    ]);
    expect(r.plan!.alreadyRight.join('\n')).toMatch(/already on the appliance with the same content/);
    expect(
      partition(s)
        .certkeys.map((c) => c.certkey)
        .sort(),
    ).toEqual(['my-high', 'my-inter', r.certkey].sort());
  });

  it('links to an intermediate another tool installed under its own name and format, never adding it a second time (273)', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    s.seed((st) => {
      st.putFile('/nsconfig/ssl/vendor/issuing-ca.der', new X509Certificate(w.inter.certPem).raw);
      st.addCertKey({ certkey: 'vendor_issuing_ca', cert: '/nsconfig/ssl/vendor/issuing-ca.der', inform: 'DER' });
    });
    seedCertkey(s, 'vendor_high', w.interHigh);
    seedCertkey(s, 'vendor_root', w.root);
    s.resetRequestLog();
    const r = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.leaf, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1' }] },
      deps,
    );
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.steps.filter((x) => x.kind === 'add-certkey').map((x) => x.label)).toEqual([
      `Add certkey ${r.certkey} for www.example.test`,
    ]);
    expect(r.plan!.alreadyRight.join('\n')).toContain('already on the appliance as certkey vendor_issuing_ca; it is reused');
    expect(certkey(s, r.certkey!)!.linkcertkeyname).toBe('vendor_issuing_ca');
    expect(s.requests.filter((q) => q.errorcode === 273)).toEqual([]);
  });

  // The leaf stage looks for the leaf's certkey by name only, so a leaf another tool installed under another name is
  // added a second time and the appliance refuses it (273, "[certkeyName Contents, <name>]"). The planner must find
  // the certkey holding the same certificate (serial and issuer) and reuse it: "unchanged", no upload, no add.
  it('reuses a leaf another tool installed under another name instead of adding it again (273)', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCertkey(s, 'inter-high', w.interHigh);
    seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
    seedCertkey(s, 'by-other-tool', w.leaf, { withKey: true, linkTo: 'inter' });
    s.resetRequestLog();
    const r = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.leaf, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1' }] },
      deps,
    );
    expect(r).toMatchObject({ outcome: 'succeeded', certkey: 'by-other-tool' });
    expect(r.plan!.steps.map((x) => x.kind)).toEqual(['bind-certkey', 'save-config']);
    expect(s.requests.filter((q) => q.status === 409)).toEqual([]);
    expect(partition(s).bindings).toEqual([{ vservername: 'vs1', certkeyname: 'by-other-tool', snicert: false, ca: false }]);
  });

  it('gives a colliding file name (same name, other content) a new name instead of overwriting it', async () => {
    const s = await sim();
    const plan = await planPushToAppliance({ profile: await profileFor(s) }, bundleOf(w.leaf, [w.inter, w.interHigh, w.root]), {}, deps);
    const certFile = plan.steps.find((x) => x.label.startsWith('Upload certificate file'))!.label.replace(/^Upload certificate file /, '');
    s.seed((st) => st.putFile(`/nsconfig/ssl/${certFile}`, w.otherDomain.certPem));
    const before = s.snapshot().files.find((f) => f.name === certFile)!;
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundleOf(w.leaf, [w.inter, w.interHigh, w.root]), {}, deps);
    expect(r.outcome).toBe('succeeded');
    expect(s.snapshot().files.find((f) => f.name === certFile)).toEqual(before);
    expect(certkey(s, r.certkey!)!.cert).toMatch(/-[0-9a-f]{6}\.cer$/);
  });

  it('binds as an SNI certificate next to the default certificate', async () => {
    const s = await renewalSim();
    const r = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.otherDomain, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1', sni: true }] },
      deps,
    );
    expect(r.outcome).toBe('succeeded');
    expect(partition(s).bindings).toEqual(
      expect.arrayContaining([
        { vservername: 'vs1', certkeyname: 'web', snicert: false, ca: false },
        { vservername: 'vs1', certkeyname: r.certkey, snicert: true, ca: false },
      ]),
    );
    expect(r.plan!.steps.some((x) => x.kind === 'unbind-certkey')).toBe(false);
  });

  it('changes the domain of a certkey only when the user agreed (nodomaincheck)', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    const refused = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.otherDomain, [w.inter, w.interHigh, w.root]),
      { certkeyName: 'web', preserve: true },
      deps,
    );
    expect(refused.outcome).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'DOMAIN_CHANGE_NOT_ALLOWED', step: 'plan' });
    expect(refused.error!.message).toContain('shop.example.test');
    expect(refused.error!.message).toContain('Nothing was changed');
    expect(writes(s)).toEqual([]);
    expect(s.snapshot()).toEqual(before);
    const agreed = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.otherDomain, [w.inter, w.interHigh, w.root]),
      { certkeyName: 'web', preserve: true, allowDomainChange: true },
      deps,
    );
    expect(agreed.outcome).toBe('succeeded');
    expect(JSON.stringify(agreed.plan!.steps.find((x) => x.kind === 'update-certkey')!.call.body)).toContain('"nodomaincheck":true');
    expect(certkey(s, 'web')!.loadedCertSubject).toContain('shop.example.test');
  });

  it('works inside an admin partition: switches the session and uses the partition SSL folder', async () => {
    const s = await sim({ partitions: ['p1'], vservers: [{ name: 'vs-p1', partition: 'p1' }] });
    const r = await pushToAppliance(
      { profile: await profileFor(s, { partition: 'p1' }) },
      bundleOf(w.leaf, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs-p1' }] },
      deps,
    );
    expect(r.outcome).toBe('succeeded');
    const snap = s.snapshot();
    expect(snap.files.length).toBeGreaterThan(0);
    expect(snap.files.every((f) => f.location === '/nsconfig/partitions/p1/ssl/')).toBe(true);
    expect(partition(s).certkeys).toEqual([]);
    expect(partition(s, 'p1').bindings).toEqual([{ vservername: 'vs-p1', certkeyname: r.certkey, snicert: false, ca: false }]);
    expect(partition(s, 'p1').saves.count).toBe(1);
    expect(s.requests.filter((q) => q.method !== 'GET' && !q.path.endsWith('/login')).every((q) => q.partition === 'p1')).toBe(true);
    expect(r.plan!.session.before.map((c) => c.path)).toEqual(['/nitro/v1/config/login', '/nitro/v1/config/nspartition?action=Switch']);

    const missing = await pushToAppliance({ profile: await profileFor(s, { partition: 'nope' }) }, bundleOf(w.leaf, [w.inter]), {}, deps);
    expect(missing.error).toMatchObject({ code: 'APPLIANCE_PARTITION_NOT_FOUND', step: 'switch to partition nope', nitroErrorcode: 2755 });
  });

  it('plans without changing anything, and pushes only the plan the user approved', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    const bundle = bundleOf(w.renewed, [w.inter, w.interHigh, w.root]);
    const options = { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }] };
    const view = await planPushToAppliance({ profile: await profileFor(s) }, bundle, options, deps);
    expect(s.snapshot()).toEqual(before);
    expect(writes(s)).toEqual([]);
    expect(JSON.stringify(view)).not.toContain(w.renewed.keyPem.split('\n')[1]!);
    expect(JSON.stringify(view)).not.toContain(getPassword());
    const stale = await pushToAppliance(
      { profile: await profileFor(s) },
      bundle,
      { ...options, expectPlanDigest: '0000000000000000' },
      deps,
    );
    expect(stale.error?.code).toBe('PLAN_CHANGED');
    expect(s.snapshot()).toEqual(before);
    const ok = await pushToAppliance({ profile: await profileFor(s) }, bundle, { ...options, expectPlanDigest: view.digest }, deps);
    expect(ok.outcome).toBe('succeeded');
  });

  it('reports progress as JSON events in order and keeps every step in the history', async () => {
    const s = await renewalSim();
    const history = new CertPushHistory(openHistoryDb(':memory:', [CERT_PUSH_MIGRATIONS]).db);
    const events: ProgressEvent[] = [];
    const r = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1' }], preserve: false },
      { ...deps, history, onProgress: (e) => events.push(JSON.parse(JSON.stringify(e))) },
    );
    for (const e of events) ProgressEvent.parse(e);
    const stepEvents = events.filter((e) => e.phase === 'step');
    expect(stepEvents.map((e) => `${e.stepIndex}:${e.status}`)).toEqual(
      r.plan!.steps.flatMap((x) => [`${x.index}:running`, `${x.index}:done`]),
    );
    expect(events[0]).toMatchObject({ phase: 'connect', status: 'running' });
    expect(events.at(-1)).toMatchObject({ phase: 'finish', status: 'done', stepLabel: 'succeeded' });
    const [push] = history.listPushes();
    expect(push).toMatchObject({ id: r.historyId, operation: 'push', outcome: 'succeeded', certkey: r.certkey });
    expect(push!.steps.map((x) => x.status)).toEqual(r.plan!.steps.map(() => 'done'));
    expect(
      history.ownedCertkeys({ host: '127.0.0.1', port: Number(new URL(s.url).port), partition: 'default' }).map((o) => o.name),
    ).toEqual([r.certkey]);
  });
});

describe('HA pairs', () => {
  async function pair() {
    const primary = await sim({ name: 'adc-a', haState: 'primary', vservers: [{ name: 'vs1' }] });
    const secondary = await sim({ name: 'adc-b', haState: 'secondary', vservers: [{ name: 'vs1' }] });
    primary.setPeer(secondary);
    return { primary, secondary };
  }

  it('refuses to push to the secondary and names the primary', async () => {
    const { secondary } = await pair();
    const before = secondary.snapshot();
    const r = await pushToAppliance({ profile: await profileFor(secondary) }, bundleOf(w.leaf, [w.inter, w.interHigh, w.root]), {}, deps);
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ code: 'APPLIANCE_IS_SECONDARY', step: 'read HA state' });
    expect(r.error!.message).toMatch(
      /^adc-b \(127\.0\.0\.1:\d+\) is the secondary node of an HA pair; the primary is 127\.0\.0\.1\. .*Nothing was changed\./,
    );
    expect(writes(secondary)).toEqual([]);
    expect(secondary.snapshot()).toEqual(before);
  });

  it('pushes to the primary, syncs the SSL files and confirms the secondary holds the certkey', async () => {
    const { primary, secondary } = await pair();
    const r = await pushToAppliance(
      { profile: await profileFor(primary), peer: await profileFor(secondary) },
      bundleOf(w.leaf, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1' }] },
      deps,
    );
    expect(r.outcome).toBe('succeeded');
    // Commands reach the secondary as they run: the files go there first.
    expect(r.plan!.steps.map((x) => x.kind)).toEqual([
      'upload-file',
      'upload-file',
      'upload-file',
      'upload-file',
      'ha-sync',
      'add-certkey',
      'add-certkey',
      'add-certkey',
      'link-certkey',
      'link-certkey',
      'bind-certkey',
      'save-config',
    ]);
    expect(r.plan!.warnings.join(' ')).toContain('HA primary');
    expect(secondary.snapshot().propagationErrors).toEqual([]);
    expect(partition(secondary).certkeys).toEqual(partition(primary).certkeys);
    expect(partition(secondary).bindings).toEqual(partition(primary).bindings);
    expect(r.secondary).toEqual({
      checked: true,
      hasCertkey: true,
      message: expect.stringContaining(`holds certkey ${r.certkey} with the new certificate`),
    });
    expect(certkey(secondary, r.certkey!)?.loadedCertSerial).toBe(w.leaf.serialHex.toUpperCase());
    expect(
      secondary
        .snapshot()
        .files.map((f) => f.name)
        .sort(),
    ).toEqual(
      primary
        .snapshot()
        .files.map((f) => f.name)
        .sort(),
    );
  });

  it('renews in place on a pair: the secondary never refers to a file it lacks and ends on the new certificate', async () => {
    const node = async (name: string, haState: 'primary' | 'secondary') =>
      seedRenewalScenario(await sim({ name, haState, vservers: [{ name: 'vs1' }] }), w, { withRoot: true });
    const primary = await node('adc-a', 'primary');
    const secondary = await node('adc-b', 'secondary');
    primary.setPeer(secondary);
    const r = await pushToAppliance(
      { profile: await profileFor(primary), peer: await profileFor(secondary) },
      bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
      { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }] },
      deps,
    );
    expect(r.error).toBeUndefined();
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.steps.map((x) => x.kind)).toEqual(['upload-file', 'upload-file', 'ha-sync', 'update-certkey', 'save-config']);
    expect(secondary.snapshot().propagationErrors).toEqual([]);
    expect(certkey(secondary, 'web')!.loadedCertSerial).toBe(w.renewed.serialHex.toUpperCase());
    expect(partition(secondary).certkeys).toEqual(partition(primary).certkeys);
    expect(r.secondary).toMatchObject({ checked: true, hasCertkey: true });
  });

  it('says plainly when the secondary could not be checked', async () => {
    const { primary } = await pair();
    const r = await pushToAppliance({ profile: await profileFor(primary) }, bundleOf(w.leaf, [w.inter, w.interHigh, w.root]), {}, deps);
    expect(r.outcome).toBe('succeeded');
    expect(r.secondary).toMatchObject({ checked: false, message: expect.stringMatching(/was not checked: no profile for it/) });
  });
});

describe('fleet', () => {
  it('pushes to several appliances at once; one failure rolls back there only, and the summary says who is where', async () => {
    const a = await renewalSim({ name: 'adc-1' });
    const b = await renewalSim({ name: 'adc-2' });
    const c = await renewalSim({ name: 'adc-3' });
    b.faults.fail(
      { method: 'POST', resource: 'sslcertkey', action: 'update' },
      { status: 599, errorcode: 1536, message: 'Invalid certificate' },
    );
    const beforeB = b.snapshot();
    const events: ProgressEvent[] = [];
    const summary = await pushToFleet(
      await Promise.all([a, b, c].map(async (s) => ({ profile: await profileFor(s) }))),
      bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
      { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }] },
      { ...deps, concurrency: 2, onProgress: (e) => events.push(e) },
    );
    expect(FleetSummary.parse(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
    expect(summary.succeeded).toEqual([expect.stringMatching(/^adc-1 /), expect.stringMatching(/^adc-3 /)]);
    expect(summary.rolledBack).toEqual([expect.stringMatching(/^adc-2 /)]);
    expect(summary.failed).toEqual([]);
    expect(b.snapshot()).toEqual(beforeB);
    expect(certkey(c, 'web')!.loadedCertSerial).toBe(w.renewed.serialHex.toUpperCase());
    const bResult = summary.results[1]!;
    expect(bResult.error).toMatchObject({
      nitroErrorcode: 1536,
      step: 'Change certkey web in place to the new certificate for www.example.test (bindings stay)',
    });
    expect(bResult.rollback!.restored).toEqual([
      expect.stringMatching(/^Deleted the uploaded file .*\.key$/),
      expect.stringMatching(/^Deleted the uploaded file .*\.cer$/),
    ]);
    expect(new Set(events.map((e) => e.appliance)).size).toBe(3);
  });
});
