import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerNotifyCommand } from '../../electron/cli/commands/notify.ts';
import { startSlackReceiver, startWebhookReceiver, type SlackReceiver, type WebhookReceiver } from '../support/notification-receivers.ts';
import { fakeClock, startNotifyEngine } from '../support/notification-fixtures.ts';
import { runCli } from '../support/cli-runner.ts';
import type { TestEngine } from '../support/test-engine.ts';

/** fieldkit notify: channels saved with their secret from the environment, "Send test" with the vendor's answer and exit code. */
let slack: SlackReceiver;
let hook: WebhookReceiver;
let t: TestEngine;

beforeAll(async () => {
  [slack, hook] = await Promise.all([startSlackReceiver(), startWebhookReceiver({ signatureHeader: 'X-Hub-Sig' })]);
  t = await startNotifyEngine({ clock: fakeClock() });
});
afterAll(async () => {
  t?.close();
  await Promise.all([slack?.close(), hook?.close()]);
});

const cli = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(registerNotifyCommand, argv, env, t);

describe('fieldkit notify', () => {
  it('adds channels with their secrets from the environment, lists them without the secrets, and sends a test', async () => {
    expect((await cli(['notify', 'add', 'slack', 'Ops'], { FIELDKIT_NOTIFY_SECRET: slack.webhookUrl })).code).toBe(0);
    const berlin = await t.engine.sites.save({ name: 'Berlin DC', region: 'commercial' });
    // A site by the name the user gave it, or by its id: both are kept as the id.
    const added = await cli(
      ['notify', 'add', 'webhook', 'Hook', '--signature-header', 'X-Hub-Sig', '--site', 'berlin dc', '--site', berlin.id],
      {
        FIELDKIT_NOTIFY_SECRET: hook.url,
        FIELDKIT_NOTIFY_SIGNING_KEY: hook.signingKey,
      },
    );
    expect(added.code).toBe(0);
    const list = await cli(['notify', 'channels']);
    expect(list.out).toEqual([
      'Ops (Slack)  on  CloudConnectStatus on  every site  incoming webhook url saved',
      'Hook (Signed webhook)  on  CloudConnectStatus on  sites Berlin DC  webhook url saved  signing key saved',
    ]);
    expect(
      (JSON.parse((await cli(['notify', 'channels', '--json'])).out[0]!) as Array<{ channel: { siteIds?: string[] } }>)[1]!.channel.siteIds,
    ).toEqual([berlin.id]);
    expect(JSON.stringify(list)).not.toContain(slack.webhookUrl);

    const test = await cli(['notify', 'test', 'hook']);
    expect(test).toMatchObject({ code: 0, out: ['Hook: sent. The webhook accepted the notification (HTTP 204).'] });
    expect(hook.accepted).toHaveLength(1);
  });

  it('exits 1 with the vendor’s answer when the test is refused', async () => {
    slack.failNext({ status: 410, body: 'channel_is_archived' });
    const r = await cli(['notify', 'test', 'Ops', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ ok: false, answer: expect.stringContaining('channel_is_archived') as unknown });
  });

  it('exits 2 for a kind it does not know, a channel without its secret, or one that is not there', async () => {
    expect((await cli(['notify', 'add', 'email', 'Mail'])).code).toBe(2);
    const noSecret = await cli(['notify', 'add', 'teams', 'NOC']);
    expect(noSecret.code).toBe(2);
    expect(noSecret.err.join('\n')).toMatch(/no saved webhook URL, routing key or password/);
    expect(
      (await cli(['notify', 'add', 'pagerduty', 'Pager', '--severity', 'loud'], { FIELDKIT_NOTIFY_SECRET: 'x'.repeat(32) })).code,
    ).toBe(2);
    expect((await cli(['notify', 'test', 'nobody'])).code).toBe(2);
    expect((await cli(['notify', 'remove', 'nobody'])).code).toBe(2);
  });

  it('refuses another vendor’s webhook URL for a kind in one line (exit 2), and warns about a host the vendor does not document', async () => {
    const r = await cli(['notify', 'add', 'teams', 'NOC'], { FIELDKIT_NOTIFY_SECRET: 'https://hooks.slack.com/services/T0/B0/XYZ' });
    expect(r).toMatchObject({ code: 2, out: [] });
    expect(r.err).toEqual([
      expect.stringMatching(/^fieldkit: This is a Slack webhook URL \(hooks\.slack\.com\), not a Microsoft Teams one/),
    ]);
    expect(JSON.stringify(r)).not.toContain('XYZ');

    const local = await cli(['notify', 'add', 'slack', 'Lab relay'], { FIELDKIT_NOTIFY_SECRET: slack.webhookUrl });
    expect(local.code).toBe(0);
    expect(local.err).toEqual([
      expect.stringMatching(/^fieldkit notify: warning: 127\.0\.0\.1 is not where Slack webhook URLs are documented/),
    ]);
    expect((await cli(['notify', 'remove', 'Lab relay'])).code).toBe(0);
  });

  it('refuses a site that does not exist in one line, exit 2', async () => {
    const r = await cli(['notify', 'add', 'slack', 'Lab', '--site', 'Nowhere DC'], { FIELDKIT_NOTIFY_SECRET: slack.webhookUrl });
    expect(r).toMatchObject({ code: 2, out: [] });
    expect(r.err).toEqual([expect.stringMatching(/^fieldkit: There is no site "Nowhere DC"\./)]);
  });

  it('turns a schema refusal of the engine input into INVALID_INPUT naming the field, never the validator dump', async () => {
    const refused = await t.engine.notifications
      .save({ channel: { kind: 'slack', name: 'Lab', enabled: true, cloudConnectStatus: true, siteIds: ['not a site id'] } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', field: 'channel.siteIds.0' });
    expect(String((refused as Error).message)).not.toContain('[');
  });

  it('removes a channel', async () => {
    expect((await cli(['notify', 'remove', 'Ops'])).out).toEqual(['Removed the channel "Ops".']);
    expect((await cli(['notify', 'channels', '--json'])).out[0]).not.toContain('"Ops"');
    expect((await cli(['notify', 'outbox'])).out).toEqual(['Nothing is waiting to be sent.']);
  });
});
