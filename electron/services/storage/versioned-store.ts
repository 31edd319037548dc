import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { loadVersionedFile, saveVersionedFile, type VersionedFileSpec } from './versioned-json-file.ts';

/**
 * One versioned JSON document held in memory and written through: what the
 * settings and the profiles stores share. A file from a newer Fieldkit is
 * never overwritten.
 */
export class VersionedStore<T> {
  private readonly spec: VersionedFileSpec<T>;
  private current: T;
  private readonly writable: boolean;
  readonly notices: StorageNotice[];

  private constructor(spec: VersionedFileSpec<T>, current: T, writable: boolean, notices: StorageNotice[]) {
    this.spec = spec;
    this.current = current;
    this.writable = writable;
    this.notices = notices;
  }

  static async open<T>(spec: VersionedFileSpec<T>): Promise<VersionedStore<T>> {
    const loaded = await loadVersionedFile(spec);
    return new VersionedStore(spec, loaded.value, loaded.writable, loaded.notices);
  }

  get value(): T {
    return structuredClone(this.current);
  }

  async write(next: T): Promise<T> {
    if (!this.writable) {
      throw new FieldkitError(
        this.spec.codes.tooNew,
        `The ${this.spec.label} cannot be saved: ${this.spec.path} is from a newer Fieldkit and is kept as it is.`,
      );
    }
    const valid = this.spec.schema.parse(next);
    await saveVersionedFile(this.spec, valid);
    this.current = valid;
    return this.value;
  }
}
