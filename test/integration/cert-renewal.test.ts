import { describe, expect, it } from 'vitest';
import { planPushToAppliance, pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import type { PushOptionsInput } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import {
  bundleOf,
  FAST_CLIENT,
  getPassword,
  profileFor,
  seedCertkey,
  seedRenewalScenario,
  simulatorHarness,
} from '../support/cert-push-fixtures.ts';
import { issueCertificate, type Issued } from '../support/test-pki.ts';
import { startTestEngine } from '../support/test-engine.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tempDir = mkdtempSync(join(tmpdir(), 'fk-renewal-'));
function writeTemp(name: string, text: string): string {
  writeFileSync(join(tempDir, name), text);
  return join(tempDir, name);
}

/**
 * Renewal as admins do it: the certkey a new certificate renews is found on
 * the appliance without being named (bound on the vserver, else the same
 * subject and names), never guessed between several, and renewed in place.
 */

const { world: w, sim } = simulatorHarness();
const deps = { getPassword, client: FAST_CLIENT };
const certkeys = (s: NitroSimulator) => s.snapshot().partitions.find((p) => p.name === 'default')!.certkeys;

async function renewalSim(): Promise<NitroSimulator> {
  return seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }, { name: 'vs2' }] }), w);
}

async function push(s: NitroSimulator, leaf: Issued, options: PushOptionsInput) {
  return pushToAppliance({ profile: await profileFor(s) }, bundleOf(leaf, [w.inter, w.interHigh, w.root]), options, deps);
}

