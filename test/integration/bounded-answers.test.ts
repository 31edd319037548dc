import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { httpProbe, SNIPPET_BYTES } from '../../electron/services/network/http-probe.ts';
import { proxyConnect } from '../../electron/services/network/proxy-connect.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';
import { startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';

/**
 * What the diagnostics read from an endpoint or a proxy that never stops
 * talking: a few KiB, then the connection is closed, promptly.
 */
const servers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function endlessOrigin(): Promise<{ origin: LocalServer; caPem: string }> {
  const ca = await createRootCa({ commonName: 'Bounded Test Root' });
  const leaf = await issueCertificate(ca, { commonName: 'endless.fieldkit.test', altNames: ['127.0.0.1'] });
  const origin = await startHttpsOrigin({ chainPem: leaf.certPem, keyPem: leaf.keyPem, behaviour: { kind: 'endless' } });
  servers.push(origin);
  return { origin, caPem: ca.certPem };
}

/** A "proxy" that writes `head`, then `tail` over and over until the client hangs up. */
async function rawProxy(head: string, tail: string): Promise<{ port: number; open: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.once('data', () => {
      s.write(head);
      const pump = () => {
        while (!s.destroyed) if (!s.write(tail)) return;
      };
      s.on('drain', pump);
      pump();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const handle = {
    port: (server.address() as AddressInfo).port,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  servers.push(handle);
  return handle;
}

function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

describe('bounded answers in diagnostics', () => {
  it('the HTTP probe reads the first 4 KiB of an endless page, says it was cut, and closes the connection', async () => {
    const { origin, caPem } = await endlessOrigin();
    const socket = tlsConnect({ host: '127.0.0.1', port: origin.port, ca: caPem, servername: 'endless.fieldkit.test' });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    const t0 = Date.now();
    const outcome = await httpProbe(socket, 'endless.fieldkit.test', origin.port, 'fieldkit-test', 5_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(outcome).toMatchObject({ ok: true, value: { statusCode: 200, bodyTruncated: true } });
    if (!outcome.ok) throw new Error('unreachable');
    expect(outcome.value.bodySnippet).toHaveLength(SNIPPET_BYTES);
    expect(socket.destroyed).toBe(true);
  });

  it('CONNECT takes a refusal without reading its endless body, and hangs up', async () => {
    const proxy = await rawProxy('HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n\r\n', 'x'.repeat(64 * 1024));
    const t0 = Date.now();
    const outcome = await proxyConnect(await tcp(proxy.port), { host: 'example.test', port: 443, userAgent: 'fieldkit-test' }, 5_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(outcome).toMatchObject({ ok: true, value: { statusCode: 403 } });
    await expect.poll(() => proxy.open(), { timeout: 1_000 }).toBe(0);
  });

  it('CONNECT stops reading answer headers that never end, and says so', async () => {
    const proxy = await rawProxy('HTTP/1.1 407 Proxy Authentication Required\r\n', 'X-Padding: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n');
    const t0 = Date.now();
    const outcome = await proxyConnect(await tcp(proxy.port), { host: 'example.test', port: 443, userAgent: 'fieldkit-test' }, 5_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(outcome).toEqual({
      ok: false,
      status: 'failed',
      code: 'HPE_HEADER_OVERFLOW',
      message: "the proxy's answer headers go on past 16 KiB; Fieldkit stopped reading them",
    });
    await expect.poll(() => proxy.open(), { timeout: 1_000 }).toBe(0);
  });
});
