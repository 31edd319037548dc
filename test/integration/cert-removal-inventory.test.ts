import { beforeAll, describe, expect, it } from 'vitest';
import { pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import { readInventory } from '../../electron/services/certificates/certificate-inventory.ts';
import { formatInventory } from '../../electron/cli/commands/cert-text.ts';
import { removeCertificates } from '../../electron/services/certificates/certificate-removal.ts';
import { CERT_PUSH_MIGRATIONS, CertPushHistory } from '../../electron/services/certificates/push-history.ts';
import { openHistoryDb } from '../../electron/services/storage/history-db.ts';
import { Inventory, RemovalResult } from '../../shared/schemas/certificates.ts';
import type { ApplianceSnapshot, NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { bundleOf, FAST_CLIENT, getPassword, profileFor, seedCertkey, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { issueCertificate, type Issued } from '../support/test-pki.ts';

const { world: w, sim } = simulatorHarness();
let expired: Issued;
let soon: Issued;
beforeAll(async () => {
  expired = await issueCertificate(w.inter, { commonName: 'old.example.test', validFromDays: -100, validForDays: 50 });
  soon = await issueCertificate(w.inter, { commonName: 'soon.example.test', validForDays: 10 });
});

async function applianceWithChain(): Promise<NitroSimulator> {
  const s = await sim({ vservers: [{ name: 'vs1' }, { name: 'vs2' }] });
  seedCertkey(s, 'fk-root', w.root);
  seedCertkey(s, 'inter-high', w.interHigh, { linkTo: 'fk-root' });
  seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
  s.resetRequestLog();
  return s;
}

function newHistory(): CertPushHistory {
  return new CertPushHistory(openHistoryDb(':memory:', [CERT_PUSH_MIGRATIONS]).db);
}

const keyOf = (s: NitroSimulator) => ({ host: '127.0.0.1', port: Number(new URL(s.url).port), partition: 'default' });
const certkeys = (s: NitroSimulator) =>
  s
    .snapshot()
    .partitions[0]!.certkeys.map((c) => c.certkey)
    .sort();
const withoutMtimes = (snap: ApplianceSnapshot) => ({ ...snap, files: snap.files.map((f) => ({ ...f, modifiedAt: '' })) });

describe('inventory', () => {
  it('lists certkeys with subject, days left, chain and bindings, soonest first, flagging those within 30 days', async () => {
    const s = await applianceWithChain();
    seedCertkey(s, 'web', w.leaf, { withKey: true, linkTo: 'inter' });
    seedCertkey(s, 'old', expired, { withKey: true });
    seedCertkey(s, 'soon', soon, { withKey: true, linkTo: 'inter' });
    s.seed((st) => {
      st.bind({ vservername: 'vs1', certkeyname: 'web' });
      st.bind({ vservername: 'vs1', certkeyname: 'soon', snicert: true });
    });
    const history = newHistory();
    history.recordOwned(keyOf(s), [
      {
        name: 'soon',
        role: 'leaf',
        certFile: 'soon.crt',
        keyFile: 'soon.pem',
        subject: 'CN=soon.example.test',
        serialHex: soon.serialHex,
        notAfter: '',
      },
    ]);
    const inv = await readInventory(await profileFor(s), { getPassword, history, client: FAST_CLIENT });
    expect(Inventory.parse(JSON.parse(JSON.stringify(inv)))).toEqual(inv);
    expect(inv.entries.map((e) => e.certkey)).toEqual(['old', 'soon', 'web', 'inter', 'inter-high', 'fk-root']);
    const [old, soonE, web] = inv.entries;
    expect(old).toMatchObject({ expired: true, expiringSoon: false, commonName: 'old.example.test', status: 'Expired' });
    expect(old!.daysLeft).toBeLessThan(0);
    expect(soonE).toMatchObject({
      expired: false,
      expiringSoon: true,
      bindings: [{ vserver: 'vs1', sni: true }],
      createdByFieldkit: true,
      chain: ['inter', 'inter-high', 'fk-root'],
    });
    expect(web).toMatchObject({
      expiringSoon: false,
      bindings: [{ vserver: 'vs1', sni: false }],
      createdByFieldkit: false,
      subject: 'CN=www.example.test',
      issuer: 'CN=Fieldkit Test Intermediate',
      certFile: 'web.crt',
      keyFile: 'web.pem',
      linkedTo: 'inter',
    });
    expect(web!.serialHex).toBe(w.leaf.serialHex);
    const text = formatInventory(inv);
    expect(text.split('\n')[1]).toMatch(/^EXPIRED +-\d+ days {2}old/);
    expect(text.split('\n')[2]).toMatch(/^SOON +\d+ days {2}soon .* bound to vs1 \(SNI\) {2}\[Fieldkit\]$/);
    expect(s.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
  });
});

describe('removal', () => {
  it('removes the certkey a renewal replaced, with its files, and keeps what is in use or not Fieldkit’s', async () => {
    const s = await applianceWithChain();
    seedCertkey(s, 'legacy', expired, { withKey: true });
    const history = newHistory();
    const deps = { getPassword, history, client: FAST_CLIENT };
    const v1 = await pushToAppliance({ profile: await profileFor(s) }, bundleOf(w.leaf, [w.inter]), { vservers: [{ name: 'vs1' }] }, deps);
    const v2 = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.renewed, [w.inter]),
      { vservers: [{ name: 'vs1' }], preserve: false },
      deps,
    );
    expect([v1.outcome, v2.outcome]).toEqual(['succeeded', 'succeeded']);
    const v1Files = v1.plan!.steps.filter((x) => x.kind === 'upload-file').map((x) => x.label.replace(/^Upload \w+ file /, ''));
    const dry = await removeCertificates(await profileFor(s), { replaced: true, expired: true }, { ...deps, dryRun: true });
    expect(dry.plan.map((x) => x.label)).toEqual([
      `Delete certkey ${v1.certkey} (replaced by ${v2.certkey}, which expires later)`,
      ...v1Files.map((f) => `Delete file ${f}`),
      'Save the running configuration',
    ]);
    expect(certkeys(s)).toContain(v1.certkey);

    const saves = s.snapshot().partitions[0]!.saves.count;
    const r = await removeCertificates(await profileFor(s), { replaced: true, expired: true }, deps);
    expect(RemovalResult.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(r).toMatchObject({ outcome: 'succeeded', removed: [v1.certkey], skipped: [] });
    expect(certkeys(s)).toEqual(['fk-root', 'inter', 'inter-high', 'legacy', v2.certkey].sort());
    const names = s.snapshot().files.map((f) => f.name);
    for (const f of v1Files) expect(names).not.toContain(f);
    expect(names).toEqual(expect.arrayContaining(['legacy.crt', 'legacy.pem']));
    expect(s.snapshot().partitions[0]!.saves).toMatchObject({ count: saves + 1, unsavedChanges: false });
    expect(history.ownedCertkeys(keyOf(s)).map((o) => o.name)).toEqual([v2.certkey]);
    expect(history.listPushes()[0]).toMatchObject({ operation: 'remove', outcome: 'succeeded' });
  });

  it('removes an expired certkey only if Fieldkit created it, or if the user names it', async () => {
    const s = await applianceWithChain();
    seedCertkey(s, 'fk-old', expired, { withKey: true });
    seedCertkey(s, 'admin-old', expired, { withKey: true, fileBase: 'admin-old' });
    const history = newHistory();
    history.recordOwned(keyOf(s), [
      {
        name: 'fk-old',
        role: 'leaf',
        certFile: 'fk-old.crt',
        keyFile: 'fk-old.pem',
        subject: 'CN=old.example.test',
        serialHex: expired.serialHex,
        notAfter: '',
      },
    ]);
    const r = await removeCertificates(await profileFor(s), { expired: true }, { getPassword, history, client: FAST_CLIENT });
    expect(r.removed).toEqual(['fk-old']);
    expect(certkeys(s)).toContain('admin-old');
    const named = await removeCertificates(await profileFor(s), { certkeys: ['admin-old'] }, { getPassword, history, client: FAST_CLIENT });
    expect(named.removed).toEqual(['admin-old']);
    expect(s.snapshot().files.map((f) => f.name)).not.toContain('admin-old.crt');
  });

  it('never leaves a vserver without its server certificate, nor breaks a chain', async () => {
    const s = await applianceWithChain();
    seedCertkey(s, 'web', w.leaf, { withKey: true, linkTo: 'inter' });
    seedCertkey(s, 'sni-old', expired, { withKey: true });
    s.seed((st) => {
      st.bind({ vservername: 'vs1', certkeyname: 'web' });
      st.bind({ vservername: 'vs1', certkeyname: 'sni-old', snicert: true });
    });
    const history = newHistory();
    history.recordOwned(keyOf(s), [{ name: 'sni-old', role: 'leaf', certFile: 'sni-old.crt', subject: '', serialHex: '', notAfter: '' }]);
    const before = s.snapshot();
    const r = await removeCertificates(
      await profileFor(s),
      { certkeys: ['web', 'inter'], expired: true },
      { getPassword, history, client: FAST_CLIENT },
    );
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { certkey: 'web', reason: 'vserver vs1 would be left without a server certificate; bind its replacement first.' },
        { certkey: 'inter', reason: expect.stringMatching(/^The certkey\(s\) web link to it/) },
        { certkey: 'sni-old', reason: expect.stringMatching(/^It is still bound to vs1/) },
      ]),
    );
    expect(r.outcome).toBe('unchanged');
    expect(s.snapshot()).toEqual(before);
    const named = await removeCertificates(await profileFor(s), { certkeys: ['sni-old'] }, { getPassword, history, client: FAST_CLIENT });
    expect(named.plan.map((x) => x.kind)).toEqual(['unbind-certkey', 'delete-certkey', 'delete-file', 'delete-file', 'save-config']);
    expect(named.outcome).toBe('succeeded');
    expect(s.snapshot().partitions[0]!.bindings).toEqual([{ vservername: 'vs1', certkeyname: 'web', snicert: false, ca: false }]);
  });

  it("also clears Fieldkit's intermediates that no certificate uses any more", async () => {
    const s = await applianceWithChain();
    const history = newHistory();
    const deps = { getPassword, history, client: FAST_CLIENT };
    // Expires before the renewal (120 days) that replaces it.
    const viaOtherInter = await issueCertificate(w.otherInter, {
      commonName: 'www.example.test',
      altNames: ['www.example.test'],
      validForDays: 60,
    });
    const v1 = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(viaOtherInter, [w.otherInter]),
      { vservers: [{ name: 'vs1' }] },
      deps,
    );
    const added = v1.plan!.steps.filter((x) => x.kind === 'add-certkey').map((x) => x.call.body as { sslcertkey: { certkey: string } });
    const otherInterCk = added.map((b) => b.sslcertkey.certkey).find((n) => n !== v1.certkey)!;
    const v2 = await pushToAppliance(
      { profile: await profileFor(s) },
      bundleOf(w.renewed, [w.inter]),
      { vservers: [{ name: 'vs1' }], preserve: false },
      deps,
    );
    expect(v2.outcome).toBe('succeeded');
    const r = await removeCertificates(await profileFor(s), { replaced: true }, deps);
    expect(r.removed).toEqual([v1.certkey, otherInterCk]);
    expect(certkeys(s)).toEqual(['fk-root', 'inter', 'inter-high', v2.certkey].sort());
  });

  it('rolls a failed removal back', async () => {
    const s = await applianceWithChain();
    seedCertkey(s, 'gone', expired, { withKey: true, linkTo: 'inter' });
    s.seed((st) => st.bind({ vservername: 'vs2', certkeyname: 'gone', snicert: true }));
    const before = s.snapshot();
    s.faults.fail(
      { method: 'DELETE', resource: 'systemfile', name: 'gone.pem' },
      { status: 599, errorcode: 1, message: 'Injected failure' },
    );
    const r = await removeCertificates(await profileFor(s), { certkeys: ['gone'] }, { getPassword, client: FAST_CLIENT });
    expect(r.outcome).toBe('rolled-back');
    expect(r.error).toMatchObject({ step: 'Delete file gone.pem' });
    expect(r.rollback!.restored).toEqual([
      'Uploaded the deleted file gone.crt again',
      'Added certkey gone back',
      'Linked certkey gone back to inter',
      'Rebound certkey gone to vserver vs2',
    ]);
    // Re-uploaded files carry a new modification time, as they would on an appliance; all else is as before.
    expect(withoutMtimes(s.snapshot())).toEqual(withoutMtimes(before));
  });
});
