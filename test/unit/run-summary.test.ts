import { describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CATALOG,
  DIAGNOSTIC_CODES,
  fillTemplate,
  renderDiagnostic,
  troubleshootingFor,
  type DiagnosticEntry,
} from '../../shared/diagnostics-failures.ts';
import { TROUBLESHOOTING } from '../../shared/cloud-connect-guide.ts';
import { summarizeRun } from '../../electron/services/diagnostics/run-summary.ts';
import { makeResult } from '../support/diagnostics-fixtures.ts';

const NO_OVERRIDES = { resolve: {}, dnsServers: [], ports: {}, extraTrustAnchors: 0, customCatalog: false };
const ctx = { regionLabel: 'Japan (citrixcloud.jp)', cancelled: false, overrides: NO_OVERRIDES };

function failing(id: string, code: (typeof DIAGNOSTIC_CODES)[number], required = true) {
  return makeResult({
    endpointId: id,
    required,
    verdict: 'not-reachable',
    verdictLabel: 'Not Reachable',
    failure: renderDiagnostic(code, { host: `${id}.example.test` }),
  });
}

describe('failure catalog', () => {
  it('gives every class a title, message, fix and next-step line, and every failure the Console wording', () => {
    for (const code of DIAGNOSTIC_CODES) {
      const entry: DiagnosticEntry = DIAGNOSTIC_CATALOG[code];
      expect(entry.title.length).toBeGreaterThan(3);
      expect(entry.message.length).toBeGreaterThan(10);
      expect(entry.fix.length).toBeGreaterThan(10);
      expect(entry.step).toContain(
        code === 'proxy_unreachable' || code === 'proxy_bad_response' || code === 'proxy_auth_required' || code === 'proxy_auth_rejected'
          ? '{proxy}'
          : '{hosts}',
      );
    }
  });

  it("carries Console's wording only where the documentation gives that cause", () => {
    const wording = Object.fromEntries(DIAGNOSTIC_CODES.map((code) => [code, (DIAGNOSTIC_CATALOG[code] as DiagnosticEntry).console]));
    // "SSL certificate verification failed": an SSL-intercepting proxy whose CA Console does not have.
    expect(Object.keys(wording).filter((c) => wording[c] === 'SSL certificate verification failed')).toEqual(['tls_intercepted_untrusted']);
    // "Required service URL not reachable": the proxy does not work, or the network does not allow the URL.
    expect(Object.keys(wording).filter((c) => wording[c] === 'Required service URL not reachable')).toEqual([
      'proxy_unreachable',
      'proxy_bad_response',
      'proxy_auth_required',
      'proxy_auth_rejected',
      'proxy_denied',
      'proxy_upstream_failed',
      'tcp_refused',
      'tcp_timeout',
      'tls_handshake_failed',
    ]);
    for (const code of ['dns_not_found', 'dns_timeout', 'tcp_unreachable', 'tls_untrusted', 'tls_cert_expired', 'http_error'] as const)
      expect(wording[code], code).toBeUndefined();
  });

  it('links each failure to the troubleshooting entries that speak to it, by id, and every id is in the guide', () => {
    const ids = new Set(TROUBLESHOOTING.map((t) => t.id));
    expect(ids.size).toBe(TROUBLESHOOTING.length);
    for (const code of DIAGNOSTIC_CODES)
      for (const id of (DIAGNOSTIC_CATALOG[code] as DiagnosticEntry).troubleshooting ?? [])
        expect(ids.has(id), `${code} → ${id}`).toBe(true);
    // The two messages link their own entries.
    for (const code of DIAGNOSTIC_CODES) {
      const entry: DiagnosticEntry = DIAGNOSTIC_CATALOG[code];
      if (entry.console === 'SSL certificate verification failed')
        expect(entry.troubleshooting).toContain('ssl-certificate-verification-failed');
      if (entry.console === 'Required service URL not reachable')
        expect(entry.troubleshooting).toContain('required-service-url-not-reachable');
    }
    // The documentation's three troubleshooting issues are each reached from some failure.
    const refused = renderDiagnostic('tcp_refused', {});
    expect(troubleshootingFor(refused, 'trust-service')).toEqual([
      'required-service-url-not-reachable',
      'endpoints-blocked',
      'las-grace-period',
    ]);
    expect(troubleshootingFor(refused, 'cloud-sign-in')).toEqual([
      'required-service-url-not-reachable',
      'endpoints-blocked',
      'popup-blocked',
    ]);
    expect(troubleshootingFor(refused, 'allowlist')).toEqual(['required-service-url-not-reachable', 'endpoints-blocked']);
    expect(troubleshootingFor(renderDiagnostic('not_checked', {}), 'trust-service')).toEqual([]);
    expect(troubleshootingFor(renderDiagnostic('tls_intercepted_trusted', {}), 'trust-service')).toEqual([
      'ssl-certificate-verification-failed',
    ]);
  });

  it('fills placeholders and never leaves a raw brace', () => {
    expect(fillTemplate('{host}:{port} {missing}', { host: 'a', port: 443 })).toBe('a:443 unknown');
    expect(renderDiagnostic('tcp_refused', { host: 'h', address: '1.2.3.4', port: 443 }).message).toBe(
      'The connection to h (1.2.3.4) on port 443 was refused.',
    );
  });
});