describe('renewal target', () => {
  it('renews the certkey bound on the vserver in place without being told its name, within 10 NITRO requests', async () => {
    const s = await renewalSim();
    const r = await push(s, w.renewed, { vservers: [{ name: 'vs1' }] });
    expect(r.outcome).toBe('succeeded');
    expect(r.certkey).toBe('web');
    expect(r.plan).toMatchObject({ certkeyAction: 'update' });
    expect(r.plan!.certkeyReason).toMatch(/^The certkey web is bound to vserver vs1 .*renewed in place/);
    expect(r.plan!.steps.map((x) => x.kind)).toEqual(['upload-file', 'upload-file', 'update-certkey', 'save-config']);
    expect(certkeys(s).find((c) => c.certkey === 'web')!.loadedCertSerial).toBe(w.renewed.serialHex.toUpperCase());
    expect(certkeys(s)).toHaveLength(3);
    expect(r.nitroRequests).toBeLessThanOrEqual(10);
  });

  it('finds the certkey by subject and names when no vserver is named', async () => {
    const s = await renewalSim();
    const r = await push(s, w.renewed, {});
    expect(r.outcome).toBe('succeeded');
    expect(r.certkey).toBe('web');
    expect(r.plan!.certkeyReason).toMatch(
      /^The certkey web holds a certificate with the same subject and names \(expires \d{4}-\d\d-\d\d\)/,
    );
  });

  it('lists the candidates and changes nothing when several certkeys could be renewed; the vserver binding decides between them', async () => {
    const s = await renewalSim();
    const twin = await issueCertificate(w.inter, { commonName: 'www.example.test', altNames: ['www.example.test', 'example.test'] });
    seedCertkey(s, 'web-by-other-tool', twin, { withKey: true, linkTo: 'inter' });
    s.resetRequestLog();
    const r = await push(s, w.renewed, {});
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ code: 'RENEWAL_TARGET_AMBIGUOUS', step: 'plan' });
    expect(r.error!.message).toMatch(/2 certkeys hold a certificate with the subject and names of this one/);
    expect(r.error!.message).toMatch(/web \(www\.example\.test, expires \d{4}-\d\d-\d\d\); web-by-other-tool \(www\.example\.test/);
    expect(r.error!.hint).toMatch(/--certkey/);
    expect(s.requests.filter((q) => q.method !== 'GET' && !/\/(login|logout)$/.test(q.path))).toEqual([]);

    const bound = await push(s, w.renewed, { vservers: [{ name: 'vs1' }] });
    expect(bound).toMatchObject({ outcome: 'succeeded', certkey: 'web' });
  });

  it('does not renew a certificate of another site that happens to be bound on the vserver: a new certkey takes the binding', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCertkey(s, 'placeholder', w.otherDomain, { withKey: true });
    s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'placeholder' }));
    const plan = await planPushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.leaf, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1' }] },
      deps,
    );
    expect(plan.certkeyAction).toBe('add');
    expect(plan.certkeyReason).toMatch(/^No certkey on the appliance holds a certificate for www\.example\.test: a new certkey/);
    expect(plan.steps.map((x) => x.kind)).toContain('unbind-certkey');
  });

  it('uses the certkey that already holds this certificate, whoever installed it, instead of adding it a second time', async () => {
    const s = await renewalSim();
    seedCertkey(s, 'installed-by-hand', w.renewed, { withKey: true, linkTo: 'inter' });
    s.resetRequestLog();
    const plan = await planPushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
      { certkeyName: 'web', vservers: [{ name: 'vs2' }] },
      deps,
    );
    expect(plan).toMatchObject({ certkey: 'installed-by-hand', certkeyAction: 'unchanged' });
    expect(plan.certkeyReason).toMatch(/already installed as certkey installed-by-hand; .* so installed-by-hand is used instead of web/);
    expect(plan.steps.map((x) => x.kind)).toEqual(['bind-certkey', 'save-config']);
  });

  it('asks before the names of a certkey change (a SAN added), and sends nodomaincheck once allowed', async () => {
    const s = await renewalSim();
    const wider = await issueCertificate(w.inter, {
      commonName: 'www.example.test',
      altNames: ['www.example.test', 'example.test', 'api.example.test'],
    });
    const refused = await push(s, wider, { vservers: [{ name: 'vs1' }] });
    expect(refused.error).toMatchObject({ code: 'DOMAIN_CHANGE_NOT_ALLOWED', step: 'plan' });
    expect(refused.error!.message).toMatch(/changes the names of certkey web: adds api\.example\.test\./);
    const allowed = await push(s, wider, { vservers: [{ name: 'vs1' }], allowDomainChange: true });
    expect(allowed.outcome).toBe('succeeded');
    const update = allowed.plan!.steps.find((x) => x.kind === 'update-certkey')!;
    expect(update.call.body).toMatchObject({ sslcertkey: { certkey: 'web', nodomaincheck: true } });
  });

  it('adds a new certkey and moves the binding with preserve off; a stable name that is taken gets the expiry and serial added', async () => {
    const s = await renewalSim();
    const r = await push(s, w.renewed, {
      vservers: [{ name: 'vs1' }],
      preserve: false,
      nameSchema: 'fk-{{certificateId}}',
      certificateId: 'shop',
    });
    expect(r).toMatchObject({ outcome: 'succeeded', certkey: 'fk-shop' });
    expect(r.plan!.certkeyReason).toMatch(/^Preserve is off: a new certkey fk-shop is added/);
    expect(s.snapshot().partitions[0]!.bindings).toEqual([{ vservername: 'vs1', certkeyname: 'fk-shop', snicert: false, ca: false }]);

    const stable = { nameSchema: 'fk-{{certificateId}}', certificateId: 'shop', vservers: [{ name: 'vs1' }] };
    const next = await issueCertificate(w.inter, { commonName: 'www.example.test', altNames: ['www.example.test', 'example.test'] });
    // With preserve on (the default), the stable name is renewed in place.
    const renewed = await push(s, next, stable);
    expect(renewed).toMatchObject({ outcome: 'succeeded', certkey: 'fk-shop', plan: { certkeyAction: 'update' } });
    const third = await issueCertificate(w.inter, { commonName: 'www.example.test', altNames: ['www.example.test', 'example.test'] });
    const beside = await push(s, third, { ...stable, preserve: false });
    expect(beside.outcome).toBe('succeeded');
    expect(beside.certkey).toMatch(/^fk-shop_\d{8}_[0-9a-f]{8}$/);
  });

  it('never renews a certkey only because it has the name the schema gives: one for other names keeps its certificate', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    // Made by hand, named like the new certificate's CN, holding another site's certificate.
    seedCertkey(s, 'www.example.test', w.otherDomain, { withKey: true });
    const plan = await planPushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.leaf, [w.inter, w.interHigh, w.root]),
      { vservers: [{ name: 'vs1' }] },
      deps,
    );
    expect(plan.certkeyAction).toBe('add');
    expect(plan.certkey).toMatch(/^www\.example\.test_\d{8}_[0-9a-f]{8}$/);
    expect(plan.certkeyReason).toMatch(/the name www\.example\.test is taken by www\.example\.test \(shop\.example\.test/);
    expect(plan.steps.map((x) => x.kind)).not.toContain('update-certkey');
  });

  it('says so when the new certificate expires before the one it replaces', async () => {
    const s = await renewalSim();
    const shorter = await issueCertificate(w.inter, {
      commonName: 'www.example.test',
      altNames: ['www.example.test', 'example.test'],
      validForDays: 30,
    });
    const plan = await planPushToAppliance({ profile: await profileFor(s) }, bundleOf(shorter, [w.inter, w.interHigh, w.root]), {}, deps);
    expect(plan.warnings.join(' ')).toMatch(/The new certificate expires \d{4}-\d\d-\d\d, before the one certkey web holds now/);
  });

  it('refuses a naming schema it does not understand once, before logging in anywhere', async () => {
    const s = await renewalSim();
    const te = await startTestEngine({ vault: new MemoryVault('schema') });
    try {
      const { bundleId } = await te.engine.certificates.loadBundle({
        files: { cert: { path: writeTemp('c.pem', w.leaf.certPem) }, key: { path: writeTemp('k.pem', w.leaf.keyPem) } },
      });
      s.resetRequestLog();
      await expect(
        te.engine.certificates.plan({
          bundleId,
          appliances: [{ profile: await profileFor(s), password: getPassword() }],
          options: { nameSchema: '{{certifcateId}}' },
        }),
      ).rejects.toMatchObject({ code: 'NAME_SCHEMA_INVALID' });
      expect(s.requests).toEqual([]);
    } finally {
      te.close();
    }
  });

  it('keeps new certkey names within 31 characters on a build that accepts no more, reading the version only then', async () => {
    const long = await issueCertificate(w.inter, {
      commonName: 'portal.emea.internal.example.test',
      altNames: ['portal.emea.internal.example.test'],
    });
    const old = await sim({ vservers: [{ name: 'vs1' }], version: 'NetScaler NS11.1: Build 65.10.nc, Date: Jun 20 2020, 12:00:00' });
    const r = await push(old, long, { vservers: [{ name: 'vs1' }] });
    expect(r.outcome).toBe('succeeded');
    expect(r.plan!.session.reads.map((c) => c.path)).toContain('/nitro/v1/config/nsversion');
    for (const c of certkeys(old)) expect(c.certkey, c.certkey).toHaveLength(Math.min(c.certkey.length, 31));

    const current = await sim({ vservers: [{ name: 'vs1' }] });
    const r2 = await push(current, long, { vservers: [{ name: 'vs1' }] });
    expect(r2.certkey!.length).toBeGreaterThan(31);
    expect(r2.plan!.session.reads.map((c) => c.path)).toContain('/nitro/v1/config/nsversion');
    const short = await push(await renewalSim(), w.renewed, { vservers: [{ name: 'vs1' }] });
    expect(short.plan!.session.reads.map((c) => c.path)).not.toContain('/nitro/v1/config/nsversion');
  });
});
