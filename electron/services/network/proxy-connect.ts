import { request } from 'node:http';
import type { Socket } from 'node:net';
import { boundedPhase, type PhaseOutcome } from './bounded-phase.ts';

export interface ProxyConnectAnswer {
  statusCode: number;
  statusText: string;
  /** Every Proxy-Authenticate challenge offered (Basic, NTLM, Negotiate...). */
  proxyAuthenticate: string[];
  server?: string;
  via?: string;
  proxyStatus?: string;
  /** Squid's X-Squid-Error, the most precise reason a Squid gives. */
  proxyError?: string;
  /** The tunnel, when the proxy answered 2xx. */
  tunnel?: Socket;
}

export interface ProxyConnectOptions {
  host: string;
  port: number;
  /** A ready "Basic ..." value; built by the caller from the username and the password it was handed. */
  proxyAuthorization?: string;
  userAgent: string;
}

/** A proxy's real answer headers fit in a few hundred bytes; Node's own default, said out loud. */
const MAX_ANSWER_HEADER_BYTES = 16 * 1024;

function header(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Sends CONNECT over an open connection to the proxy and reports the proxy's
 * answer whatever it is. undici's ProxyAgent folds every non-200 answer into one
 * error and drops the headers; the status, Proxy-Authenticate and Server headers
 * are exactly what tells "needs auth" from "denied" from "cannot reach upstream".
 */
export function proxyConnect(
  socket: Socket,
  opts: ProxyConnectOptions,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PhaseOutcome<ProxyConnectAnswer>> {
  return boundedPhase<ProxyConnectAnswer>(timeoutMs, signal, (settle) => {
    const authority = `${opts.host}:${opts.port}`;
    const headers: Record<string, string> = { Host: authority, 'User-Agent': opts.userAgent, 'Proxy-Connection': 'Keep-Alive' };
    if (opts.proxyAuthorization) headers['Proxy-Authorization'] = opts.proxyAuthorization;
    // With createConnection and no agent, Node sends over this socket as is (agent: false would open a new one).
    // Only the status line and headers of the answer are read (a non-2xx body never is), and those at most MAX_ANSWER_HEADER_BYTES.
    const req = request({
      method: 'CONNECT',
      path: authority,
      headers,
      maxHeaderSize: MAX_ANSWER_HEADER_BYTES,
      createConnection: () => socket,
    });
    req.once('connect', (res, tunnel: Socket, head: Buffer) => {
      const status = res.statusCode ?? 0;
      const challenge = res.headers['proxy-authenticate'];
      const answer: ProxyConnectAnswer = {
        statusCode: status,
        statusText: res.statusMessage ?? '',
        proxyAuthenticate: challenge === undefined ? [] : Array.isArray(challenge) ? challenge : [challenge],
      };
      const server = header(res.headers.server);
      const via = header(res.headers.via);
      const proxyStatus = header(res.headers['proxy-status']);
      const proxyError = header(res.headers['x-squid-error']);
      if (server) answer.server = server;
      if (via) answer.via = via;
      if (proxyStatus) answer.proxyStatus = proxyStatus;
      if (proxyError) answer.proxyError = proxyError;
      if (status >= 200 && status < 300) {
        if (head.length > 0) tunnel.unshift(head);
        answer.tunnel = tunnel;
      } else {
        tunnel.destroy();
      }
      settle.ok(answer);
    });
    req.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      const code = err.code ?? 'PROXY_ERROR';
      const message =
        code === 'ECONNRESET'
          ? 'the proxy closed the connection without answering'
          : code === 'HPE_HEADER_OVERFLOW'
            ? `the proxy's answer headers go on past ${MAX_ANSWER_HEADER_BYTES / 1024} KiB; Fieldkit stopped reading them`
            : code.startsWith('HPE_')
              ? `the answer is not HTTP (${err.message})`
              : err.message;
      settle.fail(code, message);
    });
    req.end();
    return () => {
      req.destroy();
      socket.destroy();
    };
  });
}
