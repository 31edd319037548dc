import { describe, expect, it } from 'vitest';
import { refreshFromRun } from '../../electron/services/cloud-connect/refresh-result.ts';
import type { Diagnostic } from '../../shared/schemas/diagnostics.ts';
import { makeResult, makeRun } from '../support/diagnostics-fixtures.ts';

const AT = '2026-03-02T08:00:00.000Z';
const intercepted: Diagnostic = {
  code: 'tls_intercepted_untrusted',
  kind: 'failure',
  phase: 'tls',
  title: 'TLS intercepted by Zscaler',
  message: 'm',
  fix: 'f',
  console: 'SSL certificate verification failed',
};
const refused: Diagnostic = { code: 'tcp_refused', kind: 'failure', phase: 'tcp', title: 'Connection refused', message: 'm', fix: 'f' };

describe('a refresh from a Check Connectivity run', () => {
  it("keeps the required endpoints only, one row per host, with Console's wording first", () => {
    const run = makeRun([
      makeResult({ endpointId: 'trust', host: 'Trust.CitrixNetworkApi.net' }),
      makeResult({ endpointId: 'adm-1', host: 'adm.cloud.com' }),
      makeResult({
        endpointId: 'adm-2',
        host: 'adm.cloud.com',
        verdict: 'not-reachable',
        verdictLabel: 'Not Reachable',
        failure: intercepted,
      }),
      makeResult({ endpointId: 'adm-3', host: 'adm.cloud.com' }),
      makeResult({ endpointId: 'extra', host: 'optional.example.test', required: false, verdict: 'not-reachable', failure: refused }),
      makeResult({
        endpointId: 'acct',
        host: 'accounts.cloud.com',
        verdict: 'not-reachable',
        verdictLabel: 'Not Reachable',
        failure: refused,
      }),
    ]);
    const r = refreshFromRun('s1', run, AT);
    expect(r).toMatchObject({ siteId: 's1', at: AT, runId: 'run-1', allReachable: false });
    expect(r.error).toBeUndefined();
    expect(r.endpoints.map((e) => [e.host, e.reachable, e.failure])).toEqual([
      ['trust.citrixnetworkapi.net', true, undefined],
      ['adm.cloud.com', false, 'SSL certificate verification failed (TLS intercepted by Zscaler)'],
      ['accounts.cloud.com', false, 'Connection refused'],
    ]);
    expect(r.endpoints[0]!.phasesMs).toEqual({ dns: 1 });
  });

  it('is all reachable only when every required host is; a stopped or empty run is a refresh that could not run', () => {
    expect(refreshFromRun('s1', makeRun([makeResult({ endpointId: 'a' })]), AT).allReachable).toBe(true);
    expect(refreshFromRun('s1', makeRun([makeResult({ endpointId: 'a' })], { cancelled: true }), AT).error).toMatch(/stopped/);
    expect(refreshFromRun('s1', makeRun([makeResult({ endpointId: 'a', required: false })]), AT)).toMatchObject({
      allReachable: false,
      error: 'The check listed no required endpoint for this region.',
    });
  });
});
