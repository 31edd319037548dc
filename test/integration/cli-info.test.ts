import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerInfoCommand } from '../../electron/cli/commands/info.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/** fieldkit info says once, plainly, whether secrets outlive the command, and whether that was the user's choice. */
let chosen: TestEngine;
let missing: TestEngine;
beforeAll(async () => {
  chosen = await startTestEngine({
    vault: new MemoryVault('Secrets are kept in memory for this session only, as configured (FIELDKIT_VAULT=memory).'),
  });
  missing = await startTestEngine({ vault: new MemoryVault('No Secret Service answered on D-Bus; install and unlock gnome-keyring.') });
});
afterAll(() => {
  chosen?.close();
  missing?.close();
});

const info = (te: TestEngine, env: NodeJS.ProcessEnv) => runCli((p, ctx) => registerInfoCommand(p, ctx, () => '9.9.9'), ['info'], env, te);

describe('fieldkit info: the keychain line', () => {
  it('says the keychain is not used by choice with FIELDKIT_VAULT=memory, once', async () => {
    const r = await info(chosen, { FIELDKIT_VAULT: 'memory' });
    const line = r.out.find((l) => l.startsWith('Keychain:'))!;
    expect(line).toBe('Keychain: not used, as chosen (FIELDKIT_VAULT=memory); secrets are kept in memory and gone when the command ends.');
    expect(line).not.toMatch(/not available/);
  });

  it('says the keychain is not available, and why, when none answered', async () => {
    const r = await info(missing, {});
    const line = r.out.find((l) => l.startsWith('Keychain:'))!;
    expect(line).toMatch(/^Keychain: not available; secrets are kept in memory and gone when the command ends\. Why: No Secret Service/);
    expect(line.match(/in memory/g)).toHaveLength(1);
  });
});
