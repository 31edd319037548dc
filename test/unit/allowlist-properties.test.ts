import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAllowlist } from '../../electron/services/allowlist/export-allowlist.ts';
import { filterAllowlist } from '../../electron/services/allowlist/filter-allowlist.ts';
import { normalizeAllowlist } from '../../electron/services/allowlist/normalize-allowlist.ts';
import { isFieldkitError } from '../../shared/fieldkit-error.ts';
import { AllowlistDocument, EXPORT_KINDS, type AllowlistFilterInput } from '../../shared/schemas/allowlist.ts';

/**
 * Properties of the parsers and exporters over random answers: a valid answer
 * always normalizes to a valid document, every export is deterministic and
 * holds every FQDN and CIDR the filter keeps; an invalid answer is refused
 * with the allowlist's own error and a message, never another kind of throw.
 */
const RUNS = { numRuns: 150 };
const FETCHED_AT = new Date('2026-06-02T08:30:00.000Z');

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const host = fc
  .tuple(fc.constantFrom('', '*.', 'CUSTOMER_ID.'), fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'net', 'jp'))
  .map(([prefix, labels, tld]) => `${prefix}${labels.join('.')}.${tld}`);
const cidr = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, p]) => `${a}/${p}`),
  fc.ipV4(),
);
const range = fc
  .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 20 }))
  .map(([from, width]) => (width === 0 || from + width > 65535 ? String(from) : `${from}-${from + width}`));
const portString = fc
  .tuple(fc.array(range, { minLength: 1, maxLength: 4 }), fc.constantFrom(',', ', ', ' , '))
  .map(([ranges, sep]) => ranges.join(sep));
const geo = fc.constantFrom('us', 'eu', 'ap-s', 'jp');
const direction = fc.constantFrom('inbound' as const, 'outbound' as const);
const serviceWords = fc.array(fc.stringMatching(/^[A-Z][a-z]{1,8}$/), { minLength: 1, maxLength: 3 });

const jsonAnswer = fc.record({
  meta: fc.record({ version: fc.constantFrom('2026-06-01T00:00:00Z', 'v42'), validUntil: fc.constant('2026-06-04T12:00:00Z') }),
  services: fc.array(
    fc.record(
      {
        // Any text a service may be called, quotes and commas included (the CSV quotes them).
        name: fc.string({ minLength: 1, maxLength: 12 }),
        direction,
        endpoints: fc.array(
          fc.record({ geo, fqdns: fc.array(host, { maxLength: 4 }), ips: fc.array(cidr, { maxLength: 4 }) }, { requiredKeys: ['geo'] }),
          { maxLength: 3 },
        ),
        tcpPorts: portString,
        udpPorts: portString,
        required: fc.boolean(),
        notes: fc.string({ maxLength: 20 }),
        extra: fc.jsonValue(),
      },
      { requiredKeys: ['name', 'direction', 'endpoints', 'required'] },
    ),
    { maxLength: 8 },
  ),
});

