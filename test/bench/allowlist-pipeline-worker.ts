import { readFileSync } from 'node:fs';
import { exportAllowlist } from '../../electron/services/allowlist/export-allowlist.ts';
import { filterAllowlist } from '../../electron/services/allowlist/filter-allowlist.ts';
import { normalizeAllowlist } from '../../electron/services/allowlist/normalize-allowlist.ts';

/**
 * The allowlist pipeline in a process of its own, so its peak memory is its
 * own: the peak resident set (getrusage maxRSS) before the pipeline, with the
 * answer's text already read, and after it. Prints one JSON line.
 */
const text = readFileSync(process.argv[2]!, 'utf8');
const fetchedAt = new Date('2026-06-02T00:00:00Z');
// warm-up on a small slice: module loading and JIT, not the figure
const small = JSON.parse(text) as { meta: unknown; services: unknown[] };
const warm = normalizeAllowlist({ meta: small.meta, services: small.services.slice(0, 50) }, 'json', fetchedAt);
exportAllowlist(warm, 'csv');
exportAllowlist(warm, 'pac');
small.services.length = 0;
globalThis.gc?.();

const rssBefore = process.resourceUsage().maxRSS * 1024;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const doc = normalizeAllowlist(JSON.parse(text), 'json', fetchedAt);
const t1 = performance.now();
const filter = { direction: 'outbound', requiredOnly: true } as const;
const kept = filterAllowlist(doc, filter).doc;
const t2 = performance.now();
const csv = exportAllowlist(doc, 'csv', { filter, customerId: 'acme42' });
const t3 = performance.now();
const pac = exportAllowlist(doc, 'pac', { filter, customerId: 'acme42', proxy: { host: 'proxy.example.com', port: 8080 } });
const t4 = performance.now();
const cpu = process.cpuUsage(cpu0);
const rssAfter = process.resourceUsage().maxRSS * 1024;

const endpoints = doc.services.reduce((n, s) => n + s.endpoints.reduce((m, e) => m + e.fqdns.length + e.cidrs.length, 0), 0);
console.log(
  JSON.stringify({
    services: doc.services.length,
    endpoints,
    keptServices: kept.services.length,
    csvRows: csv.content.split('\n').length - 2,
    csvBytes: csv.content.length,
    pacBytes: pac.content.length,
    normalizeSeconds: (t1 - t0) / 1000,
    filterSeconds: (t2 - t1) / 1000,
    csvSeconds: (t3 - t2) / 1000,
    pacSeconds: (t4 - t3) / 1000,
    totalSeconds: (t4 - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: rssAfter,
    peakRssGrowthBytes: rssAfter - rssBefore,
  }),
);
