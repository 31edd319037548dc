import { describe, expect, it } from 'vitest';
import { DiagnosticsRun } from '../../shared/schemas/diagnostics.ts';
import { renderDiagnostic } from '../../shared/diagnostics-failures.ts';
import { exportRunJson } from '../../electron/services/diagnostics/report-export.ts';
import { renderRunHtml } from '../../electron/services/diagnostics/report-html.ts';
import { makeResult, makeRun } from '../support/diagnostics-fixtures.ts';

const HOSTILE = '<script>alert("x")</script><img src=http://evil.example/x>';

function hostileRun() {
  const rejected = makeResult({
    endpointId: 'trust',
    verdict: 'not-reachable',
    verdictLabel: 'Not Reachable',
    failure: renderDiagnostic('proxy_auth_rejected', {
      proxy: 'proxy:8080',
      username: 'j.doe',
      detail: `it offers Basic realm="${HOSTILE}"`,
    }),
    http: { request: 'GET https://x/', statusCode: 403, server: HOSTILE },
  });
  return makeRun([rejected, makeResult({ endpointId: 'ok', listed: HOSTILE })], {
    proxy: { type: 'explicit', host: 'proxy', port: 8080, username: 'j.doe', authentication: 'basic', caCertificates: 0 },
  });
}

describe('report export', () => {
  it('HTML is self-contained: no script, no external resource, every value escaped', () => {
    const html = renderRunHtml(hostileRun());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed|source|video|audio|base)\b/i);
    expect(html).not.toMatch(/\b(src|href|action)\s*=\s*["']/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).toContain('Cloud Connect prerequisites not met');
    expect(html).toContain('Proxy credentials rejected');
  });

  it('HTML shows a host once with the names it stands for, and a failure with its troubleshooting entries', () => {
    const refused = (endpointId: string, listed: string) =>
      makeResult({
        endpointId,
        listed,
        host: 'adm.cloud.com',
        verdict: 'not-reachable',
        verdictLabel: 'Not Reachable',
        failure: { ...renderDiagnostic('tcp_refused', { host: 'adm.cloud.com' }), troubleshooting: ['endpoints-blocked'] },
      });
    const html = renderRunHtml(makeRun([refused('wild', '*.adm.cloud.com'), refused('adm', 'adm.cloud.com')], { ccid: 'acme01' }));
    expect(html.match(/<summary>adm\.cloud\.com — Not Reachable<\/summary>/g)).toHaveLength(1);
    expect(html).toContain('<td>*.adm.cloud.com and adm.cloud.com</td>');
    expect(html).toContain('NetScaler Console shows: “Required service URL not reachable”');
    expect(html).toContain('<strong>Troubleshooting, Endpoints are blocked:</strong>');
    expect(html).toContain('CCID acme01 (recorded with the check;');
  });

  it('leaves the proxy username out unless kept, wherever it appears', () => {
    const run = hostileRun();
    const json = exportRunJson(run);
    expect(json).not.toContain('j.doe');
    expect(json).toContain('[proxy user]');
    expect(renderRunHtml(run)).not.toContain('j.doe');
    const kept = JSON.parse(exportRunJson(run, { keepProxyUsername: true })) as DiagnosticsRun;
    expect(kept.proxy?.username).toBe('j.doe');
    expect(kept.results[0]!.failure?.message).toContain('j.doe');
  });

  it('scrubs a secret that slipped into any text, and the export still parses as a run', () => {
    const run = hostileRun();
    run.results[0]!.failure!.message += ' (password Tr0ub4dor&3 at http://bob:hunter22@proxy:8080)';
    const json = exportRunJson(run, { secrets: ['Tr0ub4dor&3'] });
    expect(json).not.toContain('Tr0ub4dor&3');
    expect(json).not.toContain('hunter22');
    expect(renderRunHtml(run, { secrets: ['Tr0ub4dor&3'] })).not.toMatch(/Tr0ub4dor|hunter22/);
    expect(() => DiagnosticsRun.parse(JSON.parse(json))).not.toThrow();
  });
});
