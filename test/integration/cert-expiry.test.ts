import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD_ENV, registerCertCommand } from '../../electron/cli/commands/cert.ts';
import { CERT_PUSH_MIGRATIONS } from '../../electron/services/certificates/push-history.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { FleetExpiry } from '../../shared/schemas/certificate-expiry.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { getPassword, profileFor, seedCertkey, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { issueCertificate, type Issued } from '../support/test-pki.ts';

/**
 * Expiry across the saved appliances: every certkey soonest first with where
 * it lives and where it is bound, an appliance that cannot be read as its own
 * row, through the engine, the channel and the CLI (exit 1 when anything is
 * due or unread).
 */

const { world: w, sim } = simulatorHarness();
let expired: Issued;
let in10: Issued;
let in200: Issued;
let te: TestEngine | undefined;
beforeAll(async () => {
  expired = await issueCertificate(w.inter, { commonName: 'old.example.test', validFromDays: -100, validForDays: 50 });
  in10 = await issueCertificate(w.inter, { commonName: 'soon.example.test', validForDays: 10 });
  in200 = await issueCertificate(w.inter, { commonName: 'later.example.test', validForDays: 200 });
});
afterEach(() => {
  te?.close();
  te = undefined;
});

async function engineWith(appliances: Array<{ id: string; name: string; sim: NitroSimulator; partition?: string }>): Promise<TestEngine> {
  te = await startTestEngine({ vault: new MemoryVault('expiry'), migrations: [CERT_PUSH_MIGRATIONS] });
  for (const a of appliances)
    await te.engine.profiles.appliances.save(
      (await profileFor(a.sim, { id: a.id, name: a.name, ...(a.partition ? { partition: a.partition } : {}) })) as never,
      getPassword(),
    );
  return te;
}

/** Two reachable appliances (one with a partition) and one that stopped answering. */
async function fleet(): Promise<TestEngine> {
  const a = await sim({ name: 'adc-a', vservers: [{ name: 'vs1' }] });
  seedCertkey(a, 'soon', in10, { withKey: true });
  seedCertkey(a, 'later', in200, { withKey: true });
  a.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'soon' }));
  const b = await sim({ name: 'adc-b', partitions: ['p1'], vservers: [{ name: 'vs9', partition: 'p1' }] });
  seedCertkey(b, 'old', expired, { withKey: true, partition: 'p1' });
  b.seed((st) => st.bind({ vservername: 'vs9', certkeyname: 'old', snicert: true }, 'p1'));
  const gone = await sim({ name: 'adc-gone' });
  const t = await engineWith([
    { id: 'adc-a', name: 'adc-a', sim: a },
    { id: 'adc-b', name: 'adc-b', sim: b, partition: 'p1' },
    { id: 'adc-gone', name: 'adc-gone', sim: gone },
  ]);
  await gone.close();
  return t;
}

describe('fleet expiry', () => {
  it('lists every saved appliance’s certkeys soonest first, with the unreadable appliance as its own row', async () => {
    const t = await fleet();
    const r = await t.engine.certificates.expiry({ within: 30, timeoutMs: 1_500 });
    expect(FleetExpiry.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(
      r.rows.map((x) => (x.kind === 'error' ? `error ${x.applianceId}` : `${x.applianceId}/${x.partition}/${x.certkey} ${x.state}`)),
    ).toEqual(['error adc-gone', 'adc-b/p1/old expired', 'adc-a/default/soon expiring', 'adc-a/default/later valid']);
    expect(r.rows[0]).toMatchObject({ kind: 'error', appliance: expect.stringContaining('adc-gone'), error: { code: expect.any(String) } });
    expect(r.rows[1]).toMatchObject({ boundTo: [{ vserver: 'vs9', sni: true }], commonName: 'old.example.test' });
    expect(r.rows[2]).toMatchObject({ boundTo: [{ vserver: 'vs1', sni: false }], daysLeft: expect.any(Number) });
    expect(r).toMatchObject({ within: 30, due: 2, appliances: { asked: 3, read: 2, failed: 1 } });
    // A wider window makes the 200-day certificate due too.
    expect((await t.engine.certificates.expiry({ within: 365, appliances: [{ profileId: 'adc-a' }], timeoutMs: 1_500 })).due).toBe(2);
  });

  it('answers through its channel', async () => {
    const t = await fleet();
    const r = await t.dispatcher.dispatch('certExpiry', { within: 5, applianceIds: ['adc-a', 'adc-none'] }, { emit: () => {} });
    expect(r.ok).toBe(true);
    const value = (r as { value: FleetExpiry }).value;
    expect(value.rows.map((x) => x.kind)).toEqual(['error', 'certkey', 'certkey']);
    expect(value.rows[0]).toMatchObject({ applianceId: 'adc-none', error: { code: 'PROFILE_NOT_FOUND' } });
    expect(value.due).toBe(0);
  });

  it('cert expiry: exit 1 and the due rows when anything is due or unread, exit 0 when all is clear', async () => {
    const t = await fleet();
    const due = await runCli(registerCertCommand, ['cert', 'expiry', '--timeout', '2'], {}, t);
    expect(due.code).toBe(1);
    const text = due.out.join('\n');
    expect(text).toMatch(/^NOT READ {2}adc-gone/m);
    expect(text).toMatch(/^EXPIRED +-\d+ days +\d{4}-\d\d-\d\d +adc-b .*\[p1\] +old +vs9 \(SNI\)$/m);
    expect(text).toMatch(/^DUE +\d+ days .* soon +vs1$/m);
    expect(text).not.toMatch(/later/);
    expect(text).toMatch(/2 of 3 certkey\(s\) on 2 appliance\(s\) expired or expire within 30 days; 1 appliance\(s\) could not be read\.$/);

    const clear = await runCli(registerCertCommand, ['cert', 'expiry', '--within', '5', '--appliance-id', 'adc-a', '--json'], {}, t);
    expect(clear.code).toBe(0);
    expect(FleetExpiry.parse(JSON.parse(clear.out.join('')))).toMatchObject({ due: 0, rows: [{ certkey: 'soon' }, { certkey: 'later' }] });

    const bad = await runCli(registerCertCommand, ['cert', 'expiry', '--within', 'soon'], {}, t);
    expect(bad.code).toBe(2);
  });

  it('cert expiry reads appliances given on the command line (a monitoring host without the app), and exits 2 with nothing to read', async () => {
    const a = await sim({ name: 'adc-a', vservers: [{ name: 'vs1' }] });
    seedCertkey(a, 'soon', in10, { withKey: true });
    const t = await engineWith([]);
    const ca = join(mkdtempSync(join(tmpdir(), 'fk-expiry-')), 'ca.pem');
    writeFileSync(ca, w.mgmtCa.certPem);
    const env = { [PASSWORD_ENV]: getPassword() };
    const given = await runCli(registerCertCommand, ['cert', 'expiry', '--appliance', a.url, '--user', 'nsroot', '--ca', ca], env, t);
    expect(given.code).toBe(1);
    expect(given.out.join('\n')).toMatch(/^DUE +\d+ days .* soon/m);
    const nothing = await runCli(registerCertCommand, ['cert', 'expiry'], env, t);
    expect(nothing.code).toBe(2);
    expect(nothing.err.join('\n')).toMatch(/No appliance to read: none is saved and none was given/);
    const unknown = await runCli(registerCertCommand, ['cert', 'expiry', '--appliance-id', 'nosuch'], env, t);
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/No saved appliance nosuch/);
  });
});
