import { regionInfo } from './regions.ts';
import type { Region } from './schemas/endpoint-catalog.ts';

/**
 * Where the Connectivity AllowList API lives, as Citrix documents it: one
 * global address for the US, EU and AP-S geos and one for Japan. Citrix
 * documents none for the Government cloud, so none is made up here. Shared so
 * the app can say which address a fetch will use before it asks.
 */
export const ALLOWLIST_BASE_URLS = {
  global: 'https://api.cloud.com/connectivity',
  japan: 'https://api.citrixcloud.jp/connectivity',
} as const;

/** The documented base URL of a region, or why there is none. */
export function regionAllowlistBaseUrl(region: Region): { baseUrl: string } | { baseUrl: undefined; reason: string } {
  switch (region) {
    case 'commercial':
      return { baseUrl: ALLOWLIST_BASE_URLS.global };
    case 'japan':
      return { baseUrl: ALLOWLIST_BASE_URLS.japan };
    case 'gov':
      return {
        baseUrl: undefined,
        reason: `Citrix documents no AllowList API address for ${regionInfo('gov').label}. Use the allowlist bundled with Fieldkit, or give the API address yourself if Citrix gave you one.`,
      };
  }
}
