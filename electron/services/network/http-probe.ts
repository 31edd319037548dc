import { request } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { boundedPhase, type PhaseOutcome } from './bounded-phase.ts';

export interface HttpAnswer {
  statusCode: number;
  statusText: string;
  /** From sending the request to the first byte of the answer. */
  ttfbMs: number;
  headers: Record<string, string>;
  /** The first bytes of the body, to recognise a proxy's block page. */
  bodySnippet: string;
  /** The body went on past SNIPPET_BYTES: the rest was not read and the connection was closed. */
  bodyTruncated: boolean;
}

/** Enough to recognise a block page; the probe never reads more, however much the server sends. */
export const SNIPPET_BYTES = 4096;
const KEPT_HEADERS = ['server', 'via', 'content-type', 'location', 'proxy-status', 'x-squid-error'];

/**
 * One GET / over the TLS connection, to prove the service (not just the port)
 * answers. The Host header carries the port when it is not 443, as an
 * intercepting proxy rebuilds the URL from it.
 */
export function httpProbe(
  socket: TLSSocket,
  host: string,
  port: number,
  userAgent: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PhaseOutcome<HttpAnswer>> {
  return boundedPhase<HttpAnswer>(timeoutMs, signal, (settle) => {
    const hostHeader = port === 443 ? host : `${host}:${port}`;
    let sentAt = performance.now();
    let firstByteAt: number | undefined;
    socket.once('data', () => {
      firstByteAt ??= performance.now();
    });
    const req = request({
      method: 'GET',
      path: '/',
      headers: { Host: hostHeader, 'User-Agent': userAgent, Accept: '*/*', Connection: 'close' },
      // With createConnection and no agent, Node uses this socket as is (agent: false would open a new one).
      createConnection: () => socket,
    });
    req.once('response', (res) => {
      const at = firstByteAt ?? performance.now();
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const v = res.headers[name];
        if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(', ') : v;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        settle.ok({
          statusCode: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          ttfbMs: at - sentAt,
          headers,
          bodySnippet: Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8'),
          bodyTruncated: size > SNIPPET_BYTES,
        });
        req.destroy();
        socket.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < SNIPPET_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size > SNIPPET_BYTES) done();
      });
      res.once('end', done);
      res.once('error', done);
      res.once('close', done);
    });
    req.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      const code = err.code ?? 'HTTP_ERROR';
      settle.fail(code, code === 'ECONNRESET' ? 'the connection was closed before an HTTP answer came' : err.message);
    });
    req.end(() => {
      sentAt = performance.now();
    });
    return () => {
      req.destroy();
      socket.destroy();
    };
  });
}
