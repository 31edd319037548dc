import type { CatalogEntry } from './catalog-entry.ts';

/** Error codes of support bundles and logs, in the base catalog's shape. */
export const SUPPORT_ERROR_CATALOG = {
  SUPPORT_BUNDLE_UNWRITABLE: {
    message: 'The support bundle could not be written there.',
    hint: 'Check that the folder may be written to and that the disk has room, or choose another place.',
  },
} as const satisfies Record<string, CatalogEntry>;
