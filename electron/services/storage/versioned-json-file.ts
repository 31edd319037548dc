import type { ErrorCode } from '../../../shared/error-catalog.ts';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from './private-folder.ts';
import type { z } from 'zod';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';

export interface VersionedFileSpec<T> {
  path: string;
  currentVersion: number;
  schema: z.ZodType<T>;
  defaults: () => T;
  /** migrations[n] turns a version-n document into version n+1. */
  migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>;
  /** Words for the user: "settings", "profiles". */
  label: string;
  /** The notice codes for this file: each file has its own words in the error registry. */
  codes: { corrupt: ErrorCode; tooNew: ErrorCode };
}

export interface LoadedFile<T> {
  value: T;
  notices: StorageNotice[];
  /** False when the file on disk is from a newer Fieldkit: it must not be overwritten. */
  writable: boolean;
}

/**
 * A JSON document with a version number, written atomically and migrated
 * forward on load. A file that cannot be read is moved aside and reported,
 * never silently replaced.
 */
export async function loadVersionedFile<T>(spec: VersionedFileSpec<T>, now: () => Date = () => new Date()): Promise<LoadedFile<T>> {
  let text: string;
  try {
    text = await readFile(spec.path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { value: spec.defaults(), notices: [], writable: true };
    throw new FieldkitError('STORAGE_FAILED', `Fieldkit could not read its ${spec.label} file ${spec.path}: ${(err as Error).message}`);
  }

  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the file does not hold a JSON object');
    doc = parsed as Record<string, unknown>;
  } catch (err) {
    return moveAside(spec, `it is not valid JSON (${(err as Error).message})`, now);
  }

  const version = doc['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return moveAside(spec, 'it has no valid "version" field', now);
  }
  if (version > spec.currentVersion) {
    return {
      value: spec.defaults(),
      writable: false,
      notices: [
        {
          code: spec.codes.tooNew,
          message: `The ${spec.label} file ${spec.path} has version ${version}, newer than this Fieldkit understands (${spec.currentVersion}). It was left untouched and defaults are in use; changes will not be saved.`,
          hint: 'Update Fieldkit, or start it with another data folder (FIELDKIT_HOME).',
          keptAt: spec.path,
          at: now().toISOString(),
        },
      ],
    };
  }

  let migrated = doc;
  for (let v = version; v < spec.currentVersion; v++) {
    const step = spec.migrations[v];
    if (!step) return moveAside(spec, `no migration exists from version ${v}`, now);
    migrated = { ...step(migrated), version: v + 1 };
  }

  const result = spec.schema.safeParse(migrated);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? ` at "${first.path.join('.')}"` : '';
    return moveAside(spec, `its content does not match the expected shape${where}: ${first?.message ?? 'unknown problem'}`, now);
  }
  return { value: result.data, notices: [], writable: true };
}

export async function saveVersionedFile<T>(spec: VersionedFileSpec<T>, value: T): Promise<void> {
  try {
    await mkdir(dirname(spec.path), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    await writeFileAtomic(spec.path, `${JSON.stringify(value, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  } catch (err) {
    throw new FieldkitError('STORAGE_FAILED', `Fieldkit could not save its ${spec.label} file ${spec.path}: ${(err as Error).message}`);
  }
}

async function moveAside<T>(spec: VersionedFileSpec<T>, why: string, now: () => Date): Promise<LoadedFile<T>> {
  const stamp = now().toISOString().replace(/[:.]/g, '-');
  const keptAt = `${spec.path}.corrupt-${stamp}`;
  await rename(spec.path, keptAt);
  return {
    value: spec.defaults(),
    writable: true,
    notices: [
      {
        code: spec.codes.corrupt,
        message: `The ${spec.label} file could not be used because ${why}. It was moved aside and Fieldkit started with defaults.`,
        hint: `The old file is kept at ${keptAt}. Restore it by hand once fixed, or send it to support.`,
        keptAt,
        at: now().toISOString(),
      },
    ],
  };
}
