import { describe, expect, it } from 'vitest';
import { allowlistBaseline, BASELINE_VERSION, isBaselineVersion } from '../../electron/services/allowlist/allowlist-baseline.ts';
import { normalizeAllowlist, parseZscalerLabel } from '../../electron/services/allowlist/normalize-allowlist.ts';
import { canonicalCidr, canonicalHost, sortedCidrs } from '../../electron/services/allowlist/allowlist-entries.ts';
import { parsePortList } from '../../electron/services/allowlist/port-ranges.ts';
import { loadEndpointCatalog } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import { AllowlistDocument } from '../../shared/schemas/allowlist.ts';
import { allowlistAnswer, FIXTURE_FETCHED_AT } from '../support/allowlist-fixtures.ts';

function refusal(answer: unknown, format: 'json' | 'zscaler' = 'json'): string {
  try {
    normalizeAllowlist(answer, format, FIXTURE_FETCHED_AT);
  } catch (err) {
    expect(err).toMatchObject({ name: 'FieldkitError', code: 'ALLOWLIST_ANSWER_INVALID' });
    return (err as Error).message;
  }
  throw new Error('the answer was accepted');
}

const jsonAnswer = () => allowlistAnswer('answer-json') as { meta: object; services: Array<Record<string, unknown>> };

describe('port strings', () => {
  it('read lists, ranges and spaces, canonical and merged', () => {
    expect(parsePortList('80,443')).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
    ]);
    expect(parsePortList(' 443 , 80, 1494 - 1495,1495-1496, 443')).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
      { from: 1494, to: 1496 },
    ]);
    expect(parsePortList('')).toEqual([]);
  });

  it.each([
    ['80;443', '"80;443" is not a port or a range of ports'],
    ['https', '"https" is not a port'],
    ['0', '"0" is outside the ports 1 to 65535'],
    ['65536', '"65536" is outside'],
    ['2000-1000', 'ends before it starts'],
    ['1-2-3', 'is not a port'],
    ['-5', 'is not a port'],
  ])('refuse %s', (text, message) => {
    const parsed = parsePortList(text);
    expect('error' in parsed && parsed.error).toContain(message);
  });
});

describe('hosts and CIDRs', () => {
  it('are kept in one canonical spelling', () => {
    expect(canonicalHost(' Citrix.Cloud.COM. ')).toBe('citrix.cloud.com');
    expect(canonicalHost('Customer_ID.xendesktop.net')).toBe('CUSTOMER_ID.xendesktop.net');
    expect(canonicalHost('*.cloud.com')).toBe('*.cloud.com');
    for (const bad of ['', 'a b.com', 'https://x.com', 'x.com/path', 'x..com', '-x.com', 'x*.com', 'x.com:443'])
      expect(canonicalHost(bad), bad).toBeUndefined();
    expect(canonicalCidr('192.0.2.10')).toBe('192.0.2.10/32');
    expect(canonicalCidr('2001:DB8::/32')).toBe('2001:db8::/32');
    expect(canonicalCidr('2001:db8::1')).toBe('2001:db8::1/128');
    for (const bad of ['10.0.0.0/33', '10.0.0.256/8', '10.0.0/8', '10.0.0.0/', '10.0.0.0/x', '::/129', 'host/8', '1.2.3.4/8/8'])
      expect(canonicalCidr(bad), bad).toBeUndefined();
  });

  it('sort IPv4 by address before IPv6 by address, then by prefix', () => {
    expect(
      sortedCidrs([
        '2001:db8::/32',
        '10.0.0.0/16',
        '9.0.0.0/8',
        '::ffff:1.2.3.4/128',
        '::1/128',
        '10.0.0.0/8',
        '203.0.113.0/24',
        '2001:db8:1::/48',
        '::ffff:1.2.3.3/128',
        '10.0.0.0/8',
      ]),
    ).toEqual([
      '9.0.0.0/8',
      '10.0.0.0/8',
      '10.0.0.0/16',
      '203.0.113.0/24',
      '::1/128',
      '::ffff:1.2.3.3/128',
      '::ffff:1.2.3.4/128',
      '2001:db8::/32',
      '2001:db8:1::/48',
    ]);
  });
});

