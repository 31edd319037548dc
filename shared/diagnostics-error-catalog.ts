import type { CatalogEntry } from './catalog-entry.ts';

/**
 * Errors the diagnostics engine throws (bad input, unreadable files, storage),
 * as opposed to probe outcomes, which are results (see diagnostics-failures.ts).
 * The TRUST_ codes come from the shared trust store (network/trust-store.ts),
 * which other features reuse.
 * Same shape as the base error catalog, to be merged into the lookup.
 */
export const DIAGNOSTICS_ERROR_CATALOG = {
  DIAG_INVALID_REGION: {
    message: 'The region is not one Fieldkit knows.',
    hint: 'Choose commercial (US, EU, APAC), gov (Citrix Cloud Government) or japan.',
    input: true,
  },
  DIAG_INVALID_CCID: {
    message: 'The Citrix Cloud customer ID (CCID) is not valid.',
    hint: 'Copy the Customer ID (CCID) from Citrix Cloud, Account Settings.',
    input: true,
  },
  DIAG_INVALID_SERVICE_URL: {
    message: 'The Console service URL is not valid for this region.',
    hint: 'Enter the host shown in NetScaler Console service, like <name>.agent.adm.cloud.com for the commercial region.',
    input: true,
  },
  DIAG_INVALID_PROXY: {
    message: 'The proxy settings are not valid.',
    hint: 'Give the proxy as host and port (CLI: http://[user@]host:port); put the password in the keychain or FIELDKIT_PROXY_PASSWORD, never in the URL.',
    input: true,
  },
  TRUST_CA_FILE_UNREADABLE: {
    message: 'A CA certificate file could not be read.',
    hint: 'Choose the file again, or another one: a readable CA certificate file (PEM or DER).',
    cliHint: 'Check the path: a readable CA certificate file (PEM or DER).',
    input: true,
  },
  TRUST_CA_FILE_MALFORMED: {
    message: 'A CA certificate file holds no valid certificate.',
    hint: 'Use a PEM file (-----BEGIN CERTIFICATE-----, one or several) or a single DER certificate (.cer/.crt).',
    input: true,
  },
  DIAG_INVALID_OPTION: {
    message: 'A diagnostics option is not valid.',
    hint: 'Correct the named option and try again.',
    input: true,
  },
  DIAG_ALLOWLIST_UNKNOWN_SERVICE: {
    message: 'The allowlist version has no service of that name.',
    hint: 'Use a service name as the stored version lists it (fieldkit allowlist export --to json shows them).',
    input: true,
  },
  DIAG_ALLOWLIST_NOTHING_TO_CHECK: {
    message: 'The allowlist version lists no outbound host that can be checked with these filters.',
    hint: 'Choose other services, another geo, or give the CCID so CUSTOMER_ID hosts can be checked.',
    input: true,
  },
  DIAG_UNKNOWN_ENDPOINT: {
    message: 'The endpoint is not part of this run.',
    hint: 'Pick an endpoint from the run you are re-checking.',
    cliHint: 'Name an endpoint of the run you are re-checking.',
  },
  DIAG_RUN_NOT_FOUND: {
    message: 'No diagnostics run is saved under that id.',
    hint: 'Pick a run from the history list.',
    cliHint: 'Give the id of a run in the history.',
  },
  DIAG_CATALOG_INVALID: {
    message: 'The endpoint catalog shipped with Fieldkit is damaged.',
    hint: 'Reinstall Fieldkit.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type DiagnosticsErrorCode = keyof typeof DIAGNOSTICS_ERROR_CATALOG;
