import type { CatalogEntry } from './catalog-entry.ts';

/**
 * Error codes of the Citrix Cloud allowlist: the API client (its messages name
 * the parameter, the status and the request's Citrix-TransactionId where
 * Citrix support would ask for it), the stored versions, answers and exports.
 */
export const ALLOWLIST_ERROR_CATALOG = {
  ALLOWLIST_BAD_QUERY: {
    message: 'The allowlist request is not valid; nothing was sent.',
    hint: 'Correct the highlighted parameter and fetch again.',
    cliHint: 'Correct the parameter named above and fetch again.',
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
  ALLOWLIST_ANSWER_INVALID: {
    message: 'The allowlist answer is not in the shape Fieldkit expects; nothing of it was kept.',
    hint: 'Fetch it again later; if it keeps happening, the API may have changed: use the newest stored version meanwhile and report it with a support bundle.',
  },
  ALLOWLIST_EXPORT_OPTIONS_INVALID: {
    message: 'The export options are not valid.',
    hint: 'Check the customer ID (1 to 12 letters and digits), the proxy (host and port 1-65535) and the IP version (4 or 6).',
    input: true,
  },
  ALLOWLIST_VERSION_NOT_FOUND: {
    message: 'There is no stored allowlist version of that number.',
    hint: 'List the stored versions (fieldkit allowlist versions) and pick one of them.',
    input: true,
  },
} as const satisfies Record<string, CatalogEntry>;
