import { stat } from 'node:fs/promises';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { withFileLock, type FileLockOptions } from './file-lock.ts';
import { loadVersionedFile, saveVersionedFile, type VersionedFileSpec } from './versioned-json-file.ts';

/**
 * One versioned JSON document held in memory and written through: what the
 * settings and the profiles stores share. The app and the CLI may both have
 * the file open, so every change is made to what is on disk at that moment,
 * re-read under a lock file, never to this process's older copy. A file from
 * a newer Fieldkit is never overwritten.
 */
export class VersionedStore<T> {
  private readonly spec: VersionedFileSpec<T>;
  private readonly lock: FileLockOptions;
  private current: T;
  /** Which version of the file `current` came from, to tell cheaply whether another process has written it since. */
  private seen: string;
  readonly notices: StorageNotice[];

  private constructor(spec: VersionedFileSpec<T>, lock: FileLockOptions, current: T, seen: string, notices: StorageNotice[]) {
    this.spec = spec;
    this.lock = lock;
    this.current = current;
    this.seen = seen;
    this.notices = notices;
  }

  static async open<T>(spec: VersionedFileSpec<T>, lock: FileLockOptions = {}): Promise<VersionedStore<T>> {
    const loaded = await loadVersionedFile(spec);
    return new VersionedStore(spec, lock, loaded.value, await fileVersion(spec.path), loaded.notices);
  }

  /** Reads the file again when another process (the app, the CLI) has replaced it since this copy was taken. */
  async refresh(): Promise<void> {
    if ((await fileVersion(this.spec.path)) === this.seen) return;
    await withFileLock(
      this.spec.path,
      async () => {
        const loaded = await loadVersionedFile(this.spec);
        this.report(loaded.notices);
        this.current = loaded.value;
        this.seen = await fileVersion(this.spec.path);
      },
      this.lock,
    );
  }

  get value(): T {
    return structuredClone(this.current);
  }

  /** Applies `change` to the file as it is now on disk (another process may have written it since), and saves the result. */
  async update(change: (onDisk: T) => T): Promise<T> {
    return withFileLock(
      this.spec.path,
      async () => {
        const loaded = await loadVersionedFile(this.spec);
        this.report(loaded.notices);
        if (!loaded.writable) {
          throw new FieldkitError(
            this.spec.codes.tooNew,
            `The ${this.spec.label} cannot be saved: ${this.spec.path} is from a newer Fieldkit and is kept as it is.`,
          );
        }
        const valid = this.spec.schema.parse(change(loaded.value));
        await saveVersionedFile(this.spec, valid);
        this.current = valid;
        this.seen = await fileVersion(this.spec.path);
        return this.value;
      },
      this.lock,
    );
  }

  /** A file found corrupt on a later read is news too; the same notice is not repeated. */
  private report(notices: StorageNotice[]): void {
    for (const n of notices) {
      if (!this.notices.some((known) => known.code === n.code && known.keptAt === n.keptAt)) this.notices.push(n);
    }
  }
}

/** Files are replaced whole (written aside, then renamed), so a new write is a new inode even within one mtime tick. */
async function fileVersion(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return 'absent';
  }
}
