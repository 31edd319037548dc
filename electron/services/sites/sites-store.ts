import { join } from 'node:path';
import { SITES_VERSION, SitesFile } from '../../../shared/schemas/sites.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { VersionedStore } from '../storage/versioned-store.ts';

/** sites.json: the Cloud Connect sites and which one is active, with the guarantees of settings (atomic, versioned, kept aside when corrupt). */
export class SitesStore {
  private readonly store: VersionedStore<SitesFile>;

  private constructor(store: VersionedStore<SitesFile>) {
    this.store = store;
  }

  static async open(dataFolder: string): Promise<SitesStore> {
    return new SitesStore(
      await VersionedStore.open<SitesFile>({
        path: join(dataFolder, 'sites.json'),
        currentVersion: SITES_VERSION,
        schema: SitesFile,
        defaults: () => ({ version: SITES_VERSION, sites: [] }),
        migrations: {},
        label: 'sites',
        codes: { corrupt: 'SITES_CORRUPT', tooNew: 'SITES_TOO_NEW' },
      }),
    );
  }

  get notices(): StorageNotice[] {
    return this.store.notices;
  }

  get value(): SitesFile {
    return this.store.value;
  }

  /** Picks up sites another process (the app, the CLI) saved since this one last read or wrote the file. */
  refresh(): Promise<void> {
    return this.store.refresh();
  }

  /** Changes the file as it is on disk now (another process may have written it). */
  update(change: (onDisk: SitesFile) => SitesFile): Promise<SitesFile> {
    return this.store.update(change);
  }
}
