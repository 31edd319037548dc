import type { CatalogEntry } from './catalog-entry.ts';

/**
 * Error codes of the Citrix Cloud allowlist (answers, versions, diffs,
 * exports), in the base catalog's shape. Messages here are the defaults; the
 * engine's messages name the service, the field or the value.
 */
export const ALLOWLIST_ERROR_CATALOG = {
  ALLOWLIST_ANSWER_INVALID: {
    message: 'The allowlist answer is not in the shape Fieldkit expects; nothing of it was kept.',
    hint: 'Fetch it again later; if it keeps happening, the API may have changed: use the newest stored version meanwhile and report it with a support bundle.',
  },
  ALLOWLIST_EXPORT_OPTIONS_INVALID: {
    message: 'The export options are not valid.',
    hint: 'Check the customer ID (1 to 12 letters and digits), the proxy (host and port 1-65535) and the IP version (4 or 6).',
    input: true,
  },
} as const satisfies Record<string, CatalogEntry>;
