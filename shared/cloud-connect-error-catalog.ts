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
    cliHint: 'Give another name, or change that site instead (fieldkit site edit NAME).',
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
  NOTIFY_CHANNEL_NOT_FOUND: {
    message: 'There is no notification channel by that name or id.',
    hint: 'List the channels with "fieldkit notify channels", or add this one first.',
    input: true,
  },
  NOTIFY_CHANNEL_NAME_TAKEN: {
    message: 'A notification channel with that name exists already.',
    hint: 'Choose another name, or change that channel instead.',
    cliHint: 'Give another name, or remove that channel first (fieldkit notify remove NAME) and add it again.',
    input: true,
  },
  NOTIFY_SECRET_MISSING: {
    message: 'The channel has no saved webhook URL, routing key or password, so nothing can be sent through it.',
    hint: 'Edit the channel and enter it; it is kept in the keychain.',
    cliHint:
      'Set FIELDKIT_NOTIFY_SECRET when adding the channel, or save it for a channel already added: printf \'%s\' "$SECRET" | fieldkit secret set notification-secret "CHANNEL NAME".',
    input: true,
  },
  NOTIFY_SECRET_INVALID: {
    message: 'The webhook URL, routing key or password is not in the form this service gives out.',
    hint: 'Copy it again from the service (the whole URL, starting https://) and save the channel.',
    input: true,
  },
  NOTIFICATIONS_CORRUPT: {
    message: 'The saved notification channels could not be read; the file was moved aside.',
    hint: 'Fieldkit started with no notification channels. The old file is kept next to the new one; restore it by hand or send it to support. Their secrets are still in the keychain.',
  },
  NOTIFICATIONS_TOO_NEW: {
    message: 'The saved notification channels were written by a newer Fieldkit.',
    hint: 'Update Fieldkit, or start it with another data folder (FIELDKIT_HOME).',
  },
  NO_SITES: {
    message: 'No Cloud Connect site is saved yet, so there is nothing to check or watch.',
    hint: 'Add the site first (the Cloud Connect page in the app, or "fieldkit site add"), then ask again.',
  },
  CLOUD_CONNECT_PROXY_PASSWORD_MISSING: {
    message: "The site's proxy profile has a username but no password in the keychain, so the site could not be checked.",
    hint: 'Save the proxy password again on the proxy profile (Diagnostics page, or "fieldkit secret"), then refresh.',
    cliHint:
      'Save the proxy password again (printf \'%s\' "$PASSWORD" | fieldkit secret set proxy-password PROFILE), or set FIELDKIT_PROXY_PASSWORD, then check again.',
  },
} as const satisfies Record<string, CatalogEntry>;
