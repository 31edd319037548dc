import type { Socket } from 'node:net';
import type {
  DnsFacts,
  HttpFacts,
  InterceptionFacts,
  PhaseName,
  PhaseTiming,
  PhaseTimeouts,
  ProxyConnectFacts,
  ProxyProfile,
  TcpFacts,
  TlsFacts,
} from '../../../shared/schemas/diagnostics.ts';
import type { PhaseOutcome } from '../network/bounded-phase.ts';
import { httpProbe, SNIPPET_BYTES } from '../network/http-probe.ts';
import { proxyConnect } from '../network/proxy-connect.ts';
import { resolveHost, type ResolverConfig } from '../network/resolve-host.ts';
import { tcpConnect } from '../network/tcp-connect.ts';
import { tlsHandshake } from '../network/tls-handshake.ts';
import type { TrustStore } from '../network/trust-store.ts';
import { TLS_ERROR_WORDS } from './tls-error-words.ts';
import { describeCertificate } from './describe-certificate.ts';
import { detectInterception } from './detect-interception.ts';
import { matchInterceptionProduct } from './interception-products.ts';

export type ProbeRoute =
  | { kind: 'direct' }
  | {
      kind: 'explicit-proxy';
      host: string;
      port: number;
      username?: string;
      /** Handed in by the caller (keychain or FIELDKIT_PROXY_PASSWORD); only ever put in the Proxy-Authorization header. */
      password?: string;
    };

/** How a proxy profile is travelled: CONNECT through an explicit proxy, or direct when the path intercepts by itself (its CA is in the trust). */
export function routeForProxyProfile(profile: ProxyProfile | null | undefined, password: string | undefined): ProbeRoute {
  if (!profile || profile.type === 'transparent-ssl-intercepting') return { kind: 'direct' };
  return {
    kind: 'explicit-proxy',
    host: profile.host,
    port: profile.port,
    ...(profile.username ? { username: profile.username } : {}),
    ...(profile.username && password !== undefined ? { password } : {}),
  };
}

export interface ProbeEnvironment {
  trust: TrustStore;
  resolver: ResolverConfig;
  timeouts: PhaseTimeouts;
  userAgent: string;
  /** Fingerprints of the proxy profile's CAs, to say "this is your proxy's CA". */
  proxyCaFingerprints: ReadonlySet<string>;
  signal?: AbortSignal;
}

export interface ProbeStop {
  phase: PhaseName;
  status: 'failed' | 'timeout' | 'aborted';
  code: string;
  message: string;
}

/** Everything measured for one host:port, before any judgement. */
export interface ProbeRecord {
  host: string;
  port: number;
  route: 'direct' | 'explicit-proxy';
  proxyLabel?: string;
  username?: string;
  authSent: boolean;
  phases: PhaseTiming[];
  dns?: DnsFacts;
  tcp?: TcpFacts;
  proxyConnect?: ProxyConnectFacts;
  tls?: TlsFacts;
  http?: HttpFacts;
  /** Where and why the probe stopped; absent when every phase succeeded. */
  stop?: ProbeStop;
  startedAt: string;
  totalMs: number;
}

const BLOCK_PAGE_WORDS = /access (is )?denied|request (was )?(denied|blocked)|\bblocked\b|not allowed|web ?filter|acceptable use|policy/i;

/**
 * Says whether an HTTP answer was written by a proxy (its block or error page)
 * rather than by the service, with the evidence. A block page served inside an
 * intercepted session is the proxy refusing the destination, not an inspection.
 */
function proxyGeneratedEvidence(
  statusCode: number,
  headers: Record<string, string>,
  body: string,
  intercepted: boolean,
): string | undefined {
  if (headers['x-squid-error']) return `X-Squid-Error: ${headers['x-squid-error']}`;
  if (headers['proxy-status']) return `Proxy-Status: ${headers['proxy-status']}`;
  if (statusCode >= 400) {
    const named = matchInterceptionProduct([headers.server ?? '', headers.via ?? '']);
    if (named) return `answered by ${named} (Server/Via header)`;
    if (intercepted && (statusCode === 403 || statusCode === 451) && BLOCK_PAGE_WORDS.test(body))
      return `a ${statusCode} block page inside the intercepted session`;
  }
  return undefined;
}

/**
 * The handshake completed but the certificate did not verify: the TLS phase
 * failed, whatever happens after it. The HTTP step still runs (it can only
 * show who answered, such as a proxy's block page), so the phase is marked
 * here rather than stopping the probe.
 */
function markUnverified(record: ProbeRecord, interception: InterceptionFacts): void {
  const phase = record.phases.findLast((p) => p.phase === 'tls');
  if (!phase) return;
  const code = record.tls?.authorizationError ?? 'CERT_NOT_VERIFIED';
  const why = interception.detected ? interception.reason : (TLS_ERROR_WORDS[code] ?? code);
  phase.status = 'failed';
  phase.error = { code, message: `the certificate was not verified: ${why}` };
}

