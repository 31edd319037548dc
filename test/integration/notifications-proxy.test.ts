import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBasicAuthProxy, type BasicAuthProxy } from '../support/basic-auth-proxy.ts';
import { startSlackReceiver, type SlackReceiver } from '../support/notification-receivers.ts';
import { fakeClock, startNotifyEngine, statusNotification } from '../support/notification-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';

/** A channel's requests go through its saved proxy profile, with Basic auth, and TLS is still verified end to end. */
const PROXY_USER = 'notifier';
const PROXY_PASSWORD = 'Proxy-Pw-4Lk9';

let slack: SlackReceiver;
let proxy: BasicAuthProxy;
let t: TestEngine;

beforeAll(async () => {
  [slack, proxy] = await Promise.all([startSlackReceiver(), startBasicAuthProxy(PROXY_USER, PROXY_PASSWORD)]);
  t = await startNotifyEngine({ clock: fakeClock() });
});
afterAll(async () => {
  t?.close();
  await Promise.all([slack?.close(), proxy?.close()]);
});

describe('a channel behind a proxy', () => {
  it('sends through the saved proxy profile with its password, and says so when the proxy refuses', async () => {
    const { engine } = t;
    await engine.profiles.proxies.save(
      { id: 'corp', type: 'explicit', host: '127.0.0.1', port: proxy.port, username: PROXY_USER },
      PROXY_PASSWORD,
    );
    await engine.notifications.save({
      channel: { kind: 'slack', name: 'Via proxy', enabled: true, cloudConnectStatus: true, proxyProfileId: 'corp' },
      secret: slack.webhookUrl,
    });
    expect(await engine.notifications.test('Via proxy')).toMatchObject({ ok: true, answer: 'Slack accepted the message.' });
    expect(proxy.tunnels).toEqual([new URL(slack.webhookUrl).host]);

    await engine.profiles.proxies.save(
      { id: 'corp', type: 'explicit', host: '127.0.0.1', port: proxy.port, username: PROXY_USER },
      'wrong-password',
    );
    await engine.notifications.enqueue(statusNotification('problem', { at: new Date().toISOString() }));
    expect(await engine.notifications.deliverDue()).toEqual({ sent: 0, failed: 1, givenUp: 0 });
    const [row] = await engine.notifications.outbox();
    expect(row!.lastError).toMatch(/^The proxy 127\.0\.0\.1:\d+ rejected the credentials for user notifier/);
    expect(row!.lastError).not.toContain('wrong-password');
    expect(proxy.tunnels).toHaveLength(1);
  });
});
