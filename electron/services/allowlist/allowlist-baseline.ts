import type { AllowlistDocument, AllowlistService } from '../../../shared/schemas/allowlist.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import { loadEndpointCatalog } from '../diagnostics/endpoint-catalog.ts';
import { canonicalHost, compareText, sortedUnique } from './allowlist-entries.ts';
import { compareServices } from './normalize-allowlist.ts';
import { mergePortRanges } from './port-ranges.ts';

/**
 * The allowlist Fieldkit ships with, for a first start without network: the
 * NetScaler Console Cloud Connect endpoints of Fieldkit's endpoint catalog
 * (resources/endpoint-catalog.json, from the Cloud Connect prerequisites), the
 * one place those facts live. It is not the Citrix Cloud allowlist: its
 * version says "baseline-", it has no validUntil (nothing in it expires,
 * nothing in it is current either), and every service's notes name the
 * catalog entries it comes from.
 */

/** The day the catalog's Cloud Connect endpoints were last checked against the documentation; change it with them. */
export const BASELINE_DATE = '2026-12-01';
export const BASELINE_VERSION = `baseline-${BASELINE_DATE}`;

export function isBaselineVersion(version: string): boolean {
  return version.startsWith('baseline-');
}

/** The API's geos for each catalog region; the Government cloud has none in the API, so its own "gov". */
const REGION_GEOS: Record<Region, readonly string[]> = {
  commercial: ['ap-s', 'eu', 'us'],
  gov: ['gov'],
  japan: ['jp'],
};

let built: AllowlistDocument | undefined;

export function allowlistBaseline(): AllowlistDocument {
  built ??= buildBaseline();
  return built;
}

function buildBaseline(): AllowlistDocument {
  const catalog = loadEndpointCatalog();
  const services: AllowlistService[] = catalog.groups.map((group) => {
    const entries = catalog.endpoints.filter((e) => e.group === group.id);
    const geos = new Map<string, Set<string>>();
    for (const e of entries)
      for (const geo of REGION_GEOS[e.region]) {
        const hosts = geos.get(geo) ?? new Set<string>();
        hosts.add(canonicalHost(e.listed) ?? e.listed.toLowerCase());
        geos.set(geo, hosts);
      }
    return {
      name: `Cloud Connect ${group.label}`,
      direction: 'outbound',
      required: entries.some((e) => e.required),
      notes: `${group.why} Bundled baseline, not fetched from the allowlist API: NetScaler Console Cloud Connect prerequisites (Fieldkit endpoint catalog entries ${sortedUnique(entries.map((e) => e.id)).join(', ')}).`,
      tcpPorts: mergePortRanges(entries.map((e) => ({ from: e.port, to: e.port }))),
      udpPorts: [],
      endpoints: [...geos.entries()]
        .map(([geo, hosts]) => ({ geo, fqdns: sortedUnique(hosts), cidrs: [] }))
        .sort((a, b) => compareText(a.geo, b.geo)),
    };
  });
  return { version: BASELINE_VERSION, services: services.sort(compareServices) };
}
