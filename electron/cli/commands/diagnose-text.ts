import type { DiagnosticsRun, EndpointResult } from '../../../shared/schemas/diagnostics.ts';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function line(r: EndpointResult): string[] {
  const head = `${pad(r.verdictLabel, 14)} ${pad(r.listed, 28)} ${pad(r.host === r.listed.toLowerCase() ? '' : `(${r.host})`, 30)} ${Math.round(r.totalMs)} ms`;
  const out = [`  ${head.trimEnd()}`];
  if (r.failure) {
    out.push(`      ${r.failure.title}: ${r.failure.message}`);
    out.push(`      Fix: ${r.failure.fix}`);
  }
  for (const w of r.warnings) out.push(`      Warning, ${w.title}: ${w.message}`);
  return out;
}

/** The human form of a run for the terminal: one line per endpoint, reasons and fixes under failures, then the next steps. */
export function formatRunText(run: DiagnosticsRun): string {
  const proxy = run.proxy ? `${run.proxy.type}${run.proxy.host ? ` ${run.proxy.host}:${run.proxy.port}` : ''}` : 'direct';
  const lines = [`Check Connectivity for ${run.regionLabel}, ${proxy}`];
  const a = run.allowlist;
  if (a) {
    lines.push(
      `Endpoints from allowlist version ${a.version} (stored #${a.versionId}, ${a.source === 'baseline' ? 'bundled baseline' : `fetched ${a.fetchedAt}`}).`,
    );
    for (const note of a.notes) lines.push(`  ${note}`);
  }
  lines.push('');
  for (const r of run.results) lines.push(...line(r));
  if (a?.skipped.length) {
    lines.push('', 'Not checked:');
    for (const s of a.skipped) lines.push(`  ${s.listed} (${s.service}): ${s.reason}`);
  }
  lines.push('', run.summary.headline, '', 'Next steps:');
  for (const s of run.summary.nextSteps) lines.push(`  ${s.order}. ${s.title}: ${s.text}`);
  const t = run.trust;
  lines.push(
    '',
    `Trust: ${t.total} certificates (bundled ${t.bundled}, system ${t.system}, NODE_EXTRA_CA_CERTS ${t.nodeExtraCaCerts}, proxy CA ${t.proxyProfile}, --ca ${t.extraAnchors}).`,
  );
  if (t.nodeExtraCaCertsProblem) lines.push(t.nodeExtraCaCertsProblem);
  return `${lines.join('\n')}\n`;
}
