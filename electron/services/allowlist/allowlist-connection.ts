import type { Dispatcher } from 'undici';
import type { ProxyProfile } from '../../../shared/schemas/diagnostics.ts';
import { routeForProxyProfile } from '../diagnostics/probe-endpoint.ts';
import { createProxiedDispatcher } from '../network/proxied-dispatcher.ts';
import { buildTrustStore } from '../network/trust-store.ts';

export const ALLOWLIST_USER_AGENT = 'Fieldkit-AllowList/1';

/** What a fetch travels over: the same proxy profile, password and CA files Check Connectivity takes. */
export interface AllowlistConnectionOptions {
  proxy?: ProxyProfile | null;
  /** From the keychain or FIELDKIT_PROXY_PASSWORD; only ever put in the Proxy-Authorization header. */
  proxyPassword?: string;
  caFiles?: string[];
  /** PEM roots treated as public (labs and tests). */
  extraTrustAnchors?: string[];
  includeSystemTrust?: boolean;
  env?: NodeJS.ProcessEnv;
  connectTimeoutMs?: number;
  /** Sent to a proxy with CONNECT; the AllowList API's own unless another service uses this connection. */
  userAgent?: string;
}

export interface AllowlistConnection {
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export async function openAllowlistConnection(opts: AllowlistConnectionOptions = {}): Promise<AllowlistConnection> {
  const profile = opts.proxy ?? null;
  const trust = await buildTrustStore({
    ...(opts.caFiles ? { caFiles: opts.caFiles } : {}),
    ...(profile?.caCertificates ? { proxyCaPems: profile.caCertificates } : {}),
    ...(opts.extraTrustAnchors ? { extraAnchors: opts.extraTrustAnchors } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    includeSystem: opts.includeSystemTrust ?? true,
  });
  const dispatcher = createProxiedDispatcher({
    route: routeForProxyProfile(profile, opts.proxyPassword),
    trust,
    userAgent: opts.userAgent ?? ALLOWLIST_USER_AGENT,
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
  });
  return { dispatcher, close: () => dispatcher.close() };
}
