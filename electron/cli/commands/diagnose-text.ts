import { trustCountsText } from '../../../shared/trust-counts-text.ts';
import { troubleshootingEntry, type TroubleshootingId } from '../../../shared/cloud-connect-guide.ts';
import { groupByProbedHost, listNames, type ProbedHost } from '../../../shared/probed-hosts.ts';
import { CCID_IN_A_CHECK, type DiagnosticsRun } from '../../../shared/schemas/diagnostics.ts';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function problems(ids: readonly TroubleshootingId[]): string {
  return ids.map((id) => troubleshootingEntry(id).problem).join('; ');
}

function lines(h: ProbedHost): string[] {
  const names = h.listed.length === 1 && h.listed[0] === h.host ? '' : `for ${listNames(h.listed)}`;
  const head = `${pad(h.verdictLabel, 14)} ${pad(h.host, 30)} ${Math.round(h.results[0]!.totalMs)} ms`;
  const out = [`  ${head}`];
  if (names) out.push(`      ${names}`);
  if (h.failure) {
    out.push(`      ${h.failure.title}: ${h.failure.message}`);
    out.push(`      Fix: ${h.failure.fix}`);
    if (h.failure.console) out.push(`      NetScaler Console shows this as "${h.failure.console}".`);
    if (h.failure.troubleshooting?.length) out.push(`      Troubleshooting: ${problems(h.failure.troubleshooting)} (below).`);
  }
  for (const w of h.warnings) out.push(`      Warning, ${w.title}: ${w.message}`);
  return out;
}

/**
 * The human form of a run for the terminal: one line per host probed (with
 * the listed names it stands for), reasons, fixes and Console's wording under
 * failures, then the next steps and the troubleshooting entries they link.
 */
export function formatRunText(run: DiagnosticsRun): string {
  const proxy = run.proxy ? `${run.proxy.type}${run.proxy.host ? ` ${run.proxy.host}:${run.proxy.port}` : ''}` : 'direct';
  const out = [`Check Connectivity for ${run.regionLabel}, ${proxy}`];
  if (run.ccid) out.push(`CCID ${run.ccid}: ${CCID_IN_A_CHECK.short}.`);
  if (run.serviceUrlHost) out.push(`Console service URL ${run.serviceUrlHost}: its host is checked for the tenant's service endpoint.`);
  const a = run.allowlist;
  if (a) {
    out.push(
      `Endpoints from allowlist version ${a.version} (stored #${a.versionId}, ${a.source === 'baseline' ? 'bundled baseline' : `fetched ${a.fetchedAt}`}).`,
    );
    for (const note of a.notes) out.push(`  ${note}`);
  }
  out.push('');
  const hosts = groupByProbedHost(run.results);
  for (const h of hosts) out.push(...lines(h));
  if (a?.skipped.length) {
    out.push('', 'Not checked:');
    for (const s of a.skipped) out.push(`  ${s.listed} (${s.service}): ${s.reason}`);
  }
  out.push('', run.summary.headline, '', 'Next steps:');
  for (const s of run.summary.nextSteps) out.push(`  ${s.order}. ${s.title}: ${s.text}`);
  const linked = [
    ...new Set(hosts.flatMap((h) => [...(h.failure?.troubleshooting ?? []), ...h.warnings.flatMap((w) => w.troubleshooting ?? [])])),
  ];
  if (linked.length) {
    out.push('', 'Troubleshooting (NetScaler Console Cloud Connect documentation):');
    for (const id of linked) {
      const entry = troubleshootingEntry(id);
      out.push(`  ${entry.problem}: ${entry.fix}`);
    }
  }
  const t = run.trust;
  out.push(
    '',
    trustCountsText(t, {
      bundled: 'bundled',
      system: 'system',
      nodeExtraCaCerts: 'NODE_EXTRA_CA_CERTS',
      proxyProfile: 'proxy CA',
      extraAnchors: '--ca',
    }),
  );
  if (t.nodeExtraCaCertsProblem) out.push(t.nodeExtraCaCertsProblem);
  return `${out.join('\n')}\n`;
}