describe('run summary', () => {
  it('met: every required endpoint reachable, optional failures do not count', () => {
    const s = summarizeRun([makeResult({ endpointId: 'a' }), failing('b', 'dns_not_found', false)], ctx);
    expect(s.verdict).toBe('met');
    expect(s.headline).toBe('Cloud Connect prerequisites met for Japan (citrixcloud.jp): all 1 required host is reachable.');
    expect(s.nextSteps.at(-1)?.code).toBe('continue-setup');
  });

  it('not met: next steps put what blocks everything first, then the region step, then re-run', () => {
    const s = summarizeRun(
      [
        failing('a', 'http_error'),
        failing('b', 'tls_intercepted_untrusted'),
        failing('c', 'dns_not_found'),
        failing('d', 'proxy_auth_required'),
        failing('e', 'dns_not_found'),
      ],
      { ...ctx, consoleSetup: 'python consoleService.py --region japan', proxyLabel: 'proxy:3128' },
    );
    expect(s.verdict).toBe('not-met');
    expect(s.headline).toBe('Cloud Connect prerequisites not met for Japan (citrixcloud.jp): 5 of 5 required hosts are not reachable.');
    expect(s.nextSteps.map((n) => n.code)).toEqual([
      'proxy_auth_required',
      'dns_not_found',
      'tls_intercepted_untrusted',
      'http_error',
      'console-region-setup',
      'rerun',
    ]);
    expect(s.nextSteps.map((n) => n.order)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.nextSteps[0]!.text).toContain('proxy:3128');
    expect(s.nextSteps[1]!.text).toContain('c.example.test, e.example.test');
    expect(s.nextSteps[1]!.endpointIds).toEqual(['c', 'e']);
  });

  it('counts and names a host once however many listed names it stands for', () => {
    const adm = (id: string, listed: string) =>
      makeResult({
        endpointId: id,
        listed,
        host: 'adm.cloud.com',
        verdict: 'not-reachable',
        verdictLabel: 'Not Reachable',
        failure: renderDiagnostic('tcp_refused', { host: 'adm.cloud.com' }),
      });
    const s = summarizeRun([adm('w', '*.adm.cloud.com'), adm('x', 'adm.cloud.com'), makeResult({ endpointId: 'trust' })], ctx);
    expect(s.counts).toMatchObject({ endpoints: 3, requiredNotReachable: 2 });
    expect(s.counts.hosts).toEqual({ total: 2, required: 2, reachable: 1, notReachable: 1, notChecked: 0, requiredNotReachable: 1 });
    expect(s.headline).toBe(
      'Cloud Connect prerequisites not met for Japan (citrixcloud.jp): 1 of 2 required hosts is not reachable (it stands for 2 of the 3 listed names).',
    );
    expect(s.nextSteps[0]!.text).toBe(
      'Allow outbound TCP 443 (or route through the proxy) to: adm.cloud.com (for *.adm.cloud.com and adm.cloud.com).',
    );
    expect(s.nextSteps[0]!.endpointIds).toEqual(['w', 'x']);
  });

  it('says "all" when every listed name fails', () => {
    const s = summarizeRun(
      [
        makeResult({ endpointId: 'w', listed: '*.x.test', host: 'x.test', verdict: 'not-reachable', verdictLabel: 'Not Reachable' }),
        makeResult({ endpointId: 'x', listed: 'x.test', host: 'x.test', verdict: 'not-reachable', verdictLabel: 'Not Reachable' }),
      ],
      ctx,
    );
    expect(s.headline).toBe(
      'Cloud Connect prerequisites not met for Japan (citrixcloud.jp): 1 of 1 required host is not reachable (it stands for all 2 listed names).',
    );
  });

  it('incomplete when a required endpoint was not checked', () => {
    const s = summarizeRun(
      [makeResult({ endpointId: 'a' }), makeResult({ endpointId: 'b', verdict: 'not-checked', verdictLabel: 'Not checked' })],
      { ...ctx, cancelled: true },
    );
    expect(s.verdict).toBe('incomplete');
    expect(s.headline).toMatch(/^Check incomplete for Japan/);
  });

  it('says in the headline when test overrides were on', () => {
    const s = summarizeRun([makeResult({ endpointId: 'a' })], {
      ...ctx,
      overrides: { ...NO_OVERRIDES, resolve: { 'a.example.test': '127.0.0.1' }, extraTrustAnchors: 2 },
    });
    expect(s.headline).toContain(
      'Test overrides in effect: DNS overridden for 1 host(s); 2 extra trust anchor(s) treated as public roots.',
    );
  });
});
