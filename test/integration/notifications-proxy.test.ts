import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackReceiver, type SlackReceiver } from '../support/notification-receivers.ts';
import { fakeClock, startNotifyEngine, statusNotification } from '../support/notification-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';

/** A channel's requests go through its saved proxy profile, with Basic auth, and TLS is still verified end to end. */
const PROXY_USER = 'notifier';
const PROXY_PASSWORD = 'Proxy-Pw-4Lk9';

let slack: SlackReceiver;
let proxy: { port: number; tunnels: string[]; close: () => Promise<void> };
let t: TestEngine;

/** A CONNECT proxy that wants Basic auth and tunnels to 127.0.0.1 only, recording each tunnel. */
async function startTunnelProxy(): Promise<typeof proxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket) => {
    sockets.add(client);
    const expected = `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`;
    if (req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    tunnels.push(req.url ?? '');
    const upstream = connect(Number(port), host === '127.0.0.1' ? host : '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    tunnels,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

beforeAll(async () => {
  [slack, proxy] = await Promise.all([startSlackReceiver(), startTunnelProxy()]);
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
