import { describe, expect, it } from 'vitest';
import { formatRunText } from '../../electron/cli/commands/diagnose-text.ts';
import { troubleshootingEntry } from '../../shared/cloud-connect-guide.ts';
import { renderDiagnostic } from '../../shared/diagnostics-failures.ts';
import { makeResult, makeRun } from '../support/diagnostics-fixtures.ts';

const refused = (endpointId: string, listed: string, host: string) =>
  makeResult({
    endpointId,
    listed,
    host,
    group: 'console-service',
    verdict: 'not-reachable',
    verdictLabel: 'Not Reachable',
    failure: { ...renderDiagnostic('tcp_refused', { host }), troubleshooting: ['required-service-url-not-reachable', 'las-grace-period'] },
  });

describe('fieldkit diagnose text output', () => {
  const run = makeRun(
    [
      makeResult({ endpointId: 'trust', listed: 'trust.citrixnetworkapi.net', host: 'trust.citrixnetworkapi.net' }),
      refused('wild', '*.adm.cloud.com', 'adm.cloud.com'),
      refused('adm', 'adm.cloud.com', 'adm.cloud.com'),
      makeResult({
        endpointId: 'mismatch',
        listed: 'citrix.cloud.com',
        host: 'citrix.cloud.com',
        verdict: 'not-reachable',
        verdictLabel: 'Not Reachable',
        failure: renderDiagnostic('tls_hostname_mismatch', { host: 'citrix.cloud.com' }),
      }),
    ],
    { ccid: 'acme01' },
  );
  const text = formatRunText(run);

  it('prints each probed host once, with the listed names it stands for', () => {
    expect(text.match(/^ {2}Not Reachable +adm\.cloud\.com /gm)).toHaveLength(1);
    expect(text).toContain('      for *.adm.cloud.com and adm.cloud.com\n');
    expect(text).toMatch(/^ {2}Reachable +trust\.citrixnetworkapi\.net +10 ms$/m);
  });

  it("carries Console's wording where the documentation gives it, and only there", () => {
    expect(text.match(/NetScaler Console shows this as "Required service URL not reachable"\./g)).toHaveLength(1);
    const mismatch = text.slice(text.indexOf('citrix.cloud.com'));
    expect(mismatch.slice(0, mismatch.indexOf('\n\n'))).not.toContain('NetScaler Console shows');
  });

  it('names the linked troubleshooting entries under the failure and prints them once at the end', () => {
    const entry = troubleshootingEntry('las-grace-period');
    expect(text).toContain(
      `Troubleshooting: ${troubleshootingEntry('required-service-url-not-reachable').problem}; ${entry.problem} (below).`,
    );
    expect(text.split(`  ${entry.problem}: ${entry.fix}`)).toHaveLength(2);
  });

  it('says what the CCID does in the check', () => {
    expect(text).toContain(
      'CCID acme01: recorded with the check; fills in CUSTOMER_ID hosts of an allowlist; your tenant host cannot be derived from it.',
    );
  });
});
