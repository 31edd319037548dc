import { describe, expect, it } from 'vitest';
import { formatAllowlistDiff } from '../../electron/cli/commands/allowlist-text.ts';
import { diffAllowlists } from '../../electron/services/allowlist/diff-allowlist.ts';
import { normalizeAllowlist } from '../../electron/services/allowlist/normalize-allowlist.ts';
import { AllowlistDiff } from '../../shared/schemas/allowlist.ts';
import { allowlistAnswer, FIXTURE_FETCHED_AT } from '../support/allowlist-fixtures.ts';

type Answer = { meta: { version: string }; services: Array<Record<string, unknown>> };

const before = normalizeAllowlist(allowlistAnswer('answer-json'), 'json', FIXTURE_FETCHED_AT);

function changed(edit: (a: Answer) => void) {
  const answer = allowlistAnswer('answer-json') as Answer;
  answer.meta.version = '2026-06-08T00:00:00Z';
  edit(answer);
  return normalizeAllowlist(answer, 'json', FIXTURE_FETCHED_AT);
}

describe('diff of two allowlist versions', () => {
  it('is empty for the same content', () => {
    const diff = diffAllowlists(
      before,
      changed(() => {}),
      { from: 1, to: 2 },
    );
    expect(diff).toEqual({
      from: 1,
      to: 2,
      services: { added: [], removed: [] },
      fqdns: { added: [], removed: [] },
      cidrs: { added: [], removed: [] },
      ports: [],
    });
    expect(formatAllowlistDiff(diff)).toBe('Allowlist changes from version 1 to version 2:\n\nNo changes.\n');
  });

  it('names services, hosts, IPv4 and IPv6 blocks and ports added and removed, sorted', () => {
    const after = changed((a) => {
      a.services = a.services.filter((s) => s.name !== 'Analytics');
      a.services.push({
        name: 'Workspace',
        direction: 'outbound',
        endpoints: [{ geo: 'us', fqdns: ['b.cloud.example', 'a.cloud.example'] }],
        tcpPorts: '443',
        required: true,
      });
      const daas = a.services.find((s) => s.name === 'DaaS')!;
      daas.tcpPorts = '443,8443';
      daas.udpPorts = '1494-1495';
      (daas.endpoints as Array<{ ips?: string[] }>)[0]!.ips = ['13.107.6.152/31', '2001:db8:11::/48', '10.1.0.0/16'];
    });
    const diff = diffAllowlists(before, after, { from: 3, to: 7 });
    expect(AllowlistDiff.parse(diff)).toEqual(diff);
    expect(diff.services).toEqual({ added: ['Workspace (outbound)'], removed: ['Analytics (outbound)'] });
    expect(diff.fqdns).toEqual({ added: ['a.cloud.example', 'b.cloud.example'], removed: ['*.analytics.cloud.com'] });
    expect(diff.cidrs).toEqual({ added: ['10.1.0.0/16', '2001:db8:11::/48'], removed: ['2001:db8:10::/48'] });
    expect(diff.ports).toEqual([{ service: 'DaaS (outbound)', added: ['tcp/8443', 'udp/1494-1495'], removed: ['tcp/80'] }]);
    expect(formatAllowlistDiff(diff)).toBe(
      [
        'Allowlist changes from version 3 to version 7:',
        '',
        'Services (1 added, 1 removed)',
        '  + Workspace (outbound)',
        '  - Analytics (outbound)',
        '',
        'FQDNs (2 added, 1 removed)',
        '  + a.cloud.example',
        '  + b.cloud.example',
        '  - *.analytics.cloud.com',
        '',
        'CIDRs (2 added, 1 removed)',
        '  + 10.1.0.0/16',
        '  + 2001:db8:11::/48',
        '  - 2001:db8:10::/48',
        '',
        'Ports of DaaS (outbound) (2 added, 1 removed)',
        '  + tcp/8443',
        '  + udp/1494-1495',
        '  - tcp/80',
        '',
      ].join('\n'),
    );
    // the other way round, added and removed swap
    const back = diffAllowlists(after, before, { from: 7, to: 3 });
    expect(back.services).toEqual({ added: diff.services.removed, removed: diff.services.added });
    expect(back.cidrs).toEqual({ added: diff.cidrs.removed, removed: diff.cidrs.added });
  });

  it('tells a service that changes direction from one that stays', () => {
    const after = changed((a) => {
      a.services.find((s) => s.name === 'Rendezvous')!.direction = 'inbound';
    });
    expect(diffAllowlists(before, after, { from: 1, to: 2 }).services).toEqual({
      added: ['Rendezvous (inbound)'],
      removed: ['Rendezvous (outbound)'],
    });
  });
});
