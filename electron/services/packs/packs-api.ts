import { writeFile, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type {
  ConflictResolution,
  PackChoices,
  PackExportResult,
  PackImportResult,
  PackInspection,
  PackPreview,
  PackSummary,
} from '../../../shared/schemas/site-packs.ts';
import { readUserFile, UserFileRefused } from '../files/read-user-file.ts';
import type { FileRef } from '../files/file-grants.ts';
import { fileReadFailure } from '../storage/file-read-failure.ts';
import { buildPack, packFileName, type PackExportInput } from './pack-export.ts';
import { applyImport, planImport, previewItems, resolutionsFor, unresolvedNames } from './pack-import.ts';
import { label } from './pack-items.ts';
import { openPack, PACK_LIMITS, type OpenedPack } from './pack-reader.ts';
import type { PacksDeps } from './packs-deps.ts';

export interface PackImportInput {
  passphrase?: string | undefined;
  /** For each conflict the preview showed, by its key ("site:…"); every conflict needs one. */
  resolutions?: Record<string, ConflictResolution> | undefined;
  /** The same resolution for every conflict (the CLI's --on-conflict); a resolution by key wins. */
  onConflict?: ConflictResolution | undefined;
}

/** Site packs: sites and what they need, carried to another machine in one file (docs/site-pack-format.md). */
export interface PacksApi {
  /** What can go in a pack, by id and name. */
  choices(): Promise<PackChoices>;
  /** The file name a save dialog offers for these sites. */
  suggestedFileName(siteIds: string[]): string;
  /** Writes the pack to `path` (replacing a file there only once the new one is complete). */
  export(input: PackExportInput & { path: string }): Promise<PackExportResult>;
  /** What the pack holds, checked from end to end; with the passphrase, whether it opens its secrets. */
  inspect(file: FileRef, passphrase?: string): Promise<PackInspection>;
  /** What an import would add, change or leave alone, and the conflicts to resolve. Writes nothing. */
  previewImport(file: FileRef, passphrase?: string, resolve?: Pick<PackImportInput, 'resolutions' | 'onConflict'>): Promise<PackPreview>;
  /** All or nothing: the whole pack is checked first, then written; a failure midway undoes what was written. */
  import(file: FileRef, input?: PackImportInput): Promise<PackImportResult>;
}

/** A pack with every allowlist version of a busy install stays well under this. */
const PACK_MAX_BYTES = 64 * 1024 * 1024;

function summary(pack: OpenedPack): PackSummary {
  const m = pack.manifest;
  return { formatVersion: m.formatVersion, appVersion: m.appVersion, createdAt: m.createdAt, holds: m.holds };
}

export function createPacksApi(deps: PacksDeps): PacksApi {
  async function read(file: FileRef, passphrase: string | undefined, needSecrets: boolean): Promise<OpenedPack> {
    if (passphrase) deps.redactor.remember(passphrase);
    const { path, name } = deps.files.resolve(file, 'file');
    let bytes: Buffer;
    try {
      bytes = await readUserFile(path, { maxBytes: Math.min(PACK_MAX_BYTES, PACK_LIMITS.maxTotalBytes) });
    } catch (err) {
      if (err instanceof UserFileRefused && err.code === 'FK_FILE_TOO_LARGE') {
        throw new FieldkitError('PACK_TOO_LARGE', `${name} is larger than a site pack can be.`, { field: 'file' });
      }
      throw new FieldkitError('PACK_FILE_UNREADABLE', `${name} could not be read: ${fileReadFailure(err)}.`, { field: 'file' });
    }
    const pack = await openPack(bytes, passphrase || undefined);
    if (needSecrets && pack.sealed && !pack.secrets)
      throw new FieldkitError('PACK_PASSPHRASE_REQUIRED', undefined, { field: 'passphrase' });
    for (const s of pack.secrets ?? []) deps.redactor.remember(s.value);
    return pack;
  }

  return {
    async choices() {
      await deps.sites.refresh();
      await deps.profiles.refresh();
      return {
        sites: deps.sites.value.sites.map((s) => ({ id: s.id, name: label.site(s) })),
        appliances: deps.profiles.appliances().map((a) => ({ id: a.id, name: label.appliance(a) })),
        syncs: deps.profiles.syncs().map((s) => ({ id: s.id, name: s.name, applianceIds: s.destinations.map((d) => d.applianceId) })),
        channels: (await deps.notifications.current()).channels.map((c) => ({
          id: c.id,
          name: c.name,
          ...(c.siteIds ? { siteIds: c.siteIds } : {}),
        })),
      };
    },

    suggestedFileName: (siteIds) => {
      const names = siteIds.map((id) => deps.sites.value.sites.find((s) => s.id === id || s.name === id)?.name ?? id);
      return packFileName(names, deps.now());
    },

    async export(input) {
      const { zip, holds, siteNames } = await buildPack(deps, input);
      // Written beside the target and renamed: a full disk never leaves half a pack under the chosen name.
      const partial = `${input.path}.partial-${process.pid}`;
      try {
        await writeFile(partial, zip, { mode: 0o600 });
        await rename(partial, input.path);
      } catch (err) {
        await rm(partial, { force: true }).catch(() => undefined);
        throw new FieldkitError(
          'PACK_WRITE_FAILED',
          `The site pack could not be written to ${basename(input.path)}: ${fileReadFailure(err)}.`,
          { cause: err },
        );
      }
      return { fileName: basename(input.path) || packFileName(siteNames, deps.now()), bytes: zip.length, holds };
    },

    async inspect(file, passphrase) {
      const pack = await read(file, passphrase, false);
      const kinds: Record<string, number> = {};
      for (const s of pack.secrets ?? []) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
      return {
        pack: summary(pack),
        entries: pack.manifest.entries.map((e) => ({ name: e.name, bytes: e.bytes })),
        secrets: !pack.sealed ? 'none' : pack.secrets ? 'opened' : 'sealed',
        ...(pack.secrets ? { secretKinds: kinds } : {}),
      };
    },

    async previewImport(file, passphrase, resolve = {}) {
      const pack = await read(file, passphrase, true);
      const resolutions = resolutionsFor(pack, resolve.resolutions, resolve.onConflict);
      const plan = await planImport(deps, pack, resolutions);
      return { pack: summary(pack), items: await previewItems(deps, plan, pack, resolutions), secrets: pack.secrets ? 'opened' : 'none' };
    },

    async import(file, input = {}) {
      const pack = await read(file, input.passphrase, true).catch((err: unknown) => {
        // The reader serves inspect and preview too; only here is "nothing was imported" the news.
        if (!(err instanceof FieldkitError)) throw err;
        throw new FieldkitError(err.code, `${err.message} Nothing was imported.`, {
          hint: err.hint,
          ...(err.field !== undefined ? { field: err.field } : {}),
          cause: err,
        });
      });
      const plan = await planImport(deps, pack, resolutionsFor(pack, input.resolutions, input.onConflict));
      if (plan.unresolved.length > 0) {
        throw new FieldkitError(
          'PACK_CONFLICT_UNRESOLVED',
          `The pack holds ${plan.unresolved.length === 1 ? 'an item' : `${plan.unresolved.length} items`} with the same name as one here but different (${unresolvedNames(plan).join(', ')}); choose for each whether to keep yours, take the pack's or keep both. Nothing was imported.`,
          { field: 'resolutions' },
        );
      }
      return applyImport(deps, pack, plan);
    },
  };
}

export type { PackExportInput } from './pack-export.ts';
