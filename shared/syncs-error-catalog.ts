import type { CatalogEntry } from './catalog-entry.ts';

/** Error codes of saved syncs, in the base catalog's shape; the engine's messages name the sync. */
export const SYNCS_ERROR_CATALOG = {
  SYNC_NOT_FOUND: {
    message: 'There is no saved sync by that name.',
    hint: 'List the saved syncs with "fieldkit cert sync list", or save this one first.',
    input: true,
  },
  SYNC_NAME_TAKEN: {
    message: 'A sync with that name exists already.',
    hint: 'Choose another name, or change that sync instead.',
    cliHint: 'Give another name, or remove that sync first (fieldkit cert sync remove NAME).',
    input: true,
  },
  SYNC_APPLIANCE_UNKNOWN: {
    message: 'The sync names an appliance that is not saved.',
    hint: 'Save the appliance first (in the app, or with "fieldkit appliance save"), then save the sync.',
    input: true,
  },
  SYNC_SOURCE_NOT_READY: {
    message: "The sync's certificate files cannot be pushed as they are.",
    hint: 'Check that the certificate and key files belong together and are completely written, then run the sync again.',
  },
} as const satisfies Record<string, CatalogEntry>;