export async function probeEndpoint(host: string, port: number, route: ProbeRoute, env: ProbeEnvironment): Promise<ProbeRecord> {
  const t0 = performance.now();
  const record: ProbeRecord = {
    host,
    port,
    route: route.kind,
    authSent: false,
    phases: [],
    startedAt: new Date().toISOString(),
    totalMs: 0,
  };
  if (route.kind === 'explicit-proxy') {
    record.proxyLabel = `${route.host}:${route.port}`;
    if (route.username) record.username = route.username;
  }
  const sockets: Socket[] = [];

  /** Records a phase; returns its value, or undefined after marking where the probe stopped. */
  const step = async <T>(phase: PhaseName, target: string, run: () => Promise<PhaseOutcome<T>>): Promise<T | undefined> => {
    const start = performance.now();
    const outcome = await run();
    const timing: PhaseTiming = {
      phase,
      status: outcome.ok ? 'ok' : outcome.status,
      startMs: start - t0,
      durationMs: performance.now() - start,
      target,
    };
    if (!outcome.ok) {
      timing.error = { code: outcome.code, message: outcome.message };
      record.stop = { phase, status: outcome.status, code: outcome.code, message: outcome.message };
    }
    record.phases.push(timing);
    return outcome.ok ? outcome.value : undefined;
  };

  try {
    const viaProxy = route.kind === 'explicit-proxy';
    const connectHost = viaProxy ? route.host : host;
    const connectPort = viaProxy ? route.port : port;

    const resolved = await step('dns', connectHost, () => resolveHost(connectHost, env.resolver, env.timeouts.dnsMs, env.signal));
    if (!resolved) return record;
    record.dns = { host: connectHost, for: viaProxy ? 'proxy' : 'destination', source: resolved.source, addresses: resolved.addresses };
    if (resolved.servers) record.dns.servers = resolved.servers;

    const address = resolved.addresses[0]!;
    let socket = await step('tcp', `${address}:${connectPort}`, () => tcpConnect(address, connectPort, env.timeouts.connectMs, env.signal));
    if (!socket) return record;
    sockets.push(socket);
    record.tcp = { for: viaProxy ? 'proxy' : 'destination', address, port: connectPort };
    if (socket.localAddress) record.tcp.localAddress = socket.localAddress;

    if (viaProxy) {
      const authorization =
        route.username && route.password !== undefined
          ? `Basic ${Buffer.from(`${route.username}:${route.password}`).toString('base64')}`
          : undefined;
      record.authSent = authorization !== undefined;
      const open = socket;
      const answer = await step('proxy-connect', `CONNECT ${host}:${port} via ${record.proxyLabel}`, () =>
        proxyConnect(
          open,
          { host, port, userAgent: env.userAgent, ...(authorization ? { proxyAuthorization: authorization } : {}) },
          env.timeouts.proxyConnectMs,
          env.signal,
        ),
      );
      record.proxyConnect = { request: `CONNECT ${host}:${port}`, authSent: record.authSent };
      if (!answer) return record;
      const facts = record.proxyConnect;
      facts.statusCode = answer.statusCode;
      facts.statusText = answer.statusText;
      if (answer.proxyAuthenticate.length) facts.proxyAuthenticate = answer.proxyAuthenticate;
      if (answer.server) facts.server = answer.server;
      if (answer.via) facts.via = answer.via;
      if (answer.proxyStatus) facts.proxyStatus = answer.proxyStatus;
      if (answer.proxyError) facts.proxyError = answer.proxyError;
      if (!answer.tunnel) {
        const last = record.phases[record.phases.length - 1]!;
        last.status = 'failed';
        last.error = { code: `HTTP_${answer.statusCode}`, message: `the proxy answered ${answer.statusCode} ${answer.statusText}`.trim() };
        record.stop = { phase: 'proxy-connect', status: 'failed', ...last.error };
        return record;
      }
      socket = answer.tunnel;
      sockets.push(socket);
    }

    const tunnel = socket;
    const session = await step('tls', host, () => tlsHandshake(tunnel, host, env.trust.secureContext(), env.timeouts.tlsMs, env.signal));
    if (!session) return record;
    sockets.push(session.socket);
    const now = Date.now();
    const anchor = env.trust.findAnchor(session.chain);
    const interception = detectInterception(session.chain, anchor, env.trust, env.proxyCaFingerprints);
    record.tls = {
      servername: host,
      authorized: session.authorized,
      chain: session.chain.map((c) => describeCertificate(c, env.trust, now)),
      interception,
    };
    if (session.protocol) record.tls.protocol = session.protocol;
    if (session.cipher) record.tls.cipher = session.cipher;
    if (session.alpn) record.tls.alpn = session.alpn;
    if (session.authorizationError) record.tls.authorizationError = session.authorizationError;
    if (!session.authorized) markUnverified(record, interception);
    if (anchor)
      record.tls.anchor = {
        subject: anchor.cert.subject.split('\n').join(', '),
        fingerprint256: anchor.fingerprint256,
        sources: [...anchor.sources],
        public: anchor.public,
      };

    const hostHeader = port === 443 ? host : `${host}:${port}`;
    const answer = await step('http', `GET https://${hostHeader}/`, () =>
      httpProbe(session.socket, host, port, env.userAgent, env.timeouts.httpMs, env.signal),
    );
    record.http = { request: `GET https://${hostHeader}/` };
    if (!answer) return record;
    const h = record.http;
    h.statusCode = answer.statusCode;
    h.statusText = answer.statusText;
    h.ttfbMs = answer.ttfbMs;
    if (answer.headers.server) h.server = answer.headers.server;
    if (answer.headers.via) h.via = answer.headers.via;
    if (answer.headers['content-type']) h.contentType = answer.headers['content-type'];
    if (answer.headers.location) h.location = answer.headers.location;
    if (answer.headers['proxy-status']) h.proxyStatus = answer.headers['proxy-status'];
    if (answer.headers['x-squid-error']) h.proxyError = answer.headers['x-squid-error'];
    if (answer.bodyTruncated) h.bodyNote = `The answer was longer than ${SNIPPET_BYTES / 1024} KiB; only its start was read.`;
    const evidence = proxyGeneratedEvidence(answer.statusCode, answer.headers, answer.bodySnippet, interception.detected);
    if (evidence) h.proxyGenerated = evidence;
    return record;
  } finally {
    for (const s of sockets) s.destroy();
    record.totalMs = performance.now() - t0;
  }
}