describe('normalizing a json answer', () => {
  const doc = normalizeAllowlist(allowlistAnswer('answer-json'), 'json', FIXTURE_FETCHED_AT);

  it('keeps the version and validity of meta, not the fetch time', () => {
    expect(doc.version).toBe('2026-06-01T00:00:00Z');
    expect(doc.validUntil).toBe('2026-06-04T12:00:00Z');
    expect(AllowlistDocument.parse(doc)).toEqual(doc);
  });

  it('sorts services, geos, hosts and addresses, lower-cases hosts and keeps the placeholder', () => {
    expect(doc.services.map((s) => `${s.name}/${s.direction}`)).toEqual([
      'Analytics/outbound',
      'Connector Appliance/inbound',
      'DaaS/outbound',
      'Gateway Service/outbound',
      'Rendezvous/outbound',
    ]);
    const daas = doc.services.find((s) => s.name === 'DaaS')!;
    expect(daas.endpoints.map((e) => e.geo)).toEqual(['eu', 'us']);
    expect(daas.endpoints[1]).toEqual({
      geo: 'us',
      fqdns: ['*.cloud.com', 'CUSTOMER_ID.xendesktop.net', 'citrix.cloud.com'],
      cidrs: ['13.107.6.152/31', '2001:db8:10::/48'],
    });
    expect(daas.tcpPorts).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
    ]);
    const rendezvous = doc.services.find((s) => s.name === 'Rendezvous')!;
    expect(rendezvous.endpoints[0]!.cidrs).toEqual(['192.0.2.10/32', '2001:db8:20::/48']);
    expect(rendezvous.udpPorts).toEqual([
      { from: 1494, to: 1494 },
      { from: 2598, to: 2598 },
    ]);
  });

  it('gives the same document whatever order the answer lists things in', () => {
    const answer = jsonAnswer();
    answer.services.reverse();
    for (const s of answer.services) (s.endpoints as Array<{ fqdns?: string[] }>).reverse().forEach((e) => e.fqdns?.reverse());
    expect(normalizeAllowlist(answer, 'json', new Date(0))).toEqual(doc);
  });

  it('merges a service listed twice into one, required if either says so', () => {
    const answer = jsonAnswer();
    answer.services.push({
      name: 'Analytics',
      direction: 'outbound',
      endpoints: [{ geo: 'us', fqdns: ['x.example.com'] }],
      tcpPorts: '443',
      required: true,
    });
    const analytics = normalizeAllowlist(answer, 'json', FIXTURE_FETCHED_AT).services.filter((s) => s.name === 'Analytics');
    expect(analytics).toHaveLength(1);
    expect(analytics[0]).toMatchObject({ required: true, tcpPorts: [{ from: 443, to: 443 }] });
    expect(analytics[0]!.endpoints.map((e) => e.geo)).toEqual(['ap-s', 'us']);
  });
});

describe('normalizing a zscaler answer', () => {
  const doc = normalizeAllowlist(allowlistAnswer('answer-zscaler'), 'zscaler', FIXTURE_FETCHED_AT);

  it('takes the version from the fetch time and validUntil from update_interval', () => {
    expect(doc.version).toBe('2026-06-02T08:30:00.000Z');
    expect(doc.validUntil).toBe('2026-06-05T20:30:00.000Z'); // + 84 hours
  });

  it('merges the IPv4 and IPv6 entries and the protocols of one service and geo', () => {
    const daas = doc.services.find((s) => s.name === 'DaaS')!;
    expect(daas.direction).toBe('outbound');
    expect(daas.endpoints.find((e) => e.geo === 'us')!.cidrs).toEqual(['13.107.6.152/31', '2001:db8:10::/48']);
    expect(daas.endpoints.map((e) => e.geo)).toEqual(['ap-s', 'us']);
    const gateway = doc.services.find((s) => s.name === 'Gateway Service')!;
    expect(gateway.tcpPorts).toEqual([{ from: 443, to: 443 }]);
    expect(gateway.udpPorts).toEqual([{ from: 443, to: 443 }]);
    expect(doc.services.find((s) => s.name === 'Connector Appliance')).toMatchObject({ direction: 'inbound', required: true });
  });

  it('reads the service from the id when the name is free text', () => {
    expect(doc.services.find((s) => s.name === 'rendezvous')).toMatchObject({
      tcpPorts: [
        { from: 1494, to: 1495 },
        { from: 2598, to: 2598 },
      ],
      endpoints: [{ geo: 'eu', fqdns: ['*.nssvc.net'], cidrs: ['203.0.113.64/26'] }],
    });
  });

  it('reads labels with a geo that holds the separator', () => {
    expect(parseZscalerLabel('daas-outbound-ap-s-tcp-ipv4', /-/)).toEqual({ service: 'daas', direction: 'outbound', geo: 'ap-s' });
    expect(parseZscalerLabel('Citrix Gateway inbound eu udp ipv6', /\s+/)).toEqual({
      service: 'Citrix Gateway',
      direction: 'inbound',
      geo: 'eu',
    });
    expect(parseZscalerLabel('outbound-us-tcp-ipv4', /-/)).toBeUndefined();
    expect(parseZscalerLabel('daas-outbound-us-ipv4', /-/)).toBeUndefined();
  });
});

