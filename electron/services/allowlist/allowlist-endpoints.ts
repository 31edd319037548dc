import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { regionInfo } from '../../../shared/regions.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';

/**
 * Where the Connectivity AllowList API lives, as Citrix documents it: one
 * global address for the US, EU and AP-S geos and one for Japan. Citrix
 * documents none for the Government cloud, so none is made up here.
 */
export const ALLOWLIST_BASE_URLS = {
  global: 'https://api.cloud.com/connectivity',
  japan: 'https://api.citrixcloud.jp/connectivity',
} as const;

export type AllowlistBaseUrl = { baseUrl: string; source: 'region' | 'override' } | { baseUrl: undefined; reason: string };

/** The override as the client uses it: https only (TLS verification is never off), no query, no trailing slash. */
export function normalizeBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new FieldkitError('ALLOWLIST_BAD_QUERY', `"${input}" is not a URL.`, {
      field: 'baseUrl',
      hint: 'Give the API base URL, e.g. https://api.cloud.com/connectivity.',
    });
  }
  if (url.protocol !== 'https:') {
    throw new FieldkitError('ALLOWLIST_BAD_QUERY', `The API base URL must start with https:// (it was ${url.protocol}//).`, {
      field: 'baseUrl',
      hint: 'Give the API base URL, e.g. https://api.cloud.com/connectivity.',
    });
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new FieldkitError('ALLOWLIST_BAD_QUERY', 'The API base URL must not carry a query, a fragment or credentials.', {
      field: 'baseUrl',
      hint: 'Give the API base URL alone, e.g. https://api.cloud.com/connectivity.',
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The API's base URL for a Citrix Cloud region; a base URL the user gives always wins. */
export function allowlistBaseUrl(region: Region, override?: string): AllowlistBaseUrl {
  if (override !== undefined && override.trim() !== '') return { baseUrl: normalizeBaseUrl(override), source: 'override' };
  switch (region) {
    case 'commercial':
      return { baseUrl: ALLOWLIST_BASE_URLS.global, source: 'region' };
    case 'japan':
      return { baseUrl: ALLOWLIST_BASE_URLS.japan, source: 'region' };
    case 'gov':
      return {
        baseUrl: undefined,
        reason: `Citrix documents no AllowList API address for ${regionInfo('gov').label}. Use the allowlist bundled with Fieldkit, or give the API address yourself if Citrix gave you one.`,
      };
  }
}

/** The base URL, or the reason there is none as an error (for callers that cannot go on without one). */
export function requireAllowlistBaseUrl(region: Region, override?: string): string {
  const chosen = allowlistBaseUrl(region, override);
  if (chosen.baseUrl === undefined) throw new FieldkitError('ALLOWLIST_NO_BASE_URL', chosen.reason, { field: 'baseUrl' });
  return chosen.baseUrl;
}
