import { useEffect } from 'react';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import type { Site } from '../../../shared/schemas/sites.ts';
import { useSiteStore } from '../store/site-store.ts';
import { useEngineQuery } from './engine-query.ts';

/** Every site and the active one, from the engine (sites.json, which the CLI may change too). */
export function useSites() {
  const query = useEngineQuery('sitesList', []);
  const sites = query.data?.sites ?? [];
  const active = sites.find((s) => s.id === query.data?.activeSiteId);
  return { query, sites, active };
}

/** What a check or an allowlist fetch starts from: the active site's values. */
export interface SiteCheckDefaults {
  siteName: string;
  region: Region;
  ccid: string;
  serviceUrl: string;
  proxyProfileId: string | undefined;
}

function defaultsOf(site: Site): SiteCheckDefaults {
  return {
    siteName: site.name,
    region: site.region,
    ccid: site.ccid ?? '',
    serviceUrl: site.serviceUrl ?? '',
    proxyProfileId: site.proxyProfileId,
  };
}

/**
 * Hands a page the active site's values when it opens, whenever another site
 * becomes active or those values change, and when "Check connectivity now"
 * asks again; in between, what the user types on the page wins. The CCID is
 * shared by Diagnostics and the Allowlist (the site store), so it is set once
 * per change, not once per page.
 */
export function useSiteDefaults(apply: (defaults: SiteCheckDefaults) => void): Site | undefined {
  const { active } = useSites();
  const request = useSiteStore((s) => s.defaultsRequest);
  // Only the values a check takes count: ticking a step changes the site but not what a check starts from.
  const key = active
    ? JSON.stringify([active.id, active.region, active.ccid, active.serviceUrl, active.proxyProfileId, request])
    : undefined;
  useEffect(() => {
    if (!active || key === undefined) return;
    const store = useSiteStore.getState();
    if (store.ccidFromSite !== key) store.takeCcidFromSite(key, active.ccid ?? '');
    apply(defaultsOf(active));
    // Applied once per key: `apply` is a fresh closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return active;
}
