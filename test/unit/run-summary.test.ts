import { describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CATALOG,
  DIAGNOSTIC_CODES,
  fillTemplate,
  renderDiagnostic,
  type DiagnosticEntry,
} from '../../shared/diagnostics-failures.ts';
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
      if (entry.kind === 'failure' && code !== 'not_checked') expect(entry.console).toBeDefined();
    }
    expect(DIAGNOSTIC_CATALOG.tls_intercepted_untrusted.console).toBe('SSL certificate verification failed');
    expect(DIAGNOSTIC_CATALOG.proxy_denied.console).toBe('Required service URL not reachable');
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
    expect(s.headline).toBe('Cloud Connect prerequisites met for Japan (citrixcloud.jp): all 1 required endpoints are reachable.');
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
    expect(s.headline).toBe('Cloud Connect prerequisites not met for Japan (citrixcloud.jp): 5 of 5 required endpoints are not reachable.');
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
