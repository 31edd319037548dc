import { trustCountsText } from '../../../shared/trust-counts-text.ts';
import { troubleshootingEntry } from '../../../shared/cloud-connect-guide.ts';
import { groupByProbedHost, listNames, type ProbedHost } from '../../../shared/probed-hosts.ts';
import { CCID_IN_A_CHECK, type DiagnosticsRun, type ExportOptions, type PhaseTiming } from '../../../shared/schemas/diagnostics.ts';
import { describeRunAllowlist } from '../../../shared/run-allowlist-label.ts';
import { sanitizeRunForExport, type ExportSecrets } from './report-export.ts';

/** Text for an HTML report; absent values print as nothing. */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = escapeHtml;
const ms = (n: number | undefined) => (n === undefined ? '' : `${Math.round(n)} ms`);

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d232b;max-width:1200px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.meta{color:#57606a}.banner{padding:12px 16px;border-radius:6px;font-weight:600;margin:16px 0}
.met{background:#dafbe1;border:1px solid #4ac26b}.not-met{background:#ffebe9;border:1px solid #ff8182}.incomplete{background:#fff8c5;border:1px solid #d4a72c}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}.warn{color:#9a6700}
details{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:8px 0}summary{cursor:pointer;font-weight:600}
.wf{position:relative;height:18px;background:#f6f8fa;margin:2px 0}.wf span{position:absolute;top:2px;height:14px;border-radius:2px}
.dns{background:#8250df}.tcp{background:#0969da}.proxy-connect{background:#bf8700}.tls{background:#1a7f37}.http{background:#57606a}.failed,.timeout,.aborted{outline:2px solid #cf222e}
pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}code{font-size:11px;word-break:break-all}.small{font-size:12px;color:#57606a}
`;

function waterfall(phases: PhaseTiming[], total: number): string {
  const span = Math.max(total, 1);
  return phases
    .map((p) => {
      const left = Math.min(100, (p.startMs / span) * 100);
      const width = Math.max(0.5, Math.min(100 - left, (p.durationMs / span) * 100));
      return `<div class="wf" title="${e(p.phase)} ${e(ms(p.durationMs))}"><span class="${e(p.phase)} ${e(p.status)}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></span></div>`;
    })
    .join('');
}

function endpointDetails(h: ProbedHost): string {
  const r = h.results[0]!;
  const parts: string[] = [];
  for (const m of h.results) parts.push(`<p><strong>${e(m.listed)}</strong> (${e(m.groupLabel)}): ${e(m.why)}</p>`);
  for (const note of new Set(h.results.map((m) => m.coverageNote).filter(Boolean))) parts.push(`<p class="small">${e(note)}</p>`);
  if (h.failure) {
    const ts = (h.failure.troubleshooting ?? []).map(troubleshootingEntry);
    parts.push(
      `<p class="bad">${e(h.failure.title)}</p><p>${e(h.failure.message)}</p><p><strong>Fix:</strong> ${e(h.failure.fix)}</p>${h.failure.console ? `<p class="small">NetScaler Console shows: “${e(h.failure.console)}”</p>` : ''}${ts.map((t) => `<p class="small"><strong>Troubleshooting, ${e(t.problem)}:</strong> ${e(t.fix)}</p>`).join('')}`,
    );
  }
  for (const w of h.warnings) parts.push(`<p class="warn"><strong>${e(w.title)}:</strong> ${e(w.message)} <em>${e(w.fix)}</em></p>`);
  parts.push(waterfall(r.phases, r.totalMs));
  parts.push(
    `<table><tr><th>Phase</th><th>Target</th><th>Status</th><th>Start</th><th>Duration</th><th>Error</th></tr>${r.phases
      .map(
        (p) =>
          `<tr><td>${e(p.phase)}</td><td>${e(p.target)}</td><td>${e(p.status)}</td><td>${e(ms(p.startMs))}</td><td>${e(ms(p.durationMs))}</td><td>${e(p.error ? `${p.error.code}: ${p.error.message}` : '')}</td></tr>`,
      )
      .join('')}</table>`,
  );
  if (r.dns)
    parts.push(`<p class="small">DNS (${e(r.dns.for)}, ${e(r.dns.source)}): ${e(r.dns.host)} → ${e(r.dns.addresses.join(', '))}</p>`);
  if (r.proxyConnect) {
    const pc = r.proxyConnect;
    parts.push(
      `<p class="small">Proxy: ${e(pc.request)} → ${e(pc.statusCode ?? 'no answer')} ${e(pc.statusText ?? '')}${pc.server ? `, Server: ${e(pc.server)}` : ''}${pc.proxyAuthenticate ? `, Proxy-Authenticate: ${e(pc.proxyAuthenticate.join('; '))}` : ''}${pc.proxyError ? `, ${e(pc.proxyError)}` : ''}; credentials sent: ${pc.authSent ? 'yes' : 'no'}</p>`,
    );
  }
  if (r.http)
    parts.push(
      `<p class="small">HTTP: ${e(r.http.request)} → ${e(r.http.statusCode ?? 'no answer')} ${e(r.http.statusText ?? '')}${r.http.ttfbMs !== undefined ? `, first byte after ${e(ms(r.http.ttfbMs))}` : ''}${r.http.proxyGenerated ? `, answered by the proxy (${e(r.http.proxyGenerated)})` : ''}</p>`,
    );
  if (r.tls) {
    const t = r.tls;
    parts.push(
      `<p class="small">TLS: ${e(t.protocol ?? '')} ${e(t.cipher?.standardName ?? t.cipher?.name ?? '')}; verified: ${t.authorized ? 'yes' : `no (${e(t.authorizationError ?? '')})`}; interception: ${t.interception.detected ? 'yes' : 'no'} — ${e(t.interception.reason)}</p>`,
    );
    parts.push(
      `<table><tr><th>#</th><th>Subject</th><th>Issuer</th><th>Valid</th><th>SHA-256</th><th>AIA issuer</th><th>Trusted by</th></tr>${t.chain
        .map(
          (c, i) =>
            `<tr><td>${i}</td><td>${e(c.subject)}${c.subjectAltNames.length ? `<div class="small">${e(c.subjectAltNames.join(', '))}</div>` : ''}</td><td>${e(c.issuer)}</td><td>${e(c.validFrom.slice(0, 10))} – ${e(c.validTo.slice(0, 10))}${c.expired ? ' <span class="bad">expired</span>' : ''}${c.notYetValid ? ' <span class="bad">not yet valid</span>' : ''}</td><td><code>${e(c.fingerprint256)}</code></td><td>${e(c.caIssuersUrls.join(' '))}</td><td>${e(c.trustedBy.join(', '))}</td></tr>`,
        )
        .join('')}</table>`,
    );
    if (t.interception.detected && t.interception.caCertificatePem) {
      parts.push(
        `<p>Interception CA${t.interception.product ? ` (${e(t.interception.product)})` : ''}: save as a .pem file and upload it to NetScaler Console:</p><pre>${e(t.interception.caCertificatePem)}</pre>`,
      );
    }
  }
  return parts.join('\n');
}

/** A self-contained report: inline style, no script, no external resource, every value escaped. */
export function renderRunHtml(input: DiagnosticsRun, options: ExportOptions & ExportSecrets = {}): string {
  const run = sanitizeRunForExport(input, options);
  const s = run.summary;
  const proxy = run.proxy
    ? `${e(run.proxy.type)}${run.proxy.host ? ` ${e(run.proxy.host)}:${e(run.proxy.port)}` : ''}, authentication ${e(run.proxy.authentication)}${run.proxy.username ? `, user ${e(run.proxy.username)}` : ''}, ${e(run.proxy.caCertificates)} CA certificate(s)`
    : 'none (direct)';
  const t = run.trust;
  const hosts = groupByProbedHost(run.results);
  const rows = hosts
    .map((h) => {
      const verdictClass = h.verdict === 'reachable' ? 'ok' : 'bad';
      const note = h.failure ? e(h.failure.title) : h.warnings.map((w) => e(w.title)).join('; ');
      const services = [...new Set(h.results.map((m) => m.groupLabel))].join(', ');
      return `<tr><td>${e(h.host)}:${e(h.port)}</td><td>${e(listNames(h.listed))}</td><td>${e(services)}</td><td class="${verdictClass}">${e(h.verdictLabel)}</td><td>${e(ms(h.results[0]!.totalMs))}</td><td>${note}</td></tr>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Fieldkit Check Connectivity: ${e(run.regionLabel)} ${e(run.startedAt)}</title>
<style>${STYLE}</style></head><body>
<h1>Check Connectivity: NetScaler Console Cloud Connect</h1>
<div class="meta">Region ${e(run.regionLabel)} · started ${e(run.startedAt)} · ${e(ms(run.durationMs))}${run.updatedAt ? ` · re-checked ${e(run.updatedAt)}` : ''}${run.ccid ? ` · CCID ${e(run.ccid)} (${e(CCID_IN_A_CHECK.short)})` : ''}${run.serviceUrlHost ? ` · service URL ${e(run.serviceUrlHost)}` : ''} · run ${e(run.id)}</div>
${run.allowlist ? `<div class="meta">Endpoints from ${e(describeRunAllowlist(run.allowlist))}, fetched ${e(run.allowlist.fetchedAt)}${run.allowlist.notes.map((n) => ` · ${e(n)}`).join('')}</div>` : ''}
${run.allowlist?.skipped.length ? `<div class="meta">Not checked: ${run.allowlist.skipped.map((k) => `${e(k.listed)} (${e(k.reason)})`).join('; ')}</div>` : ''}
<div class="meta">Proxy: ${proxy}</div>
<div class="meta">${e(trustCountsText(t, { bundled: 'bundled', system: 'system', userFiles: 'CA files', nodeExtraCaCerts: 'NODE_EXTRA_CA_CERTS', proxyProfile: 'proxy profile', extraAnchors: 'extra anchors' }))}${t.nodeExtraCaCertsProblem ? ` · ${e(t.nodeExtraCaCertsProblem)}` : ''}</div>
<div class="banner ${e(s.verdict)}">${e(s.headline)}</div>
<h2>Next steps</h2>
<ol>${s.nextSteps.map((n) => `<li><strong>${e(n.title)}</strong>: ${e(n.text)}</li>`).join('')}</ol>
<h2>Endpoints</h2>
<table><tr><th>Host checked</th><th>Stands for</th><th>Service</th><th>Verdict</th><th>Total</th><th>Failure / warning</th></tr>${rows}</table>
<h2>Details</h2>
${hosts.map((h) => `<details${h.verdict !== 'reachable' ? ' open' : ''}><summary>${e(h.host)} — ${e(h.verdictLabel)}</summary>${endpointDetails(h)}</details>`).join('\n')}
<p class="small">Generated by Fieldkit. Timeouts: DNS ${e(run.timeouts.dnsMs)} ms, connect ${e(run.timeouts.connectMs)} ms, CONNECT ${e(run.timeouts.proxyConnectMs)} ms, TLS ${e(run.timeouts.tlsMs)} ms, HTTP ${e(run.timeouts.httpMs)} ms; concurrency ${e(run.concurrency)}.</p>
</body></html>
`;
}
