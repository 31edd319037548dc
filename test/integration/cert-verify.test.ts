import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ENV, registerCertCommand } from '../../electron/cli/commands/cert.ts';
import { VerifyReport } from '../../shared/schemas/certificate-verify.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { FAST_CLIENT, getPassword, profileFor, seedRenewalScenario, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { EXIT } from '../../electron/cli/cli-context.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

const { world: w, sim } = simulatorHarness();
let te: TestEngine;
let dir: string;

beforeAll(async () => {
  te = await startTestEngine();
  dir = mkdtempSync(join(tmpdir(), 'fk-verify-'));
});
afterAll(() => {
  te.close();
  rmSync(dir, { recursive: true, force: true });
});

async function applianceOf(s: NitroSimulator) {
  return { profile: await profileFor(s), password: getPassword() };
}

async function loadRenewed() {
  const files = { cert: join(dir, 'renewed.crt'), key: join(dir, 'renewed.key'), chain: join(dir, 'chain.pem') };
  writeFileSync(files.cert, w.renewed.certPem);
  writeFileSync(files.key, w.renewed.keyPem);
  writeFileSync(files.chain, w.inter.certPem + w.interHigh.certPem + w.root.certPem);
  return te.engine.certificates.loadBundle({
    files: { cert: { path: files.cert }, key: { path: files.key }, chain: { path: files.chain } },
  });
}

describe('verify: the certificate clients of a vserver get', () => {
  it('tells a mismatch before the renewal and a match after it, with SNI, and reads only over NITRO', async () => {
    const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }] }), w);
    const appliance = await applianceOf(s);
    const input = {
      appliance,
      vservers: ['vs1'],
      serverName: 'www.example.test',
      expectedFingerprint256: w.renewed.fingerprint256,
      ...FAST_CLIENT,
    };

    const before = await te.engine.certificates.verify(input);
    expect(VerifyReport.parse(before)).toEqual(before);
    expect(before.vservers[0]).toMatchObject({ vserver: 'vs1', status: 'mismatch', served: { fingerprint256: w.leaf.fingerprint256 } });
    expect(before.vservers[0]!.address).toMatch(/^127\.0\.0\.1:\d+$/);
    // The test root is not in this machine's trust: said, not hidden, and not a failure.
    expect(before.vservers[0]!.served!.trustedBySystem).toBe(false);
    expect(s.requests.filter((r) => r.method !== 'GET' && !/\/(login|logout)$/.test(r.path))).toEqual([]);

    const bundle = await loadRenewed();
    expect(bundle.report.ok).toBe(true);
    const pushed = await te.engine.certificates.push({
      bundleId: bundle.bundleId,
      appliances: [appliance],
      options: { vservers: [{ name: 'vs1' }], preserve: true, certkeyName: 'web' },
      ...FAST_CLIENT,
    });
    expect(pushed.succeeded).toHaveLength(1);

    const after = await te.engine.certificates.verify(input);
    expect(after.vservers[0]).toMatchObject({ status: 'match', served: { fingerprint256: w.renewed.fingerprint256 } });
    expect(after.expectedFingerprint256).toBe(w.renewed.fingerprint256);
  });

  it('without an expected fingerprint it only shows what is served', async () => {
    const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }] }), w);
    const r = await te.engine.certificates.verify({
      appliance: await applianceOf(s),
      vservers: ['vs1'],
      serverName: 'www.example.test',
      ...FAST_CLIENT,
    });
    expect(r.vservers[0]).toMatchObject({ status: 'shown', served: { fingerprint256: w.leaf.fingerprint256 } });
  });

  it('a missing vserver and one that presents nothing are each their own row, in words that say what to check', async () => {
    const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }, { name: 'bare' }] }), w);
    const r = await te.engine.certificates.verify({
      appliance: await applianceOf(s),
      vservers: ['nope', 'bare', 'vs1'],
      serverName: 'www.example.test',
      expectedFingerprint256: w.leaf.fingerprint256,
      ...FAST_CLIENT,
    });
    expect(r.vservers.map((v) => [v.vserver, v.status])).toEqual([
      ['nope', 'unreachable'],
      ['bare', 'unreachable'],
      ['vs1', 'match'],
    ]);
    expect(r.vservers[0]!.error!.message).toMatch(/nope/);
    expect(r.vservers[1]!.error).toMatchObject({ code: 'VSERVER_UNREACHABLE' });
    expect(r.vservers[1]!.error!.message).toMatch(/^bare at 127\.0\.0\.1:\d+: /);
  });

  it('the window channel takes a saved appliance by id and refuses a malformed host name', async () => {
    const res = await te.dispatcher.dispatch(
      'certVerify',
      { applianceId: 'adc-none', vservers: ['vs1'], serverName: 'not a host' },
      { emit: () => {} },
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('fieldkit cert verify', () => {
  const run = (argv: string[]) => runCli(registerCertCommand, argv, { [PASSWORD_ENV]: getPassword() }, te);

  it('exits 0 when each vserver presents the expected certificate, 1 when one does not, 2 for a bad fingerprint', async () => {
    const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }] }), w);
    const ca = join(dir, 'mgmt-ca.pem');
    writeFileSync(ca, w.mgmtCa.certPem);
    const base = [
      'cert',
      'verify',
      '--appliance',
      s.url,
      '--user',
      'nsroot',
      '--ca',
      ca,
      '--vserver',
      'vs1',
      '--servername',
      'www.example.test',
    ];

    const ok = await run([...base, '--expect', w.leaf.fingerprint256]);
    expect(ok.code).toBe(EXIT.OK);
    expect(ok.out.join('\n')).toMatch(/vs1 at 127\.0\.0\.1:\d+: presents the expected certificate/);

    const other = await run([...base, '--expect', w.renewed.fingerprint256, '--json']);
    expect(other.code).toBe(EXIT.FAILED);
    expect(VerifyReport.parse(JSON.parse(other.out[0]!)).vservers[0]!.status).toBe('mismatch');

    expect((await run([...base, '--expect', 'not-a-fingerprint'])).code).toBe(EXIT.USAGE);
  });
});
