import type { CatalogEntry } from './catalog-entry.ts';

/**
 * Error codes of the Citrix Cloud Connectivity AllowList API client, in the
 * base catalog's shape; the client's messages name the parameter, the status
 * and the request's Citrix-TransactionId where Citrix support would ask for it.
 */
export const ALLOWLIST_ERROR_CATALOG = {
  ALLOWLIST_BAD_QUERY: {
    message: 'The allowlist request is not valid; nothing was sent.',
    hint: 'Correct the highlighted parameter and fetch again.',
    input: true,
  },
  ALLOWLIST_NO_BASE_URL: {
    message: 'Citrix documents no AllowList API address for this region.',
    hint: 'Use the allowlist bundled with Fieldkit, or give the API address yourself (--base-url).',
    input: true,
  },
  ALLOWLIST_BAD_REQUEST: {
    message: 'The AllowList API refused the request as not valid (HTTP 400).',
    hint: 'Check the customer ID, format, geo and direction, then fetch again.',
  },
  ALLOWLIST_NOT_FOUND: {
    message: 'The AllowList API answered that the allowlist does not exist there (HTTP 404).',
    hint: 'Check the API base URL: it ends in /connectivity (https://api.cloud.com/connectivity, or https://api.citrixcloud.jp/connectivity for Japan).',
  },
  ALLOWLIST_RATE_LIMITED: {
    message: 'The AllowList API is still refusing requests from this network: too many requests (HTTP 429).',
    hint: 'The API allows 5 requests a minute per IP address, shared by everyone behind the same address. Wait a minute and fetch again.',
  },
  ALLOWLIST_SERVER_ERROR: {
    message: 'The AllowList API failed to answer the request.',
    hint: 'Try again in a few minutes; if it keeps failing, give Citrix support the transaction ID in this message. Fieldkit keeps using the stored allowlist meanwhile.',
  },
  ALLOWLIST_UNREACHABLE: {
    message: 'Fieldkit could not reach the AllowList API.',
    hint: 'Check the network path to the API (proxy, firewall, DNS), or run Check Connectivity for details.',
  },
  ALLOWLIST_MALFORMED: {
    message: 'The AllowList API answered something that is not an allowlist; nothing was kept.',
    hint: 'Try again later; if it persists, something between this machine and Citrix Cloud (a proxy block page, a captive portal) may be answering instead of the API.',
  },
} as const satisfies Record<string, CatalogEntry>;