describe('refused answers (nothing half-parsed)', () => {
  it.each([
    [null, 'the answer should be an object (it is null)'],
    ['<html>Service Unavailable</html>', 'the answer should be an object (it is text)'],
    [{ services: [] }, 'nothing of it was kept: meta is missing.'],
    [
      { meta: { version: '1', validUntil: '2' }, services: [{ name: 'DaaS', direction: 'sideways', endpoints: [], required: true }] },
      'services[0].direction should be one of "inbound", "outbound"',
    ],
    [
      { meta: { version: '1', validUntil: '2' }, services: [{ name: 'DaaS', direction: 'outbound', endpoints: [], required: 'yes' }] },
      'services[0].required should be true or false (it is text)',
    ],
    [
      {
        meta: { version: '1', validUntil: '2' },
        services: [{ name: 'DaaS', direction: 'outbound', endpoints: [], required: true, tcpPorts: 443 }],
      },
      'services[0].tcpPorts should be text (it is a number)',
    ],
  ])('json shape %#', (answer, where) => {
    expect(refusal(answer)).toContain(where);
  });

  it('names the service and the value that is wrong', () => {
    const ports = jsonAnswer();
    ports.services[0]!.tcpPorts = '443, https';
    expect(refusal(ports)).toBe(
      'The allowlist answer (json format) was refused, nothing of it was kept: service "DaaS" tcpPorts: "https" is not a port or a range of ports (like 443 or 1494-1495).',
    );
    const host = jsonAnswer();
    host.services[1]!.endpoints = [{ geo: 'us', fqdns: ['https://gateway.example.com/'] }];
    expect(refusal(host)).toContain('service "Gateway Service" lists "https://gateway.example.com/", which is not a host name');
    const cidr = jsonAnswer();
    cidr.services[1]!.endpoints = [{ geo: 'us', ips: ['203.0.113.0/33'] }];
    expect(refusal(cidr)).toContain('"203.0.113.0/33", which is not an IP address or CIDR block');
  });

  it('refuses zscaler entries it cannot place', () => {
    const base = { usage: { update_interval: 24 }, services: [] as unknown[] };
    const entry = {
      id: 'daas-outbound-us-tcp-ipv4',
      name: 'DaaS outbound us tcp ipv4',
      type: 'non-real-time',
      protocol: 'tcp',
      ports: '443',
    };
    expect(refusal({ ...base, services: [{ ...entry, protocol: 'icmp' }] }, 'zscaler')).toContain(
      'protocol "icmp"; only tcp and udp are known',
    );
    expect(refusal({ ...base, services: [{ ...entry, id: 'x1', name: 'something' }] }, 'zscaler')).toContain(
      'the entry "x1" names no service and direction',
    );
    expect(refusal({ ...base, usage: { update_interval: -1 } }, 'zscaler')).toContain('usage.update_interval is -1');
    expect(refusal({ usage: {}, services: [] }, 'zscaler')).toContain('usage.update_interval');
    expect(refusal({ ...base, ipv6_services: [{ ...entry, cidrs: ['2001:db8::/200'] }] }, 'zscaler')).toContain('"2001:db8::/200"');
  });
});

describe('the bundled baseline', () => {
  const baseline = allowlistBaseline();

  it('is labelled as such and never expires', () => {
    expect(baseline.version).toBe(BASELINE_VERSION);
    expect(isBaselineVersion(baseline.version)).toBe(true);
    expect(baseline.validUntil).toBeUndefined();
    expect(AllowlistDocument.parse(baseline)).toEqual(baseline);
  });

  it('holds every Cloud Connect endpoint of the catalog, each service naming the entries it comes from', () => {
    const catalog = loadEndpointCatalog();
    const hosts = new Set(baseline.services.flatMap((s) => s.endpoints.flatMap((e) => e.fqdns)));
    for (const e of catalog.endpoints) {
      expect(hosts.has(e.listed.toLowerCase()), e.id).toBe(true);
      expect(
        baseline.services.some((s) => s.notes?.includes(e.id)),
        e.id,
      ).toBe(true);
    }
    expect(baseline.services.every((s) => s.notes?.includes('Bundled baseline, not fetched from the allowlist API'))).toBe(true);
  });

  it('files the Japan and Government endpoints under their own geos', () => {
    const trust = baseline.services.find((s) => s.name === 'Cloud Connect Trust service')!;
    expect(trust.endpoints.find((e) => e.geo === 'jp')!.fqdns).toEqual(['trust.citrixnetworkapi.jp']);
    expect(trust.endpoints.find((e) => e.geo === 'gov')!.fqdns).toContain('trust.citrixnetworkapi.us');
    expect(trust.endpoints.find((e) => e.geo === 'us')!.fqdns).toEqual(['trust.citrixnetworkapi.net']);
  });
});
