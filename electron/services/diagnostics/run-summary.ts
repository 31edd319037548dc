import { DIAGNOSTIC_CATALOG, fillTemplate, type DiagnosticCode } from '../../../shared/diagnostics-failures.ts';
import { noNetworkKind, WORKS_OFFLINE } from '../../../shared/network-actions.ts';
import { groupByProbedHost, hostWithListedNames } from '../../../shared/probed-hosts.ts';
import type { EndpointResult, NextStep, RunOverrides, RunSummary } from '../../../shared/schemas/diagnostics.ts';

export interface SummaryContext {
  regionLabel: string;
  /** A step the Console appliance needs for this region (gov, japan). */
  consoleSetup?: string;
  proxyLabel?: string;
  cancelled: boolean;
  overrides: RunOverrides;
  /** Set when the run checked a stored allowlist version: how to name it. */
  allowlistLabel?: string;
  /** Listed hosts of that version the check left out (each with its reason in the run). */
  allowlistSkipped?: number;
}

const NO_NETWORK_HEADLINE =
  "No endpoint could be resolved or routed to: the network is unreachable from here (this computer is offline, or not on the customer's network).";

function overridesNote(o: RunOverrides): string {
  const parts = [
    Object.keys(o.resolve).length ? `DNS overridden for ${Object.keys(o.resolve).length} host(s)` : '',
    o.dnsServers.length ? `DNS servers ${o.dnsServers.join(', ')}` : '',
    Object.keys(o.ports).length ? `ports overridden for ${Object.keys(o.ports).length} host(s)` : '',
    o.extraTrustAnchors ? `${o.extraTrustAnchors} extra trust anchor(s) treated as public roots` : '',
    o.customCatalog ? 'a custom endpoint catalog' : '',
  ].filter(Boolean);
  return parts.length ? ` Test overrides in effect: ${parts.join('; ')}.` : '';
}

// A "met" that leaves listed hosts out must say so, or it answers a bigger question than it checked.
function skippedNote(skipped: number): string {
  if (skipped === 0) return '';
  return ` ${skipped} listed host${skipped === 1 ? ' was' : 's were'} not checked (the run lists each with the reason).`;
}

function allowlistHeadline(
  verdict: RunSummary['verdict'],
  counts: RunSummary['counts'],
  requiredNotChecked: number,
  label: string,
): string {
  const of = ` of ${counts.required} required endpoint${counts.required === 1 ? '' : 's'} in ${label}`;
  if (verdict === 'met')
    return `Everything required in ${label} is reachable from here: all ${counts.required} required endpoints${counts.warnings ? ` (${counts.warnings} warning${counts.warnings > 1 ? 's' : ''})` : ''}.`;
  if (verdict === 'not-met')
    return `${counts.requiredNotReachable}${of} ${counts.requiredNotReachable === 1 ? 'is' : 'are'} not reachable from here.`;
  return `Check incomplete: ${requiredNotChecked}${of} ${requiredNotChecked === 1 ? 'was' : 'were'} not checked.`;
}

function hostCounts(results: readonly EndpointResult[]): NonNullable<RunSummary['counts']['hosts']> {
  const hosts = groupByProbedHost(results);
  const required = hosts.filter((h) => h.required);
  return {
    total: hosts.length,
    required: required.length,
    reachable: hosts.filter((h) => h.verdict === 'reachable').length,
    notReachable: hosts.filter((h) => h.verdict === 'not-reachable').length,
    notChecked: hosts.filter((h) => h.verdict === 'not-checked').length,
    requiredNotReachable: required.filter((h) => h.verdict === 'not-reachable').length,
  };
}

/** "2 of 5 required hosts are not reachable (they stand for 4 of the 7 listed names)", the names part only when it differs. */
function notReachableText(counts: RunSummary['counts']): string {
  const h = counts.hosts!;
  const text = `${h.requiredNotReachable} of ${h.required} required host${h.required === 1 ? '' : 's'} ${h.requiredNotReachable === 1 ? 'is' : 'are'} not reachable`;
  if (h.required === counts.required && h.requiredNotReachable === counts.requiredNotReachable) return text;
  const names =
    counts.requiredNotReachable === counts.required ? `all ${counts.required}` : `${counts.requiredNotReachable} of the ${counts.required}`;
  return `${text} (${h.requiredNotReachable === 1 ? 'it stands' : 'they stand'} for ${names} listed names)`;
}

/** "all 5 required hosts" or "all 5 required hosts, standing for the 7 listed names". */
function allReachableText(counts: RunSummary['counts']): string {
  const h = counts.hosts!;
  const text = `all ${h.required} required host${h.required === 1 ? ' is' : 's are'} reachable`;
  return h.required === counts.required ? text : `${text} (standing for the ${counts.required} listed names)`;
}

const NO_NETWORK_FAILURES = new Set<DiagnosticCode>(['dns_not_found', 'dns_timeout', 'dns_failed', 'tcp_unreachable']);

/**
 * No network from here: not one endpoint reachable, and each failed before anything answered (no name resolved,
 * no route, or the proxy's own name not resolved). A refused connection or a proxy's answer is a network that is
 * there, and is not this.
 */
