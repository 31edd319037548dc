import type { CatalogEntry } from './catalog-entry.ts';

/** Error codes of site packs (export, inspect, import), in the base catalog's shape. A refused pack changes nothing. */
export const SITE_PACKS_ERROR_CATALOG = {
  PACK_DAMAGED: {
    message: 'The site pack is damaged or incomplete.',
    hint: 'Copy the pack again from where it was made (the copy may have been cut short), or ask for a new export.',
    input: true,
  },
  PACK_TAMPERED: {
    message: 'The site pack was changed after it was made: its contents do not match its manifest.',
    hint: 'Do not use this copy. Ask whoever made the pack for a new export and carry it unchanged.',
    input: true,
  },
  PACK_TOO_NEW: {
    message: 'The site pack was made by a newer Fieldkit.',
    hint: 'Update Fieldkit on this computer, then import the pack again.',
  },
  PACK_FILE_UNREADABLE: {
    message: 'The site pack could not be read.',
    hint: 'Choose the .fieldkit file again.',
    cliHint: 'Check the path of the .fieldkit file, and that you may read it.',
    input: true,
  },
  PACK_TOO_LARGE: {
    message: 'The file is too large to be a site pack.',
    hint: 'Choose the .fieldkit file that Fieldkit exported.',
    cliHint: 'Give the path of the .fieldkit file that Fieldkit exported.',
    input: true,
  },
  PACK_PASSPHRASE_REQUIRED: {
    message: 'The site pack holds encrypted secrets: its passphrase is needed to import it.',
    hint: 'Ask whoever made the pack for its passphrase and type it in (the CLI reads FIELDKIT_PACK_PASSPHRASE).',
    cliHint: 'Ask whoever made the pack for its passphrase and set it in FIELDKIT_PACK_PASSPHRASE.',
    input: true,
  },
  PACK_PASSPHRASE_WRONG: {
    message: "The passphrase does not open the pack's secrets.",
    hint: 'Check the passphrase with whoever made the pack and try again. If it is right, the pack was changed after it was made: ask for a new export.',
    input: true,
  },
  PACK_PASSPHRASE_WEAK: {
    message: 'A pack with secrets needs a passphrase of at least 12 characters.',
    hint: 'Choose a longer passphrase (a few words work well) and give it to the person who imports the pack by another way than the pack itself.',
    input: true,
  },
  PACK_NOTHING_CHOSEN: {
    message: 'Choose at least one site to put in the pack.',
    hint: 'Pick the sites to export (in the CLI: --site NAME).',
    cliHint: 'Add --site NAME (repeat for several).',
    input: true,
  },
  PACK_ITEM_NOT_FOUND: {
    message: 'The pack was asked to carry something that is not saved here.',
    hint: 'Check the names against the saved sites, appliances, syncs and channels.',
    input: true,
  },
  PACK_CONFLICT_UNRESOLVED: {
    message: "The pack holds items with the same name as ones here; say for each whether to keep yours, take the pack's or keep both.",
    hint: 'Choose a resolution for every conflict (in the CLI: --on-conflict keep-mine|take-theirs|keep-both).',
    cliHint: 'Add --on-conflict keep-mine|take-theirs|keep-both (preview first with --dry-run --on-conflict ...).',
    input: true,
  },
  PACK_WRITE_FAILED: {
    message: 'The site pack could not be written.',
    hint: 'Choose a folder you can write to, with free space, and export again.',
    cliHint: 'Give --out a path in a folder you can write to, with free space, and export again.',
  },
  PACK_IMPORT_FAILED: {
    message: 'The import stopped partway; what it had written was undone.',
    hint: 'Fix the cause named here (often a locked keychain) and import the pack again.',
  },
} as const satisfies Record<string, CatalogEntry>;
