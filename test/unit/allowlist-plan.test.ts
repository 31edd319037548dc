import { describe, expect, it } from 'vitest';
import { planAllowlistEndpoints, type AllowlistCheck } from '../../electron/services/diagnostics/allowlist-plan.ts';
import { loadEndpointCatalog } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import type { AllowlistDocument, AllowlistService } from '../../shared/schemas/allowlist.ts';

/** How a stored allowlist version becomes the hosts and ports of a check, without a network. */

const catalog = loadEndpointCatalog();

function service(name: string, fqdns: string[], extra: Partial<AllowlistService> = {}): AllowlistService {
  return {
    name,
    direction: 'outbound',
    required: true,
    tcpPorts: [{ from: 443, to: 443 }],
    udpPorts: [],
    endpoints: [{ geo: 'us', fqdns, cidrs: [] }],
    ...extra,
  };
}

function check(services: AllowlistService[], filter?: AllowlistCheck['filter']): AllowlistCheck {
  const document: AllowlistDocument = { version: 'v1', services };
  return {
    info: {
      id: 7,
      source: 'api',
      fetchedAt: '2026-12-01T00:00:00Z',
      query: { format: 'json', geo: 'all', direction: 'all' },
      version: 'v1',
      serviceCount: services.length,
      endpointCount: 0,
    },
    document,
    ...(filter ? { filter } : {}),
  };
}

describe('planAllowlistEndpoints', () => {
  it('fills CUSTOMER_ID from the CCID, and without one leaves the host out with the reason', () => {
    const c = check([service('DaaS', ['CUSTOMER_ID.xendesktop.net', 'www.cloud.com'])]);
    const withCcid = planAllowlistEndpoints(c, { catalog, region: 'commercial', ccid: 'Acme42' });
    expect(withCcid.planned.map((p) => [p.entry.listed, p.host, p.coverage])).toEqual([
      ['CUSTOMER_ID.xendesktop.net', 'acme42.xendesktop.net', 'tenant-customer-id'],
      ['www.cloud.com', 'www.cloud.com', 'exact'],
    ]);
    const without = planAllowlistEndpoints(c, { catalog, region: 'commercial' });
    expect(without.planned.map((p) => p.host)).toEqual(['www.cloud.com']);
    expect(without.record.skipped).toEqual([
      {
        service: 'DaaS',
        listed: 'CUSTOMER_ID.xendesktop.net',
        reason: 'CUSTOMER_ID.xendesktop.net needs the customer ID (CCID) to be checked.',
      },
    ]);
  });

  it('checks a tenant wildcard the catalog knows at the tenant host the service URL names, else as the catalog does', () => {
    const c = check([service('Console', ['*.agent.adm.cloud.com', '*.citrixworkspacesapi.net'])]);
    const tenant = planAllowlistEndpoints(c, { catalog, region: 'commercial', serviceUrlHost: 'acme.agent.adm.cloud.com' });
    expect(tenant.planned.map((p) => [p.host, p.coverage])).toEqual([
      ['acme.agent.adm.cloud.com', 'tenant-service-url'],
      ['citrixworkspacesapi.net', 'domain-level'],
    ]);
    const plain = planAllowlistEndpoints(c, { catalog, region: 'commercial' });
    expect(plain.planned[0]).toMatchObject({ host: 'adm.cloud.com', coverage: 'domain-level', entry: { probe: { kind: 'tenant' } } });
  });

  it('checks 443, names the other ports, and leaves out a service without 443', () => {
    const r = planAllowlistEndpoints(
      check([
        service('Web', ['a.example.com'], {
          tcpPorts: [
            { from: 80, to: 80 },
            { from: 443, to: 443 },
          ],
          udpPorts: [{ from: 443, to: 443 }],
        }),
        service('Range', ['b.example.com'], { tcpPorts: [{ from: 400, to: 500 }] }),
        service('None', ['c.example.com'], { tcpPorts: [] }),
        service('HDX', ['d.example.com'], { tcpPorts: [{ from: 1494, to: 1494 }] }),
      ]),
      { catalog, region: 'commercial' },
    );
    expect(r.planned.map((p) => [p.host, p.port])).toEqual([
      ['a.example.com', 443],
      ['b.example.com', 443],
      ['c.example.com', 443],
    ]);
    expect(r.record.skipped.map((s) => s.listed)).toEqual(['d.example.com']);
    expect(r.record.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Web also lists TCP 80,443: only 443/),
        expect.stringMatching(/^Web also lists UDP 443: UDP is not checked/),
        expect.stringMatching(/^None lists no TCP port/),
      ]),
    );
  });

  it('refuses a filter that leaves nothing to check, or a bad filter, naming the field', () => {
    const c = check([service('HDX', ['d.example.com'], { tcpPorts: [{ from: 1494, to: 1494 }] })]);
    expect(() => planAllowlistEndpoints(c, { catalog, region: 'commercial' })).toThrow(
      expect.objectContaining({ code: 'DIAG_ALLOWLIST_NOTHING_TO_CHECK' }),
    );
    expect(() =>
      planAllowlistEndpoints(check([service('Web', ['a.example.com'])], { geo: 'mars' as never }), { catalog, region: 'commercial' }),
    ).toThrow(expect.objectContaining({ code: 'DIAG_INVALID_OPTION', field: 'endpoints.fromAllowlist.filter.geo' }));
  });
});
