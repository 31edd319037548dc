import { Agent, buildConnector } from 'undici';
import type { ProbeRoute } from '../diagnostics/probe-endpoint.ts';
import { proxyConnect } from './proxy-connect.ts';
import { tcpConnect } from './tcp-connect.ts';
import type { TrustStore } from './trust-store.ts';

/**
 * An undici dispatcher for HTTPS requests to public services (the AllowList
 * API), over the same route and the same trust as Check Connectivity: direct,
 * or through an explicit proxy with CONNECT sent by the probe's own
 * proxyConnect, so a refusal keeps its status, challenge and X-Squid-Error.
 * Verification is enforced, host name included.
 */
export interface ProxiedDispatcherOptions {
  route: ProbeRoute;
  trust: TrustStore;
  userAgent: string;
  connectTimeoutMs?: number;
  proxyConnectTimeoutMs?: number;
}

/** Why a connection could not be opened, with the facts a message needs; carried through undici to the caller. */
export interface ConnectionFacts {
  host: string;
  port: number;
  proxyLabel?: string;
  username?: string;
  authSent?: boolean;
  statusCode?: number;
  statusText?: string;
  proxyAuthenticate?: string[];
  proxyError?: string;
}

/** Why a connection through the proxy could not be opened, with the facts a message needs; carried through undici to the caller. */
export class ConnectionFailure extends Error {
  readonly phase: 'proxy-tcp' | 'proxy-connect';
  readonly detailCode: string;
  readonly facts: ConnectionFacts;

  constructor(phase: ConnectionFailure['phase'], detailCode: string, message: string, facts: ConnectionFacts) {
    super(message);
    this.name = 'ConnectionFailure';
    this.phase = phase;
    this.detailCode = detailCode;
    this.facts = facts;
  }
}

export function createProxiedDispatcher(opts: ProxiedDispatcherOptions): Agent {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const tlsConnector = buildConnector({ secureContext: opts.trust.secureContext(), rejectUnauthorized: true, timeout: connectTimeoutMs });
  const route = opts.route;
  if (route.kind === 'direct') return new Agent({ connect: tlsConnector });

  const proxyLabel = `${route.host}:${route.port}`;
  const authorization =
    route.username && route.password !== undefined
      ? `Basic ${Buffer.from(`${route.username}:${route.password}`).toString('base64')}`
      : undefined;
  const viaProxy: buildConnector.connector = (options, callback) => {
    const host = options.hostname;
    const port = Number(options.port) || 443;
    void (async () => {
      const tcp = await tcpConnect(route.host, route.port, connectTimeoutMs);
      if (!tcp.ok) throw new ConnectionFailure('proxy-tcp', tcp.code, tcp.message, { host, port, proxyLabel });
      const answer = await proxyConnect(
        tcp.value,
        { host, port, userAgent: opts.userAgent, ...(authorization ? { proxyAuthorization: authorization } : {}) },
        opts.proxyConnectTimeoutMs ?? connectTimeoutMs,
      );
      if (!answer.ok) throw new ConnectionFailure('proxy-connect', answer.code, answer.message, { host, port, proxyLabel });
      const facts = {
        host,
        port,
        proxyLabel,
        ...(route.username ? { username: route.username } : {}),
        authSent: authorization !== undefined,
        statusCode: answer.value.statusCode,
        statusText: answer.value.statusText,
        proxyAuthenticate: answer.value.proxyAuthenticate,
        ...(answer.value.proxyError ? { proxyError: answer.value.proxyError } : {}),
      };
      if (!answer.value.tunnel) {
        throw new ConnectionFailure(
          'proxy-connect',
          `HTTP_${facts.statusCode}`,
          `the proxy answered ${facts.statusCode} ${facts.statusText}`.trim(),
          facts,
        );
      }
      tlsConnector({ ...options, httpSocket: answer.value.tunnel }, callback);
    })().catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null));
  };
  return new Agent({ connect: viaProxy });
}
