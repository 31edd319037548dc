import { CERTIFICATES_ERROR_CATALOG } from './certificates-error-catalog.ts';
import { DIAGNOSTICS_ERROR_CATALOG } from './diagnostics-error-catalog.ts';

/**
 * The one place where every error code Fieldkit can report lives, with its
 * default message and the fix to suggest. Engine, IPC, UI and CLI all speak
 * these codes, so a user sees the same words everywhere.
 */
export const ERROR_CATALOG = {
  INVALID_INPUT: {
    message: 'The input is not valid.',
    hint: 'Correct the highlighted field and try again.',
  },
  UNKNOWN_CHANNEL: {
    message: 'The app asked for an operation that does not exist.',
    hint: 'Restart Fieldkit; if it happens again, report it with a support bundle.',
  },
  INTERNAL: {
    message: 'Something went wrong inside Fieldkit.',
    hint: 'Try again; if it happens again, report it with a support bundle.',
  },
  VAULT_UNAVAILABLE: {
    message: 'The operating system keychain is not available, so secrets are kept in memory for this session only.',
    hint: 'On Linux install and unlock a Secret Service (GNOME Keyring or KWallet); on macOS and Windows the keychain is built in.',
  },
  VAULT_FAILED: {
    message: 'The keychain refused the operation.',
    hint: 'Unlock the keychain and try again.',
  },
  SECRET_NOT_FOUND: {
    message: 'No secret is saved under that name.',
    hint: 'Save the secret first, in Settings or with the profile it belongs to.',
  },
  SETTINGS_CORRUPT: {
    message: 'The settings file could not be read and was moved aside.',
    hint: 'Fieldkit started with default settings. The old file is kept next to the new one; restore it by hand or send it to support.',
  },
  SETTINGS_TOO_NEW: {
    message: 'The settings file was written by a newer Fieldkit.',
    hint: 'Update Fieldkit, or start it with another data folder (FIELDKIT_HOME).',
  },
  STORAGE_FAILED: {
    message: 'Fieldkit could not write to its data folder.',
    hint: 'Check that the disk is not full and that the data folder is writable.',
  },
  PROFILE_NOT_FOUND: {
    message: 'There is no profile with that id.',
    hint: 'Pick a saved profile, or save this one first.',
  },
  BUNDLE_NOT_LOADED: {
    message: 'That certificate bundle is no longer loaded.',
    hint: 'Load the certificate files again.',
  },
  NOT_AVAILABLE_HERE: {
    message: 'This action needs the desktop app.',
    hint: 'Type the path instead.',
  },
  TASK_ALREADY_RUNNING: {
    message: 'That task is already running.',
    hint: 'Wait for it to finish or cancel it first.',
  },
  TASK_CANCELLED: {
    message: 'Cancelled by the user.',
    hint: 'Run it again when you are ready.',
  },
  NOT_IMPLEMENTED: {
    message: 'This feature is not available in this build.',
    hint: 'Update Fieldkit.',
  },
} as const satisfies Record<string, { message: string; hint: string }>;

export type CatalogCode = keyof typeof ERROR_CATALOG;

/** Codes are open-ended strings at the boundary so later modules can add their own catalogs. */
export type ErrorCode = CatalogCode | (string & {});

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint?: string;
  /** Which input field is wrong, as a dotted path ("proxy.port"). */
  field?: string;
}

const ALL_CATALOGS: Record<string, { message: string; hint: string }> = {
  ...ERROR_CATALOG,
  ...CERTIFICATES_ERROR_CATALOG,
  ...DIAGNOSTICS_ERROR_CATALOG,
};

/** Every code from every domain catalog: the base one here, certificates and diagnostics beside it. */
export function catalogEntry(code: ErrorCode): { message: string; hint: string } | undefined {
  return ALL_CATALOGS[code];
}
