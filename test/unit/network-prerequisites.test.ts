import { describe, expect, it } from 'vitest';
import { interceptingCaPem, networkPrerequisiteResults } from '../../renderer/src/pages/cloud-connect/network-prerequisites.ts';
import type { Diagnostic } from '../../shared/schemas/diagnostics.ts';
import { makeResult, makeRun } from '../support/diagnostics-fixtures.ts';

const refused: Diagnostic = {
  code: 'tcp_refused',
  kind: 'failure',
  phase: 'tcp',
  title: 'Connection refused',
  message: 'refused',
  fix: 'Allow the host on the firewall.',
  console: 'Required service URL not reachable',
};
const proxyDown: Diagnostic = { ...refused, code: 'proxy_unreachable', title: 'Proxy unreachable', fix: 'Check the proxy host and port.' };

describe('network prerequisites from a Check Connectivity run', () => {
  it('ticks every network prerequisite when every required endpoint is reachable', () => {
    const run = makeRun([makeResult({ endpointId: 'trust' }), makeResult({ endpointId: 'adm' })]);
    expect(networkPrerequisiteResults(run, true)).toEqual({
      ticks: { 'endpoints-reachable': true, 'port-443-out': true, 'port-80-proxy': true },
      failures: [],
    });
    expect(networkPrerequisiteResults(run, false).ticks).toEqual({ 'endpoints-reachable': true, 'port-443-out': true });
  });

  it("unticks them and names each failing required endpoint in Console's words", () => {
    const run = makeRun([
      makeResult({ endpointId: 'trust' }),
      makeResult({ endpointId: 'adm', verdict: 'not-reachable', verdictLabel: 'Not Reachable', failure: refused }),
      makeResult({ endpointId: 'optional', required: false, verdict: 'not-reachable', verdictLabel: 'Not Reachable', failure: refused }),
    ]);
    const r = networkPrerequisiteResults(run, true);
    expect(r.ticks).toEqual({ 'endpoints-reachable': false, 'port-443-out': false, 'port-80-proxy': true });
    expect(r.failures).toEqual([
      {
        endpointId: 'adm',
        listed: 'adm.example.test',
        wording: 'Required service URL not reachable',
        fix: 'Allow the host on the firewall.',
      },
    ]);
  });

  it('unticks the proxy port when the proxy itself could not be reached', () => {
    const run = makeRun([makeResult({ endpointId: 'trust', verdict: 'not-reachable', verdictLabel: 'Not Reachable', failure: proxyDown })]);
    expect(networkPrerequisiteResults(run, true).ticks['port-80-proxy']).toBe(false);
  });

  it('offers the CA an intercepting proxy presented', () => {
    const intercepted = makeResult({ endpointId: 'trust' });
    expect(interceptingCaPem(makeRun([intercepted]))).toBeUndefined();
    const tls = {
      servername: 'trust.example.test',
      authorized: false,
      chain: [],
      interception: {
        detected: true,
        reason: 'issuer is not public',
        caCertificatePem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----',
      },
    } as unknown as NonNullable<typeof intercepted.tls>;
    expect(interceptingCaPem(makeRun([{ ...intercepted, tls }]))).toContain('BEGIN CERTIFICATE');
  });
});
