import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCertCommand, PASSWORD_ENV } from '../../electron/cli/commands/cert.ts';
import { removeCertificates } from '../../electron/services/certificates/certificate-removal.ts';
import { CERT_PUSH_MIGRATIONS, CertPushHistory } from '../../electron/services/certificates/push-history.ts';
import { openHistoryDb } from '../../electron/services/storage/history-db.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { FAST_CLIENT, getPassword, profileFor, seedCertkey, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { issueCertificate, type Issued } from '../support/test-pki.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a removal shows is what it does: the dry run's list, its count, the
 * button's count (the same field) and the certkeys deleted are one list; a
 * confirmed removal takes exactly that list or nothing. "Replaced" means a
 * later-expiring certificate of the same subject is on the appliance.
 */

const { world: w, sim } = simulatorHarness();
let expired: Issued;
let until2027: Issued;
let until2028: Issued;
let te: TestEngine;
let dir: string;
let caFile: string;
beforeAll(async () => {
  expired = await issueCertificate(w.inter, { commonName: 'old.example.test', validFromDays: -100, validForDays: 50 });
  until2027 = await issueCertificate(w.inter, { commonName: 'app.example.test', validForDays: 300 });
  until2028 = await issueCertificate(w.inter, { commonName: 'app.example.test', validForDays: 700 });
  te = await startTestEngine({ vault: new MemoryVault('test'), migrations: [CERT_PUSH_MIGRATIONS] });
  dir = mkdtempSync(join(tmpdir(), 'fk-removal-'));
  caFile = join(dir, 'mgmt-ca.pem');
  writeFileSync(caFile, w.mgmtCa.certPem);
});
afterAll(() => {
  te?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const newHistory = () => new CertPushHistory(openHistoryDb(':memory:', [CERT_PUSH_MIGRATIONS]).db);
const keyOf = (s: NitroSimulator) => ({ host: '127.0.0.1', port: Number(new URL(s.url).port), partition: 'default' });
const certkeysOn = (s: NitroSimulator) =>
  s
    .snapshot()
    .partitions[0]!.certkeys.map((c) => c.certkey)
    .sort();
const owned = (name: string, cert: Issued) => ({
  name,
  role: 'leaf' as const,
  certFile: `${name}.crt`,
  keyFile: `${name}.pem`,
  subject: `CN=${name}`,
  serialHex: cert.serialHex,
  notAfter: '',
});

/** Two old certkeys nothing uses, one that is a vserver's only server certificate. */
async function applianceWithOldCertkeys(): Promise<NitroSimulator> {
  const s = await sim({ vservers: [{ name: 'vs1' }, { name: 'vs2' }] });
  seedCertkey(s, 'old-a', expired, { withKey: true });
  seedCertkey(s, 'old-b', expired, { withKey: true, fileBase: 'old-b' });
  seedCertkey(s, 'in-use', w.leaf, { withKey: true });
  s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'in-use' }));
  return s;
}

describe('replaced', () => {
  it('means a later-expiring certkey of the same subject is there, whichever was pushed last', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCertkey(s, 'app-2028', until2028, { withKey: true });
    seedCertkey(s, 'app-2027', until2027, { withKey: true });
    const history = newHistory();
    // The 2028 certificate went first, the 2027 one after it: pushing order must not make 2028 "replaced".
    history.recordOwned(keyOf(s), [owned('app-2028', until2028)]);
    history.recordOwned(keyOf(s), [owned('app-2027', until2027)]);
    const deps = { getPassword, history, client: FAST_CLIENT };
    const dry = await removeCertificates(await profileFor(s), { replaced: true }, { ...deps, dryRun: true });
    expect(dry.certkeys).toEqual([{ certkey: 'app-2027', why: 'replaced by app-2028, which expires later' }]);
    const r = await removeCertificates(await profileFor(s), { replaced: true }, deps);
    expect(r.removed).toEqual(['app-2027']);
    expect(certkeysOn(s)).toEqual(['app-2028']);
  });

  it('is not said of a certkey whose only namesake expires earlier, nor of one still in use', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCertkey(s, 'app-2028', until2028, { withKey: true });
    seedCertkey(s, 'app-2027', until2027, { withKey: true });
    s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'app-2027' }));
    const history = newHistory();
    history.recordOwned(keyOf(s), [owned('app-2027', until2027)]);
    history.recordOwned(keyOf(s), [owned('app-2028', until2028)]);
    const r = await removeCertificates(await profileFor(s), { replaced: true }, { getPassword, history, client: FAST_CLIENT });
    expect(r.certkeys).toEqual([]);
    expect(r.skipped).toEqual([{ certkey: 'app-2027', reason: expect.stringMatching(/^It is still bound to vs1/) }]);
    expect(certkeysOn(s)).toEqual(['app-2027', 'app-2028']);
  });
});