export function networkUnreachable(results: readonly EndpointResult[]): boolean {
  const failed = results.filter((r) => r.verdict === 'not-reachable');
  if (failed.length === 0 || results.some((r) => r.verdict === 'reachable')) return false;
  return failed.every((r) => {
    const code = r.failure?.code;
    if (code !== undefined && NO_NETWORK_FAILURES.has(code)) return true;
    return (
      code === 'proxy_unreachable' &&
      r.phases.some((p) => p.status !== 'ok' && (p.phase === 'dns' || noNetworkKind(p.error?.code) !== undefined))
    );
  });
}

/**
 * The overall answer and what to do next, in order: the things that block
 * every endpoint (proxy, auth) before per-host allowlisting, before certificate
 * work, then the Console steps that follow any fix.
 */
export function summarizeRun(results: readonly EndpointResult[], ctx: SummaryContext): RunSummary {
  const required = results.filter((r) => r.required);
  const counts = {
    endpoints: results.length,
    required: required.length,
    reachable: results.filter((r) => r.verdict === 'reachable').length,
    notReachable: results.filter((r) => r.verdict === 'not-reachable').length,
    notChecked: results.filter((r) => r.verdict === 'not-checked').length,
    requiredNotReachable: required.filter((r) => r.verdict === 'not-reachable').length,
    // Per host: an inspected host is one warning, however many names it stands for.
    warnings: groupByProbedHost(results).reduce((n, h) => n + h.warnings.length, 0),
    hosts: hostCounts(results),
  };
  const requiredNotChecked = required.filter((r) => r.verdict === 'not-checked').length;
  const verdict: RunSummary['verdict'] =
    counts.requiredNotReachable > 0 ? 'not-met' : requiredNotChecked > 0 || ctx.cancelled ? 'incomplete' : 'met';

  const offline = networkUnreachable(results);
  const headline =
    (ctx.allowlistLabel
      ? allowlistHeadline(verdict, counts, requiredNotChecked, ctx.allowlistLabel)
      : verdict === 'met'
        ? `Cloud Connect prerequisites met for ${ctx.regionLabel}: ${allReachableText(counts)}${counts.warnings ? `, with ${counts.warnings} warning${counts.warnings > 1 ? 's' : ''}` : ''}.`
        : verdict === 'not-met'
          ? `Cloud Connect prerequisites not met for ${ctx.regionLabel}: ${notReachableText(counts)}.`
          : `Check incomplete for ${ctx.regionLabel}: ${requiredNotChecked} required endpoint${requiredNotChecked === 1 ? ' was' : 's were'} not checked.`) +
    skippedNote(ctx.allowlistSkipped ?? 0) +
    (offline ? ` ${NO_NETWORK_HEADLINE}` : '') +
    overridesNote(ctx.overrides);

  const byCode = new Map<DiagnosticCode, EndpointResult[]>();
  for (const r of results) {
    for (const d of [...(r.failure ? [r.failure] : []), ...r.warnings]) {
      const list = byCode.get(d.code) ?? [];
      list.push(r);
      byCode.set(d.code, list);
    }
  }
  const steps: Array<Omit<NextStep, 'order'>> = [...byCode.entries()]
    .sort(([a], [b]) => DIAGNOSTIC_CATALOG[a].rank - DIAGNOSTIC_CATALOG[b].rank)
    .map(([code, affected]) => {
      const hosts = groupByProbedHost(affected).map(hostWithListedNames);
      const issuer = affected.map((r) => r.tls?.interception.issuer).find(Boolean);
      const text = fillTemplate(DIAGNOSTIC_CATALOG[code].step, { hosts: hosts.join(', '), proxy: ctx.proxyLabel ?? 'the proxy', issuer });
      return {
        code,
        title: fillTemplate(DIAGNOSTIC_CATALOG[code].title, { interceptor: affected[0]?.tls?.interception.product ?? issuer }),
        text,
        endpointIds: affected.map((r) => r.endpointId),
      };
    });
  if (offline) {
    // First: every other step is about one host, and none of them can be fixed from a computer with no network.
    steps.unshift({
      code: 'network-unreachable',
      title: 'No network from here',
      text: `Connect this computer to the customer's network (or its VPN), then check again. Meanwhile everything else works offline: ${WORKS_OFFLINE}.`,
      endpointIds: results.filter((r) => r.verdict === 'not-reachable').map((r) => r.endpointId),
    });
  }
  if (ctx.consoleSetup)
    steps.push({ code: 'console-region-setup', title: 'Point Console at this region', text: ctx.consoleSetup, endpointIds: [] });
  if (verdict === 'met') {
    steps.push({
      code: 'continue-setup',
      title: 'Connect Console to Citrix Cloud',
      text: 'In NetScaler Console click the Cloud icon > Get Started > Connect to NetScaler Console service, and sign in from a browser with internet access and no pop-up blocker.',
      endpointIds: [],
    });
  } else {
    steps.push({
      code: 'rerun',
      title: 'Check again',
      text: 'After each fix, run this check again; then in NetScaler Console run Check Connectivity and use Refresh Cloud Connect Status.',
      endpointIds: [],
    });
  }
  return { verdict, headline, counts, nextSteps: steps.map((s, i) => ({ order: i + 1, ...s })) };
}
