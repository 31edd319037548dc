import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { ALLOWLIST_BASE_URLS, regionAllowlistBaseUrl } from '../../../shared/allowlist-base-urls.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';

export { ALLOWLIST_BASE_URLS };

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
  const documented = regionAllowlistBaseUrl(region);
  return documented.baseUrl === undefined ? documented : { baseUrl: documented.baseUrl, source: 'region' };
}

/** The base URL, or the reason there is none as an error (for callers that cannot go on without one). */
export function requireAllowlistBaseUrl(region: Region, override?: string): string {
  const chosen = allowlistBaseUrl(region, override);
  if (chosen.baseUrl === undefined) throw new FieldkitError('ALLOWLIST_NO_BASE_URL', chosen.reason, { field: 'baseUrl' });
  return chosen.baseUrl;
}
