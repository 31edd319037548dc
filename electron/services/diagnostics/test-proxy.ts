import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { DEFAULT_REGION } from '../../../shared/regions.ts';
import { ProxyProfile, type EndpointResult, type ProxyTestResult } from '../../../shared/schemas/diagnostics.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import { networkUnreachableHint } from '../../../shared/network-actions.ts';
import { schemaError } from './diagnose-request.ts';
import { networkUnreachable } from './run-summary.ts';
import { loadEndpointCatalog } from './endpoint-catalog.ts';
import { checkEndpoint, type DiagnosticsEngineOptions } from './run-diagnostics.ts';

/** After the real failure: when nothing could be resolved or routed to, the network is missing here, not the proxy broken. */
function offlineWords(result: EndpointResult): string {
  if (!networkUnreachable([result])) return '';
  return ` ${networkUnreachableHint('proxyTest', result.failure?.code === 'tcp_unreachable' ? 'route' : result.failure?.code === 'dns_not_found' ? 'unknown-name' : 'dns')}`;
}

/**
 * The profile form's "Test proxy": one real CONNECT through the proxy to the
 * region's trust service, reporting whether the proxy answers, whether it wants
 * (and accepts) credentials, who it says it is, and whether it inspects TLS.
 */
export async function testProxy(
  profileInput: unknown,
  options: DiagnosticsEngineOptions & { region?: Region } = {},
): Promise<ProxyTestResult> {
  const parsed = ProxyProfile.safeParse(profileInput);
  if (!parsed.success) throw schemaError(parsed.error, 'proxy');
  const profile = parsed.data;
  const region = options.region ?? DEFAULT_REGION;
  const catalog = options.catalog ?? loadEndpointCatalog();
  const target =
    catalog.endpoints.find((e) => e.region === region && e.group === 'trust-service' && e.probe.kind === 'exact') ??
    catalog.endpoints.find((e) => e.region === region);
  if (!target) throw new FieldkitError('DIAG_INVALID_REGION', `The endpoint catalog has no endpoint for ${region}.`, { field: 'region' });
  const { results } = await checkEndpoint({ region, proxy: profile }, target.id, options);
  const result = results.find((r) => r.endpointId === target.id)!;

  const pc = result.proxyConnect;
  const status = pc?.statusCode;
  const authentication: ProxyTestResult['authentication'] =
    status === 407
      ? pc?.authSent
        ? 'rejected'
        : 'required'
      : status !== undefined && status >= 200 && status < 300
        ? pc?.authSent
          ? 'accepted'
          : 'not-required'
        : 'unknown';
  const proxyReachable = result.phases.some((p) => p.phase === 'tcp' && p.status === 'ok');
  const interception = result.tls?.interception;
  const ok = result.verdict === 'reachable';
  const through =
    profile.type === 'transparent-ssl-intercepting'
      ? 'directly (transparent interception expected)'
      : `through ${profile.host}:${profile.port}`;
  const summary = ok
    ? `${result.host} is reachable ${through}${authentication === 'accepted' ? ', credentials accepted' : ''}${interception?.detected ? `; TLS is inspected (${interception.product ? `${interception.product}, ` : ''}CA "${interception.issuer ?? 'unknown'}")` : '; TLS is not inspected'}.`
    : `${result.failure?.title ?? 'Not reachable'}: ${result.failure?.message ?? ''}`.trim() + offlineWords(result);

  const out: ProxyTestResult = { ok, summary, probedHost: result.host, proxyReachable, authentication, result };
  if (pc?.server) out.proxyServer = pc.server;
  if (interception) out.interception = interception;
  return out;
}
