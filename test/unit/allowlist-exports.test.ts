import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { exportAllowlist, type AllowlistExportOptions } from '../../electron/services/allowlist/export-allowlist.ts';
import { normalizeAllowlist } from '../../electron/services/allowlist/normalize-allowlist.ts';
import { EXPORT_KINDS, ZscalerAnswer, type ExportKind } from '../../shared/schemas/allowlist.ts';
import { ALLOWLIST_FIXTURES, allowlistAnswer, FIXTURE_FETCHED_AT } from '../support/allowlist-fixtures.ts';

/**
 * Every export kind against golden files. UPDATE_GOLDEN=1 writes them from the
 * code; a written golden is read by eye before it is committed, then any
 * change in the bytes fails here.
 */
const GOLDEN = join(ALLOWLIST_FIXTURES, 'golden');
const jsonDoc = normalizeAllowlist(allowlistAnswer('answer-json'), 'json', FIXTURE_FETCHED_AT);
const zscalerDoc = normalizeAllowlist(allowlistAnswer('answer-zscaler'), 'zscaler', FIXTURE_FETCHED_AT);

function golden(name: string, content: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, content);
  }
  expect(content).toBe(readFileSync(path, 'utf8'));
}

function goldenName(source: string, kind: ExportKind, fileName: string, variant = ''): string {
  return `${source}${variant}-${kind}.${fileName.split('.').at(-1)}`;
}

describe('allowlist exports (golden files)', () => {
  const cases: Array<[string, typeof jsonDoc, AllowlistExportOptions, string]> = [
    ['json', jsonDoc, {}, ''],
    ['json', jsonDoc, { customerId: 'acme42', proxy: { host: 'proxy.example.com', port: 8080 } }, '-acme42'],
    ['zscaler', zscalerDoc, {}, ''],
  ];
  for (const [source, doc, options, variant] of cases)
    it.each(EXPORT_KINDS)(`${source}${variant}: %s`, (kind) => {
      const out = exportAllowlist(doc, kind, options);
      golden(goldenName(source, kind, out.fileName, variant), out.content);
      expect(out.content.includes('\r')).toBe(false);
      expect(exportAllowlist(doc, kind, options).content).toBe(out.content);
    });

  it('filters by geo, direction and required-only', () => {
    const out = exportAllowlist(jsonDoc, 'csv', { filter: { geo: 'us', direction: 'outbound', requiredOnly: true }, customerId: 'acme42' });
    golden('json-us-outbound-required-csv.csv', out.content);
    expect(out.content).not.toContain('Rendezvous');
    expect(out.content).not.toContain('Connector Appliance');
    expect(out.content).not.toContain(',eu,');
  });

  it('writes the IPv6 CIDR list apart from the IPv4 one', () => {
    const v6 = exportAllowlist(jsonDoc, 'cidr', { ipVersion: 6 });
    golden('json-cidr-ipv6.txt', v6.content);
    expect(v6.fileName).toBe('citrix-cloud-allowlist-2026-06-01T00-00-00Z-cidr-ipv6.txt');
    expect(
      v6.content
        .split('\n')
        .filter(Boolean)
        .every((c) => c.includes(':')),
    ).toBe(true);
    const v4 = exportAllowlist(jsonDoc, 'cidr', {});
    expect(
      v4.content
        .split('\n')
        .filter(Boolean)
        .some((c) => c.includes(':')),
    ).toBe(false);
    expect(v4.warnings).toContain('3 IPv6 CIDR(s) are not in this list; export again for IPv6.');
  });
});

describe('CUSTOMER_ID placeholders', () => {
  it('are filled with the customer ID in every format', () => {
    for (const kind of EXPORT_KINDS) {
      const out = exportAllowlist(jsonDoc, kind, { customerId: 'acme42' });
      expect(out.content, kind).not.toContain('CUSTOMER_ID');
      expect(out.warnings.join(' '), kind).not.toContain('CUSTOMER_ID');
    }
    expect(exportAllowlist(jsonDoc, 'fqdn', { customerId: 'acme42' }).content).toContain('acme42.xendesktop.net\n');
  });

  it('become "*" where the format takes wildcards, with a warning', () => {
    for (const kind of ['csv', 'fqdn', 'edl-url', 'pac', 'zscaler'] as const) {
      const out = exportAllowlist(jsonDoc, kind);
      expect(out.content, kind).not.toContain('CUSTOMER_ID');
      expect(out.content, kind).toContain(kind === 'pac' ? '".xendesktop.net"' : '*.xendesktop.net');
      expect(
        out.warnings.some((w) => w.includes('written with "*"') && w.includes('CUSTOMER_ID.xendesktop.net')),
        kind,
      ).toBe(true);
    }
  });

  it('stay verbatim in the canonical JSON, named in a warning', () => {
    const out = exportAllowlist(jsonDoc, 'json');
    expect(out.content).toContain('"CUSTOMER_ID.xendesktop.net"');
    expect(out.warnings.some((w) => w.includes('keep the CUSTOMER_ID placeholder') && w.includes('CUSTOMER_ID.xendesktop.net'))).toBe(true);
  });

  it('a customer ID that is not a CCID is refused before anything is written', () => {
    expect(() => exportAllowlist(jsonDoc, 'fqdn', { customerId: 'acme-42' })).toThrow(
      expect.objectContaining({ code: 'ALLOWLIST_EXPORT_OPTIONS_INVALID', field: 'customerId' }),
    );
    expect(() => exportAllowlist(jsonDoc, 'pac', { proxy: { host: 'http://proxy', port: 8080 } })).toThrow(
      expect.objectContaining({ code: 'ALLOWLIST_EXPORT_OPTIONS_INVALID', field: 'proxy.host' }),
    );
    expect(() => exportAllowlist(jsonDoc, 'pac', { proxy: { host: 'proxy', port: 0 } })).toThrow(
      expect.objectContaining({ field: 'proxy.port' }),
    );
  });
});

