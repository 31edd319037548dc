import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORK_ACTIONS, networkNeedText, networkUnreachableHint, WORKS_OFFLINE } from '../../shared/network-actions.ts';
import { renderDiagnostic, type DiagnosticCode } from '../../shared/diagnostics-failures.ts';
import { noNetworkKindOf, offlineHintFor } from '../../electron/services/network/network-unreachable.ts';
import { summarizeRun } from '../../electron/services/diagnostics/run-summary.ts';
import { refreshFromRun } from '../../electron/services/cloud-connect/refresh-result.ts';
import type { DiagnosticsRun } from '../../shared/schemas/diagnostics.ts';
import { makeResult } from '../support/diagnostics-fixtures.ts';

const errno = (code: string, message = `getaddrinfo ${code} example.test`) => Object.assign(new Error(message), { code });

describe('the network actions catalog', () => {
  it('says for every action what it needs and what it reaches, in one sentence', () => {
    for (const id of Object.keys(NETWORK_ACTIONS) as Array<keyof typeof NETWORK_ACTIONS>) {
      const text = networkNeedText(id);
      expect(text).toMatch(/^Needs the (customer's network|appliance): /);
      expect(text).toContain(NETWORK_ACTIONS[id].reaches);
    }
    expect(networkNeedText('allowlistFetch')).toBe(
      "Needs the customer's network: Fetch the allowlist reaches the Citrix Cloud Connectivity AllowList API.",
    );
  });

  it('words a failure for lack of network: unreachable from here, what the action needs, what still works', () => {
    const hint = networkUnreachableHint('allowlistFetch', 'dns');
    expect(hint).toMatch(/^The network is unreachable from here: no DNS server answered/);
    expect(hint).toContain("Fetch the allowlist needs the customer's network");
    expect(hint).toContain(WORKS_OFFLINE);
    expect(networkUnreachableHint('applianceAction', 'route')).toMatch(/no route to that address.*needs the appliance's network/);
  });
});

describe('telling a missing network from other failures', () => {
  it('finds the code however deep undici wraps it, and in each address an AggregateError tried', () => {
    const wrapped = new TypeError('fetch failed', { cause: new Error('connect failed', { cause: errno('EAI_AGAIN') }) });
    expect(noNetworkKindOf(wrapped)).toBe('dns');
    expect(noNetworkKindOf(new AggregateError([errno('ECONNREFUSED'), errno('ENETUNREACH')]))).toBe('route');
    expect(noNetworkKindOf(errno('ENOTFOUND'))).toBe('unknown-name');
    expect(networkUnreachableHint('applianceAction', 'unknown-name')).toMatch(
      /^The name is not known from here: .*or the name is misspelt/,
    );
    expect(noNetworkKindOf(errno('EHOSTUNREACH'))).toBe('route');
  });

  it('leaves alone what is an answer from a network that is there: refused, timed out, TLS, HTTP', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED'])
      expect(offlineHintFor(errno(code), 'checkConnectivity'), code).toBeUndefined();
    expect(offlineHintFor(new Error('HTTP 503'), 'allowlistFetch')).toBeUndefined();
    expect(offlineHintFor('not an error', 'allowlistFetch')).toBeUndefined();
  });
});

const NO_OVERRIDES = { resolve: {}, dnsServers: [], ports: {}, extraTrustAnchors: 0, customCatalog: false };
const ctx = { regionLabel: 'Commercial', cancelled: false, overrides: NO_OVERRIDES };

function failing(id: string, code: DiagnosticCode) {
  return makeResult({
    endpointId: id,
    verdict: 'not-reachable',
    verdictLabel: 'Not Reachable',
    failure: renderDiagnostic(code, { host: `${id}.example.test` }),
  });
}

describe('Check Connectivity with no network from here', () => {
  it('says so first when no endpoint resolved or had a route, and keeps each real failure', () => {
    const results = [failing('trust', 'dns_timeout'), failing('service', 'dns_failed'), failing('accounts', 'tcp_unreachable')];
    const summary = summarizeRun(results, ctx);
    expect(summary.headline).toContain('the network is unreachable from here');
    expect(summary.nextSteps[0]).toMatchObject({ code: 'network-unreachable', endpointIds: ['trust', 'service', 'accounts'] });
    expect(summary.nextSteps[0]!.text).toContain(WORKS_OFFLINE);
    // The per-host steps are still there, after it.
    expect(summary.nextSteps.map((s) => s.code)).toEqual(expect.arrayContaining(['dns_timeout', 'dns_failed', 'tcp_unreachable']));
  });

  it('does not say so when one endpoint answered or one failure came from a network that is there', () => {
    const reachable = makeResult({ endpointId: 'ok', verdict: 'reachable', verdictLabel: 'Reachable' });
    for (const results of [
      [failing('trust', 'dns_timeout'), reachable],
      [failing('trust', 'dns_timeout'), failing('service', 'tcp_refused')],
    ]) {
      const summary = summarizeRun(results, ctx);
      expect(summary.headline).not.toContain('unreachable from here');
      expect(summary.nextSteps.map((s) => s.code)).not.toContain('network-unreachable');
    }
  });

  it('leaves the site as it was on a refresh from a computer with no network, naming the real failures', () => {
    const results = [failing('trust', 'dns_timeout')];
    const run = { id: 'run-1', cancelled: false, results, summary: summarizeRun(results, ctx) } as unknown as DiagnosticsRun;
    const refresh = refreshFromRun('site-1', run, '2026-12-01T10:00:00.000Z');
    expect(refresh.error).toMatch(/^the network is unreachable from here .* so the site keeps its status/);
    expect(refresh.endpoints).toHaveLength(1);
    expect(refresh.endpoints[0]!.reachable).toBe(false);
  });
});

describe('the window marks each of them where its button is', () => {
  const sources = readdirSync('renderer/src', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.tsx'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');

  it('with the one component, for every action a button starts', () => {
    const marked = new Set([...sources.matchAll(/<NeedsNetwork action="(\w+)"/g)].map((m) => m[1]));
    // applianceAction is what a NITRO connection says when it fails; no button is only that.
    const buttons = Object.keys(NETWORK_ACTIONS).filter((id) => id !== 'applianceAction');
    expect(buttons.filter((id) => !marked.has(id))).toEqual([]);
    expect([...marked].filter((id) => !(id! in NETWORK_ACTIONS))).toEqual([]);
  });
});
