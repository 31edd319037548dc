import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../electron/cli/cli-context.ts';
import { registerNotifyCommand } from '../../electron/cli/commands/notify.ts';
import { registerSecretCommand } from '../../electron/cli/commands/secret.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { runCli } from '../support/cli-runner.ts';
import { fakeClock, startNotifyEngine } from '../support/notification-fixtures.ts';
import { startSlackReceiver, type SlackReceiver } from '../support/notification-receivers.ts';
import type { TestEngine } from '../support/test-engine.ts';

/**
 * Without a keychain a secret lives as long as the command: every message that
 * reports a saved secret says so, and the next command (a fresh process, a
 * fresh memory vault over the same data folder) is not promised otherwise.
 */
const MEMORY_WORDS = 'in the memory of this process only (no keychain: it is gone when the command ends)';

const register = (program: Command, ctx: CliContext) => {
  registerNotifyCommand(program, ctx);
  registerSecretCommand(program, ctx);
};

let slack: SlackReceiver;
let dataFolder: string;
let first: TestEngine | undefined;
let second: TestEngine;
const clock = fakeClock();

beforeAll(async () => {
  slack = await startSlackReceiver();
  dataFolder = mkdtempSync(join(tmpdir(), 'fieldkit-secret-words-'));
  first = await startNotifyEngine({ clock, dataFolder, vault: new MemoryVault('FIELDKIT_VAULT=memory') });
});
afterAll(async () => {
  first?.close();
  second?.close();
  await slack?.close();
  rmSync(dataFolder, { recursive: true, force: true });
});

describe('what the CLI says about a saved secret without a keychain', () => {
  it('notify add says the secret is kept in memory only', async () => {
    const added = await runCli(register, ['notify', 'add', 'slack', 'Ops Slack'], { FIELDKIT_NOTIFY_SECRET: slack.webhookUrl }, first!);
    expect(added.code).toBe(0);
    expect(added.out.join('\n')).toContain(`incoming webhook url saved ${MEMORY_WORDS}`);
  });

  it('secret status takes a channel or a profile by its name', async () => {
    const byName = await runCli(register, ['secret', 'status', 'notification-secret', 'Ops Slack'], {}, first!);
    expect(byName).toMatchObject({ code: 0, out: ['saved'] });
    const byLowerName = await runCli(register, ['secret', 'status', 'notification-secret', 'ops slack', '--json'], {}, first!);
    const channelId = (await first!.engine.notifications.channel('Ops Slack')).channel.id;
    expect(JSON.parse(byLowerName.out[0]!)).toMatchObject({ ref: { kind: 'notification-secret', profileId: channelId }, saved: true });

    await first!.engine.profiles.proxies.save(
      { id: 'proxy-acme', name: 'Acme proxy', type: 'explicit', host: 'proxy.acme.test', port: 3128, username: 'svc' },
      'pw-proxy-0001',
    );
    const proxy = await runCli(register, ['secret', 'status', 'proxy-password', 'Acme proxy', '--json'], {}, first!);
    expect(JSON.parse(proxy.out[0]!)).toMatchObject({ ref: { kind: 'proxy-password', profileId: 'proxy-acme' }, saved: true });
  });

  it('the next command finds no secret, and notify test uses FIELDKIT_NOTIFY_SECRET for its run, saying so', async () => {
    first?.close();
    first = undefined;
    second = await startNotifyEngine({ clock, dataFolder, vault: new MemoryVault('FIELDKIT_VAULT=memory') });
    const status = await runCli(register, ['secret', 'status', 'notification-secret', 'Ops Slack'], {}, second);
    expect(status).toMatchObject({ code: 1, out: ['not saved'] });

    const without = await runCli(register, ['notify', 'test', 'Ops Slack'], {}, second);
    expect(without.code).toBe(1);
    expect(without.err.join('\n')).toContain(
      `Set FIELDKIT_NOTIFY_SECRET for this run, or save it: printf '%s' "$SECRET" | fieldkit secret set notification-secret "Ops Slack".`,
    );
    expect(without.out.join('\n')).not.toMatch(/edit the channel/i);

    const before = slack.accepted.length;
    const withEnv = await runCli(register, ['notify', 'test', 'Ops Slack'], { FIELDKIT_NOTIFY_SECRET: slack.webhookUrl }, second);
    expect(withEnv.code).toBe(0);
    expect(withEnv.out[0]).toMatch(/^Ops Slack: sent\./);
    expect(withEnv.err.join('\n')).toContain('using FIELDKIT_NOTIFY_SECRET for this run only');
    expect(slack.accepted.length).toBe(before + 1);
    // Still not saved: the run's secret was used, not kept.
    expect((await runCli(register, ['secret', 'status', 'notification-secret', 'Ops Slack'], {}, second)).code).toBe(1);
  });
});
