import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApplianceCommand } from '../../electron/cli/commands/appliance.ts';
import { PASSWORD_ENV, registerCertCommand } from '../../electron/cli/commands/cert.ts';
import { CERT_PUSH_MIGRATIONS } from '../../electron/services/certificates/push-history.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { getPassword, seedCertkey, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { issueCertificate } from '../support/test-pki.ts';

/** A host without the app (a deploy hook, a monitoring check) saves its appliances from the command line. */

const { world: w, sim } = simulatorHarness();
let te: TestEngine;
let dir: string;
beforeAll(async () => {
  te = await startTestEngine({ vault: new MemoryVault('appliance-cli'), migrations: [CERT_PUSH_MIGRATIONS] });
  dir = mkdtempSync(join(tmpdir(), 'fk-appliance-cli-'));
  writeFileSync(join(dir, 'ca.pem'), w.mgmtCa.certPem);
});
afterAll(() => {
  te.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fieldkit appliance', () => {
  it('saves a profile with its password in the keychain, lists it, serves cert expiry, and removes it', async () => {
    const s = await sim({ name: 'adc-lab', vservers: [{ name: 'vs1' }] });
    seedCertkey(s, 'soon', await issueCertificate(w.inter, { commonName: 'soon.example.test', validForDays: 5 }), { withKey: true });
    const env = { [PASSWORD_ENV]: getPassword() };
    const save = await runCli(
      registerApplianceCommand,
      ['appliance', 'save', 'adc-lab', '--appliance', s.url, '--user', 'nsroot', '--ca', join(dir, 'ca.pem'), '--name', 'Lab ADC'],
      env,
      te,
    );
    expect(save.code).toBe(0);
    expect(save.out.join('\n')).toMatch(
      /^Saved appliance adc-lab \(127\.0\.0\.1:\d+\); password saved in the memory of this process only \(no keychain: it is gone when the command ends\)\.$/,
    );
    expect(save.out.join('\n')).not.toContain(getPassword());

    const list = await runCli(registerApplianceCommand, ['appliance', 'list'], {}, te);
    expect(list.out.join('\n')).toMatch(/^adc-lab {2}Lab ADC {2}127\.0\.0\.1:\d+ {2}user nsroot {2}CA {2}password saved$/m);

    // No password in the environment now: cert expiry uses the saved profile and its saved password.
    const expiry = await runCli(registerCertCommand, ['cert', 'expiry', '--within', '30'], {}, te);
    expect(expiry.code).toBe(1);
    expect(expiry.out.join('\n')).toMatch(/soon/);

    const bad = await runCli(
      registerApplianceCommand,
      ['appliance', 'save', 'has space', '--appliance', s.url, '--user', 'nsroot', '--ca', join(dir, 'ca.pem')],
      {},
      te,
    );
    expect(bad.code).toBe(2);
    expect((await runCli(registerApplianceCommand, ['appliance', 'remove', 'adc-lab'], {}, te)).code).toBe(0);
    expect((await runCli(registerApplianceCommand, ['appliance', 'remove', 'adc-lab'], {}, te)).code).toBe(2);
    expect((await runCli(registerApplianceCommand, ['appliance', 'list'], {}, te)).out).toEqual(['No appliance is saved.']);
  });
});
