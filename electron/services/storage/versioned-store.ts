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
  readonly notices: StorageNotice[];

  private constructor(spec: VersionedFileSpec<T>, lock: FileLockOptions, current: T, notices: StorageNotice[]) {
    this.spec = spec;
    this.lock = lock;
    this.current = current;
    this.notices = notices;
  }

  static async open<T>(spec: VersionedFileSpec<T>, lock: FileLockOptions = {}): Promise<VersionedStore<T>> {
    const loaded = await loadVersionedFile(spec);
    return new VersionedStore(spec, lock, loaded.value, loaded.notices);
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
