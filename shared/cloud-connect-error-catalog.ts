import type { CatalogEntry } from './catalog-entry.ts';

/** Error codes of Cloud Connect sites, their status and notifications, in the base catalog's shape. */
export const CLOUD_CONNECT_ERROR_CATALOG = {
  SITE_NOT_FOUND: {
    message: 'There is no site by that name or id.',
    hint: 'List the sites with "fieldkit site list", or add this one first.',
    input: true,
  },
  SITE_NAME_TAKEN: {
    message: 'A site with that name exists already.',
    hint: 'Choose another name, or change that site instead.',
    input: true,
  },
  SITES_CORRUPT: {
    message: 'The saved sites could not be read; the file was moved aside.',
    hint: 'Fieldkit started with no saved sites. The old file is kept next to the new one; restore it by hand or send it to support.',
  },
  SITES_TOO_NEW: {
    message: 'The saved sites were written by a newer Fieldkit.',
    hint: 'Update Fieldkit, or start it with another data folder (FIELDKIT_HOME).',
  },
  NO_SITES: {
    message: 'No Cloud Connect site is saved yet, so there is nothing to check or watch.',
    hint: 'Add the site first (the Cloud Connect page in the app, or "fieldkit site add"), then ask again.',
  },
  CLOUD_CONNECT_PROXY_PASSWORD_MISSING: {
    message: "The site's proxy profile has a username but no password in the keychain, so the site could not be checked.",
    hint: 'Save the proxy password again on the proxy profile (Diagnostics page, or "fieldkit secret"), then refresh.',
  },
} as const satisfies Record<string, CatalogEntry>;
