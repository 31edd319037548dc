import { prerequisitesFor } from '../../../../shared/cloud-connect-guide.ts';
import type { DiagnosticsRun, EndpointResult } from '../../../../shared/schemas/diagnostics.ts';

/** A required endpoint the check could not reach, in Console's words where the documentation has them. */
export interface NetworkFailure {
  endpointId: string;
  listed: string;
  /** "Required service URL not reachable", "SSL certificate verification failed", or the check's own title. */
  wording: string;
  fix: string;
}

/**
 * What a Check Connectivity run says about the network prerequisites of a
 * site: which to tick (true) or untick (false), and the failures behind an
 * untick. Ports cannot be seen apart from the endpoints behind them: port 443
 * is open when every required endpoint answered over it; the proxy's port
 * when no endpoint failed to reach the proxy.
 */
export function networkPrerequisiteResults(
  run: DiagnosticsRun,
  hasProxy: boolean,
): { ticks: Record<string, boolean>; failures: NetworkFailure[] } {
  const required = run.results.filter((r) => r.required);
  const failed = required.filter((r) => r.verdict !== 'reachable');
  const met = run.summary.verdict === 'met';
  const ticks: Record<string, boolean> = {};
  for (const p of prerequisitesFor({ workflow: undefined, hasProxy }).filter((p) => p.checkedBy === 'network')) {
    if (p.id === 'port-80-proxy') ticks[p.id] = run.results.length > 0 && !run.results.some((r) => r.failure?.code === 'proxy_unreachable');
    else ticks[p.id] = met;
  }
  return { ticks, failures: failed.map(failureOf) };
}

function failureOf(r: EndpointResult): NetworkFailure {
  return {
    endpointId: r.endpointId,
    listed: r.listed,
    wording: r.failure?.console ?? r.failure?.title ?? r.verdictLabel,
    fix: r.failure?.fix ?? '',
  };
}

/** The CA an SSL-intercepting proxy presented in a run, if the check found one: offered for the proxy step. */
export function interceptingCaPem(run: DiagnosticsRun | undefined): string | undefined {
  return run?.results.find((r) => r.tls?.interception.detected && r.tls.interception.caCertificatePem)?.tls?.interception.caCertificatePem;
}
