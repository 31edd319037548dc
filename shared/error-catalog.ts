import { ALLOWLIST_ERROR_CATALOG } from './allowlist-error-catalog.ts';
import type { CatalogEntry } from './catalog-entry.ts';
import { CLOUD_CONNECT_ERROR_CATALOG } from './cloud-connect-error-catalog.ts';
import { CERTIFICATES_ERROR_CATALOG } from './certificates-error-catalog.ts';
import { DIAGNOSTICS_ERROR_CATALOG } from './diagnostics-error-catalog.ts';
import { SUPPORT_ERROR_CATALOG } from './support-error-catalog.ts';
import { SITE_PACKS_ERROR_CATALOG } from './site-packs-error-catalog.ts';
import { SYNCS_ERROR_CATALOG } from './syncs-error-catalog.ts';

/**
 * The codes every part of Fieldkit shares (input, storage, keychain, tasks).
 * Each domain keeps its own catalog beside this one; all of them are registered
 * in ERROR_REGISTRY below, the one place a code's words come from.
 */
const BASE_ERROR_CATALOG = {
  INVALID_INPUT: {
    message: 'The input is not valid.',
    hint: 'Correct the highlighted field and try again.',
    cliHint: 'Correct the value named above and run the command again.',
    input: true,
  },
  UNKNOWN_CHANNEL: {
    message: 'The app asked for an operation that does not exist.',
    hint: 'Restart Fieldkit; if it happens again, report it with a support bundle.',
  },
  INTERNAL: {
    message: 'Something went wrong inside Fieldkit.',
    hint: 'Try again; if it happens again, report it with a support bundle.',
  },
  VAULT_FAILED: {
    message: 'The keychain refused the operation.',
    hint: 'Unlock the keychain and try again.',
  },
  PASSWORD_NOT_SAVED: {
    message: 'The profile was saved without a password: the keychain refused it.',
    hint: 'Unlock the keychain, then type the password again and save the profile.',
  },
  SETTINGS_CORRUPT: {
    message: 'The settings file could not be read and was moved aside.',
    hint: 'Fieldkit started with default settings. The old file is kept next to the new one; restore it by hand or send it to support.',
  },
  SETTINGS_TOO_NEW: {
    message: 'The settings file was written by a newer Fieldkit.',
    hint: 'Update Fieldkit, or start it with another data folder (FIELDKIT_HOME).',
  },
  PROFILES_CORRUPT: {
    message: 'The saved proxy and appliance profiles could not be read; the file was moved aside.',
    hint: 'Fieldkit started with no saved profiles. The old file is kept next to the new one; restore it by hand or send it to support. Passwords are still in the keychain.',
  },
  PROFILES_TOO_NEW: {
    message: 'The saved profiles were written by a newer Fieldkit.',
    hint: 'Update Fieldkit, or start it with another data folder (FIELDKIT_HOME).',
  },
  HISTORY_CORRUPT: {
    message: 'The history database could not be read; it was moved aside.',
    hint: 'Fieldkit started with an empty history. The old file is kept next to the new one; send it to support if the history matters.',
  },
  DATA_FOLDER_NOT_PRIVATE: {
    message: 'The data folder can be read by other users of this computer.',
    hint: 'Make the folder and its files private to your account (chmod 700 on the folder, 600 on its files).',
  },
  STORAGE_FAILED: {
    message: 'Fieldkit could not write to its data folder.',
    hint: 'Check that the disk is not full and that the data folder is writable.',
  },
  PROFILE_NOT_FOUND: {
    message: 'There is no profile with that id.',
    hint: 'Pick a saved profile, or save this one first.',
    cliHint: 'Check the name or id against the saved profiles (fieldkit appliance list), or save this one first.',
  },
  BUNDLE_NOT_LOADED: {
    message: 'That certificate bundle is no longer loaded.',
    hint: 'Load the certificate files again.',
  },
  FILE_NOT_GRANTED: {
    message: 'That file was not chosen in this window, or Fieldkit has restarted since.',
    hint: 'Choose the file again.',
    cliHint: 'Give the file by its path.',
    input: true,
  },
  NOT_AVAILABLE_HERE: {
    message: 'This action needs the desktop app.',
    hint: 'Open Fieldkit, or give the file to the fieldkit command by its path.',
  },
  EXPORT_FOLDER_NOT_EMPTY: {
    message: 'The export folder already holds files.',
    hint: 'Choose a new folder name (Fieldkit creates it) or an empty folder; nothing of yours is overwritten.',
    cliHint: 'Give a new folder name (Fieldkit creates it) or an empty folder; nothing of yours is overwritten.',
    input: true,
  },
  EXPORT_FOLDER_UNWRITABLE: {
    message: 'The export could not be written to that folder.',
    hint: 'Check that the folder may be written to and that the disk has room, or choose another folder.',
    cliHint: 'Check that the folder may be written to and that the disk has room, or give another folder.',
  },
  TASK_ALREADY_RUNNING: {
    message: 'That task is already running.',
    hint: 'Wait for it to finish or cancel it first.',
  },
  TASK_CANCELLED: {
    message: 'Cancelled by the user.',
    hint: 'Run it again when you are ready.',
  },
} as const satisfies Record<string, CatalogEntry>;

/** Every code Fieldkit can report, from every domain catalog. */
export const ERROR_REGISTRY = {
  ...BASE_ERROR_CATALOG,
  ...CERTIFICATES_ERROR_CATALOG,
  ...DIAGNOSTICS_ERROR_CATALOG,
  ...SYNCS_ERROR_CATALOG,
  ...ALLOWLIST_ERROR_CATALOG,
  ...CLOUD_CONNECT_ERROR_CATALOG,
  ...SUPPORT_ERROR_CATALOG,
  ...SITE_PACKS_ERROR_CATALOG,
} as const satisfies Record<string, CatalogEntry>;

/** A closed union: a misspelt code does not compile. */
export type ErrorCode = keyof typeof ERROR_REGISTRY;

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint?: string;
  /** Which input field is wrong, as a dotted path ("proxy.port"), for the UI to mark it; never shown as text. */
  field?: string;
}

const REGISTRY: Readonly<Record<string, CatalogEntry>> = ERROR_REGISTRY;

export type { CatalogEntry };

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(REGISTRY, code);
}

export function catalogEntry(code: ErrorCode): CatalogEntry {
  return REGISTRY[code]!;
}

/** True when the code means the user's input is wrong, not that the operation failed. */
/** The fix to print in a terminal: the catalog's CLI words when the error carries the catalog's own hint, else the hint it carries. */
export function cliHintFor(code: string, hint: string | undefined): string | undefined {
  if (!isErrorCode(code)) return hint;
  const entry = REGISTRY[code]!;
  return hint === entry.hint && entry.cliHint ? entry.cliHint : hint;
}

export function isInputError(code: string): boolean {
  return isErrorCode(code) && REGISTRY[code]!.input === true;
}
