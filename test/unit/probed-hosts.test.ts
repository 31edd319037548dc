import { describe, expect, it } from 'vitest';
import { renderDiagnostic } from '../../shared/diagnostics-failures.ts';
import { groupByProbedHost, hostWithListedNames, listNames } from '../../shared/probed-hosts.ts';
import { makeResult } from '../support/diagnostics-fixtures.ts';

describe('results per probed host', () => {
  const domain = renderDiagnostic('domain_level_only', { pattern: '*.agent.adm.cloud.com', host: 'adm.cloud.com' });
  const results = [
    makeResult({ endpointId: 'agent', listed: '*.agent.adm.cloud.com', host: 'adm.cloud.com', warnings: [domain] }),
    makeResult({ endpointId: 'trust', listed: 'trust.citrixnetworkapi.net', host: 'trust.citrixnetworkapi.net' }),
    makeResult({ endpointId: 'wild', listed: '*.adm.cloud.com', host: 'adm.cloud.com', warnings: [domain] }),
    makeResult({ endpointId: 'adm', listed: 'adm.cloud.com', host: 'adm.cloud.com', required: false }),
  ];

  it('gives one entry per host:port, in run order, with every listed name it stands for', () => {
    const hosts = groupByProbedHost(results);
    expect(hosts.map((h) => [h.key, h.listed])).toEqual([
      ['adm.cloud.com:443', ['*.agent.adm.cloud.com', '*.adm.cloud.com', 'adm.cloud.com']],
      ['trust.citrixnetworkapi.net:443', ['trust.citrixnetworkapi.net']],
    ]);
    expect(hosts[0]!.results.map((r) => r.endpointId)).toEqual(['agent', 'wild', 'adm']);
    expect(hosts[0]!.required).toBe(true);
    expect(hosts[0]!.warnings).toHaveLength(1);
  });

  it('the same host on another port is another probe', () => {
    const other = makeResult({ endpointId: 'alt', listed: 'adm.cloud.com', host: 'adm.cloud.com', port: 8443 });
    expect(groupByProbedHost([...results, other]).map((h) => h.key)).toEqual([
      'adm.cloud.com:443',
      'trust.citrixnetworkapi.net:443',
      'adm.cloud.com:8443',
    ]);
  });

  it('the worst verdict speaks for a host whose rows disagree (a single row re-checked in an old run)', () => {
    const failing = makeResult({
      endpointId: 'wild',
      listed: '*.adm.cloud.com',
      host: 'adm.cloud.com',
      verdict: 'not-reachable',
      verdictLabel: 'Not Reachable',
      failure: renderDiagnostic('tcp_refused', {}),
    });
    const [adm] = groupByProbedHost([results[0]!, failing]);
    expect(adm).toMatchObject({ verdict: 'not-reachable', failure: { code: 'tcp_refused' } });
  });

  it('names the host alone when it is what the documentation lists, else with the names it stands for', () => {
    const [adm, trust] = groupByProbedHost(results);
    expect(hostWithListedNames(trust!)).toBe('trust.citrixnetworkapi.net');
    expect(hostWithListedNames(adm!)).toBe('adm.cloud.com (for *.agent.adm.cloud.com, *.adm.cloud.com and adm.cloud.com)');
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b'])).toBe('a and b');
  });
});
