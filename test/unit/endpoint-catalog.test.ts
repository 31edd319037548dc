import { describe, expect, it } from 'vitest';
import { describeRegion } from '../../shared/regions.ts';
import { Ccid } from '../../shared/schemas/diagnostics.ts';
import { loadEndpointCatalog, parseServiceUrl, planEndpoints } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import { validateDiagnoseRequest } from '../../electron/services/diagnostics/diagnose-request.ts';

/** The hosts the Cloud Connect prerequisites list, per region, as reconstructed from the documentation's table. */
const DOCUMENTED = {
  gov: [
    '*.citrixnetworkapi.us',
    'trust.citrixnetworkapi.us',
    '*.agent.adm.cloud.us',
    '*.adm.cloud.us',
    'adm.cloud.us',
    'citrix.cloud.us',
    'accounts.cloud.us',
  ],
  commercial: [
    'trust.citrixnetworkapi.net',
    '*.agent.adm.cloud.com',
    '*.adm.cloud.com',
    'adm.cloud.com',
    'netscalermas.cloud.com',
    'citrix.cloud.com',
    'accounts.cloud.com',
  ],
  japan: [
    'trust.citrixnetworkapi.jp',
    '*.agent.adm.citrixcloud.jp',
    '*.citrixnetworkapi.jp',
    '*.adm.citrixcloud.jp',
    'adm.citrixcloud.jp',
    'citrix.citrixcloud.jp',
    'accounts.citrixcloud.jp',
  ],
} as const;

describe('endpoint catalog', () => {
  const catalog = loadEndpointCatalog();

  it('writes every listed name in lower case (the documentation capitalises "Citrix.cloud.com"), and refuses a catalog that does not', () => {
    for (const e of catalog.endpoints) expect(e.listed).toBe(e.listed.toLowerCase());
    const shouting = structuredClone(catalog);
    shouting.endpoints[0]!.listed = 'Trust.citrixnetworkapi.net';
    expect(() => loadEndpointCatalog(shouting)).toThrow(/lower case/);
  });

  it.each(Object.entries(DOCUMENTED))('lists exactly the documented endpoints for %s, all on 443', (region, hosts) => {
    const listed = catalog.endpoints.filter((e) => e.region === region).map((e) => e.listed);
    expect(listed.sort()).toEqual([...hosts].sort());
    expect(catalog.endpoints.filter((e) => e.region === region).every((e) => e.port === 443 && e.why.length > 10)).toBe(true);
  });

  it('groups endpoints by purpose, with customer details only where the documentation has them', () => {
    const group = (id: string) => catalog.endpoints.find((e) => e.id === id)?.group;
    expect(group('commercial-trust')).toBe('trust-service');
    expect(group('commercial-agent')).toBe('console-service');
    expect(group('commercial-netscalermas')).toBe('customer-details');
    expect(group('japan-adm')).toBe('customer-details');
    expect(group('gov-accounts')).toBe('cloud-sign-in');
    expect(catalog.endpoints.some((e) => e.region === 'gov' && e.group === 'customer-details')).toBe(false);
    expect(catalog.ports.map((p) => p.port)).toEqual([443, 80]);
    expect(describeRegion('gov', catalog.regions.gov).consoleSetup).toContain('--region gov');
    expect(describeRegion('japan', catalog.regions.japan).consoleSetup).toContain('--region japan');
  });

  it('names a concrete host for every wildcard', () => {
    const plan = planEndpoints(catalog, 'gov');
    const wildcard = plan.find((p) => p.entry.listed === '*.citrixnetworkapi.us')!;
    expect(wildcard).toMatchObject({ host: 'trust.citrixnetworkapi.us', coverage: 'representative' });
    expect(wildcard.coverageNote).toBe('trust.citrixnetworkapi.us stands for *.citrixnetworkapi.us.');
    for (const region of ['commercial', 'gov', 'japan'] as const) {
      for (const p of planEndpoints(catalog, region)) {
        expect(p.host).toMatch(/^[a-z0-9.-]+$/);
        if (p.entry.listed.startsWith('*')) expect(p.coverageNote).toContain(p.entry.listed);
      }
    }
  });

  it('tenant hosts: the service URL, else domain level only (the catalog publishes no CCID-based name for them)', () => {
    const agent = (opts: { ccid?: string; serviceUrlHost?: string }) =>
      planEndpoints(catalog, 'japan', opts).find((p) => p.entry.id === 'japan-agent')!;
    expect(agent({})).toMatchObject({ host: 'adm.citrixcloud.jp', coverage: 'domain-level' });
    expect(agent({}).coverageNote).toContain('checked at domain level only');
    expect(agent({ ccid: 'AbC12' })).toMatchObject({ host: 'adm.citrixcloud.jp', coverage: 'domain-level' });
    expect(agent({ ccid: 'AbC12', serviceUrlHost: 'x.agent.adm.citrixcloud.jp' })).toMatchObject({
      host: 'x.agent.adm.citrixcloud.jp',
      coverage: 'tenant-service-url',
    });
  });

  it("accepts a service URL as host or URL, and refuses another region's or a malformed one with the field and fix", () => {
    expect(parseServiceUrl('https://Acme.agent.adm.cloud.com/console', 'commercial')).toBe('acme.agent.adm.cloud.com');
    expect(parseServiceUrl('acme-01.agent.adm.cloud.us', 'gov')).toBe('acme-01.agent.adm.cloud.us');
    expect(() => parseServiceUrl('acme.agent.adm.cloud.com', 'gov')).toThrow(
      expect.objectContaining({
        code: 'DIAG_INVALID_SERVICE_URL',
        field: 'serviceUrl',
        hint: expect.stringContaining('commercial region') as unknown,
      }),
    );
    expect(() => parseServiceUrl('a.b.agent.adm.cloud.com', 'commercial')).toThrow(
      expect.objectContaining({ code: 'DIAG_INVALID_SERVICE_URL' }),
    );
    expect(() => parseServiceUrl('.agent.adm.cloud.com', 'commercial')).toThrow(expect.objectContaining({ field: 'serviceUrl' }));
    expect(() => parseServiceUrl('https://[bad', 'commercial')).toThrow(expect.objectContaining({ code: 'DIAG_INVALID_SERVICE_URL' }));
  });

  it('validates the CCID against ^[a-zA-Z0-9]{1,12}$ with a clear message', () => {
    expect(Ccid.parse('abcDEF123456')).toBe('abcDEF123456');
    for (const bad of ['', 'abcdefghijklm', 'acme-corp', 'acme corp', 'acmé', 'a.b']) {
      const r = Ccid.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('A CCID is 1 to 12 letters and digits only (no spaces, dashes or dots).');
    }
    expect(() => validateDiagnoseRequest({ region: 'commercial', ccid: 'acme_corp' })).toThrow(
      expect.objectContaining({ code: 'DIAG_INVALID_CCID', field: 'ccid' }),
    );
  });

  it('refuses a damaged catalog', () => {
    const broken = structuredClone(catalog) as unknown as { endpoints: Array<{ port: number }> };
    broken.endpoints[0]!.port = 0;
    expect(() => loadEndpointCatalog(broken)).toThrow(expect.objectContaining({ code: 'DIAG_CATALOG_INVALID' }));
    const dup = structuredClone(catalog);
    dup.endpoints.push(dup.endpoints[0]!);
    expect(() => loadEndpointCatalog(dup)).toThrow(/twice/);
  });
});