describe('the dry run, the count and the deletions', () => {
  it('agree at engine level, and a confirmed removal takes exactly the dry run’s list', async () => {
    const s = await applianceWithOldCertkeys();
    const appliance = { profile: await profileFor(s), password: getPassword() };
    const options = { certkeys: ['old-a', 'old-b', 'in-use'] };
    const dry = await te.engine.certificates.remove({ appliance, options, dryRun: true, timeoutMs: 1_500 });
    const listed = dry.certkeys.map((c) => c.certkey);
    expect(listed).toEqual(['old-a', 'old-b']);
    expect(dry.plan.filter((x) => x.kind === 'delete-certkey').map((x) => x.label.split(' ')[2])).toEqual(listed);
    expect(dry.skipped.map((x) => x.certkey)).toEqual(['in-use']);
    expect(certkeysOn(s)).toEqual(['in-use', 'old-a', 'old-b']);

    const approved = { certkeys: listed, planDigest: dry.planDigest };
    const r = await te.engine.certificates.remove({ appliance, options, dryRun: false, approved, timeoutMs: 1_500 });
    expect(r).toMatchObject({ outcome: 'succeeded', removed: listed, certkeys: dry.certkeys });
    expect(certkeysOn(s)).toEqual(['in-use']);
  });

  it('removes nothing when the appliance changed after the dry run, and shows the new list', async () => {
    const s = await applianceWithOldCertkeys();
    const appliance = { profile: await profileFor(s), password: getPassword() };
    const options = { certkeys: ['old-a', 'old-b'] };
    const dry = await te.engine.certificates.remove({ appliance, options, dryRun: true, timeoutMs: 1_500 });
    expect(dry.certkeys.map((c) => c.certkey)).toEqual(['old-a', 'old-b']);
    // Someone binds old-b meanwhile: the removal would now unbind it too, which the dry run did not show.
    s.seed((st) => st.bind({ vservername: 'vs2', certkeyname: 'old-b', snicert: true }));
    const before = s.snapshot();
    const approved = { certkeys: dry.certkeys.map((c) => c.certkey), planDigest: dry.planDigest };
    const r = await te.engine.certificates.remove({ appliance, options, dryRun: false, approved, timeoutMs: 1_500 });
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({
      code: 'PLAN_CHANGED',
      message: expect.stringMatching(/changed since the dry run, so nothing was removed/),
    });
    expect(r.removed).toEqual([]);
    expect(r.plan.map((x) => x.kind)).toContain('unbind-certkey');
    expect(r.planDigest).not.toBe(dry.planDigest);
    expect(s.snapshot()).toEqual(before);
  });

  it('agree in the CLI’s text', async () => {
    const s = await applianceWithOldCertkeys();
    const a = ['cert', 'remove', '--appliance', s.url, '--user', 'nsroot', '--ca', caFile];
    const names = ['--certkey', 'old-a', '--certkey', 'old-b', '--certkey', 'in-use'];
    const env = { [PASSWORD_ENV]: getPassword() };
    const dry = await runCli(registerCertCommand, [...a, ...names, '--dry-run'], env, te);
    expect(dry.code).toBe(0);
    const dryText = dry.out.join('\n');
    expect(dryText).toMatch(/: would remove 2 certkey\(s\): old-a, old-b\n/);
    expect(dryText.match(/\. Delete certkey /g)).toHaveLength(2);
    expect(dryText).toMatch(/kept in-use: vserver vs1 would be left without a server certificate/);
    const digest = /--plan-digest ([0-9a-f]{16})\)$/m.exec(dryText)![1]!;
    // A plan that is no longer the dry run's removes nothing.
    const stale = await runCli(registerCertCommand, [...a, ...names, '--plan-digest', '0'.repeat(16)], env, te);
    expect(stale.code).toBe(1);
    expect(stale.out.join('\n')).toMatch(/failed; removed nothing .*\n[^]*changed since the dry run, so nothing was removed/);
    expect(certkeysOn(s)).toEqual(['in-use', 'old-a', 'old-b']);
    const r = await runCli(registerCertCommand, [...a, ...names, '--plan-digest', digest], env, te);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/: removed 2 certkey\(s\): old-a, old-b\n/);
    expect(certkeysOn(s)).toEqual(['in-use']);
  });
});
