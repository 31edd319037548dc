import { NETWORK_ACTIONS, WORKS_OFFLINE } from '../../../shared/network-actions.ts';
import type { EndpointReach, RefreshResult } from '../../../shared/schemas/cloud-connect-status.ts';
import type { DiagnosticsRun, EndpointResult } from '../../../shared/schemas/diagnostics.ts';

/**
 * A refresh is Console's: the reachability of the required URLs. From a Check
 * Connectivity run it keeps the required endpoints only, one row per host
 * probed (a host standing for several listed names is reachable only when
 * every check of it was), with Console's wording for the failure where the
 * check has it.
 */
export function refreshFromRun(siteId: string, run: DiagnosticsRun, at: string): RefreshResult {
  const byHost = new Map<string, EndpointReach>();
  for (const r of run.results) {
    if (!r.required) continue;
    const host = r.host.toLowerCase();
    const seen = byHost.get(host);
    const reach = endpointReach(host, r);
    if (!seen || (seen.reachable && !reach.reachable)) byHost.set(host, reach);
  }
  const endpoints = [...byHost.values()];
  const base = { siteId, at, runId: run.id, endpoints };
  if (run.cancelled) return { ...base, allReachable: false, error: 'The check was stopped before every endpoint was checked.' };
  if (endpoints.length === 0) return { ...base, allReachable: false, error: 'The check listed no required endpoint for this region.' };
  // This computer with no network says nothing about Console's: the site keeps its state, and the endpoints show the real failure.
  if (run.summary.nextSteps.some((s) => s.code === 'network-unreachable')) {
    return { ...base, allReachable: false, error: offlineRefreshWords() };
  }
  return { ...base, allReachable: endpoints.every((e) => e.reachable) };
}

function offlineRefreshWords(): string {
  const action = NETWORK_ACTIONS.refreshCloudConnectStatus;
  return `the network is unreachable from here (no endpoint could be resolved or routed to), so the site keeps its status. ${action.label} reaches ${action.reaches}: connect this computer to the customer's network (or its VPN) and refresh again. Meanwhile everything else works offline: ${WORKS_OFFLINE}.`;
}

/** A refresh that could not run: recorded with its reason, never counted as an endpoint failure. */
export function refreshNotRun(siteId: string, at: string, reason: string): RefreshResult {
  return { siteId, at, allReachable: false, endpoints: [], error: reason };
}

function endpointReach(host: string, r: EndpointResult): EndpointReach {
  const phasesMs = Object.fromEntries(r.phases.map((p) => [p.phase, Math.round(p.durationMs)]));
  if (r.verdict === 'reachable') return { host, reachable: true, phasesMs };
  return { host, reachable: false, failure: failureWords(r), phasesMs };
}

/** "SSL certificate verification failed (Intercepted by an untrusted proxy)": Console's words first, then what the check saw. */
function failureWords(r: EndpointResult): string {
  if (r.verdict === 'not-checked') return 'Not checked';
  const f = r.failure;
  if (!f) return r.verdictLabel;
  return f.console ? `${f.console} (${f.title})` : f.title;
}