const zscalerAnswer = fc
  .tuple(
    fc.integer({ min: 1, max: 24 * 30 }),
    fc.array(
      fc.record({
        words: serviceWords,
        direction,
        geo,
        protocol: fc.constantFrom('tcp', 'udp'),
        ports: portString,
        domains: fc.array(host, { maxLength: 3 }),
        cidrs: fc.array(cidr, { maxLength: 3 }),
        v6: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
  )
  .map(([hours, entries]) => {
    const toEntry = (e: (typeof entries)[number]) => ({
      id: `${e.words.join('-').toLowerCase()}-${e.direction}-${e.geo}-${e.protocol}-${e.v6 ? 'ipv6' : 'ipv4'}`,
      name: `${e.words.join(' ')} ${e.direction} ${e.geo} ${e.protocol} ${e.v6 ? 'ipv6' : 'ipv4'}`,
      type: 'non-real-time',
      protocol: e.protocol,
      ports: e.ports,
      domains: e.domains,
      cidrs: e.cidrs,
    });
    return {
      usage: { update_interval: hours },
      services: entries.filter((e) => !e.v6).map(toEntry),
      ipv6_services: entries.filter((e) => e.v6).map(toEntry),
    };
  });

const filter: fc.Arbitrary<AllowlistFilterInput> = fc.record(
  {
    geo: fc.constantFrom('us', 'eu', 'ap-s', 'jp', 'all' as const),
    direction: fc.constantFrom('inbound', 'outbound', 'all' as const),
    requiredOnly: fc.boolean(),
    services: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const validAnswer = fc.oneof(
  jsonAnswer.map((answer) => ({ answer: answer, format: 'json' as const })),
  zscalerAnswer.map((answer) => ({ answer: answer, format: 'zscaler' as const })),
);

describe('allowlist properties', () => {
  it('a valid answer always normalizes to a valid document', () => {
    fc.assert(
      fc.property(validAnswer, ({ answer, format }) => {
        const doc = normalizeAllowlist(answer, format, FETCHED_AT);
        expect(AllowlistDocument.parse(doc)).toEqual(doc);
        // the same answer, the same document
        expect(normalizeAllowlist(structuredClone(answer), format, FETCHED_AT)).toEqual(doc);
      }),
      RUNS,
    );
  });

  it('every export is deterministic and holds every FQDN and CIDR the filter keeps', () => {
    fc.assert(
      fc.property(validAnswer, filter, fc.constantFrom(...EXPORT_KINDS), ({ answer, format }, f, kind) => {
        const doc = normalizeAllowlist(answer, format, FETCHED_AT);
        const options = { filter: f, customerId: 'acme42', proxy: { host: 'proxy.example.com', port: 3128 } };
        const once = exportAllowlist(doc, kind, options);
        const twice = exportAllowlist(structuredClone(doc), kind, structuredClone(options));
        expect(twice).toEqual(once);
        expect(once.content).not.toContain('\r');

        const kept = filterAllowlist(doc, f).doc.services;
        const fqdns = kept.flatMap((s) => s.endpoints.flatMap((e) => e.fqdns)).map((h) => h.replaceAll('CUSTOMER_ID', 'acme42'));
        const cidrs = kept.flatMap((s) => s.endpoints.flatMap((e) => e.cidrs));
        const portless = new Set(kept.filter((s) => s.tcpPorts.length + s.udpPorts.length === 0).map((s) => s.name));
        const withPorts = kept.filter((s) => !portless.has(s.name));
        const lines = new Set(once.content.split('\n'));
        switch (kind) {
          case 'fqdn':
          case 'edl-url':
            for (const h of fqdns) expect(lines.has(h), h).toBe(true);
            break;
          case 'cidr':
            for (const c of cidrs.filter((c) => !c.includes(':'))) expect(lines.has(c), c).toBe(true);
            for (const c of cidrs.filter((c) => c.includes(':')))
              expect(exportAllowlist(doc, kind, { ...options, ipVersion: 6 }).content.split('\n')).toContain(c);
            break;
          case 'edl-ip':
            for (const c of cidrs) expect(lines.has(c), c).toBe(true);
            break;
          case 'pac':
            for (const h of fqdns)
              expect(once.content).toContain(JSON.stringify(h.startsWith('*.') && !h.slice(2).includes('*') ? h.slice(1) : h));
            break;
          case 'zscaler': {
            const text = withPorts.flatMap((s) => s.endpoints.flatMap((e) => [...e.fqdns, ...e.cidrs]));
            for (const v of text) expect(once.content).toContain(JSON.stringify(v.replaceAll('CUSTOMER_ID', 'acme42')));
            break;
          }
          case 'csv':
          case 'json':
            for (const v of [...fqdns, ...cidrs]) expect(once.content).toContain(v);
            break;
        }
      }),
      RUNS,
    );
  });

  it('anything that is not an answer is refused with a message, never another kind of throw', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom('json' as const, 'zscaler' as const), (answer, format) => {
        expectRefusedOrValid(() => normalizeAllowlist(answer, format, FETCHED_AT));
      }),
      RUNS,
    );
  });

  it('a valid answer with one wrong value is refused with a message', () => {
    const wrongPort = fc.constantFrom('443;80', 'http', '0', '70000', '9-1', '80,,x', '*');
    const wrongHost = fc.constantFrom('https://x.example.com', 'a b.com', 'x.example.com/path', '', 'x..y', '-x.com');
    const wrongCidr = fc.constantFrom('10.0.0.0/33', '300.1.1.1/8', '2001:db8::/129', 'x/8', '10.0.0.0/8/1', '');
    fc.assert(
      fc.property(jsonAnswer, fc.nat(), wrongPort, wrongHost, wrongCidr, fc.nat(3), (answer, at, port, badHost, badCidr, which) => {
        fc.pre(answer.services.length > 0);
        const s = answer.services[at % answer.services.length]!;
        if (which === 0) s.tcpPorts = port;
        else if (which === 1) s.endpoints = [{ geo: 'us', fqdns: [badHost] }];
        else if (which === 2) s.endpoints = [{ geo: 'us', ips: [badCidr] }];
        else (s as Record<string, unknown>).required = 'yes';
        let thrown: unknown;
        try {
          normalizeAllowlist(answer, 'json', FETCHED_AT);
        } catch (err) {
          thrown = err;
        }
        expect(isFieldkitError(thrown) && thrown.code === 'ALLOWLIST_ANSWER_INVALID' && thrown.message.length > 40).toBe(true);
      }),
      RUNS,
    );
  });
});

function expectRefusedOrValid(run: () => unknown): void {
  try {
    AllowlistDocument.parse(run());
  } catch (err) {
    if (!isFieldkitError(err) || err.code !== 'ALLOWLIST_ANSWER_INVALID' || err.message.length === 0) throw err;
  }
}