describe('the PAC file', () => {
  /** PAC's own helpers as browsers define them, enough to run the file. */
  function runPac(content: string, host: string): string {
    const sandbox = {
      dnsDomainIs: (h: string, d: string) => h.length >= d.length && h.endsWith(d),
      shExpMatch: (s: string, p: string) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ).test(s),
      result: '',
    };
    runInNewContext(`${content}\nresult = FindProxyForURL("https://" + ${JSON.stringify(host)} + "/", ${JSON.stringify(host)});`, sandbox);
    return sandbox.result;
  }

  it('sends the listed hosts to the proxy and everything else DIRECT', () => {
    const { content } = exportAllowlist(jsonDoc, 'pac', { customerId: 'acme42', proxy: { host: 'proxy.example.com', port: 8080 } });
    expect(runPac(content, 'acme42.xendesktop.net')).toBe('PROXY proxy.example.com:8080');
    expect(runPac(content, 'Citrix.Cloud.com')).toBe('PROXY proxy.example.com:8080');
    expect(runPac(content, 'deep.sub.cloud.com')).toBe('PROXY proxy.example.com:8080');
    expect(runPac(content, 'global-s.g.nssvc.net')).toBe('PROXY proxy.example.com:8080');
    expect(runPac(content, 'other.xendesktop.net')).toBe('DIRECT');
    // "*.cloud.com" is subdomains only, as the wildcard says
    expect(runPac(content, 'cloud.com')).toBe('DIRECT');
    expect(runPac(content, 'example.org')).toBe('DIRECT');
  });

  it('brackets an IPv6 proxy address and says when no proxy was given', () => {
    expect(exportAllowlist(jsonDoc, 'pac', { proxy: { host: '2001:db8::8', port: 3128 } }).content).toContain('"PROXY [2001:db8::8]:3128"');
    const direct = exportAllowlist(jsonDoc, 'pac');
    expect(direct.warnings).toContain('No proxy was given: the PAC file sends the listed hosts DIRECT.');
  });
});

describe('the zscaler export', () => {
  it('is the API shape and reads back as the same document', () => {
    const out = exportAllowlist(zscalerDoc, 'zscaler');
    const answer = JSON.parse(out.content) as unknown;
    expect(ZscalerAnswer.safeParse(answer).success).toBe(true);
    expect(normalizeAllowlist(answer, 'zscaler', FIXTURE_FETCHED_AT)).toEqual(zscalerDoc);
    expect(JSON.parse(out.content)).toMatchObject({ usage: { update_interval: 84 } });
  });

  it('names services that cannot be in it (no ports) instead of dropping them silently', () => {
    const out = exportAllowlist(jsonDoc, 'zscaler', { customerId: 'acme42' });
    expect(out.warnings).toContain('The zscaler shape needs ports: "Analytics" list none and are left out.');
  });
});

describe('filters', () => {
  it('that are not valid are refused with the field named', () => {
    expect(() => exportAllowlist(jsonDoc, 'fqdn', { filter: { geo: 'mars' as 'us' } })).toThrow(
      expect.objectContaining({
        code: 'ALLOWLIST_EXPORT_OPTIONS_INVALID',
        field: 'filter.geo',
        message: expect.stringContaining("The filter's geo is not valid") as unknown,
      }),
    );
  });

  it('warn about a service name the version does not hold', () => {
    const out = exportAllowlist(jsonDoc, 'fqdn', { filter: { services: ['daas', 'DaaS Typo'] }, customerId: 'acme42' });
    expect(out.content).toBe('*.cloud.com\nacme42.xendesktop.net\ncitrix.cloud.com\n');
    expect(out.warnings).toEqual(['This version lists no service named "DaaS Typo"; check the spelling.']);
  });
});
