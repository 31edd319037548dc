import { join } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import { PROFILES_VERSION, ProfilesFile, type SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { Sync } from '../../../shared/schemas/syncs.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { VersionedStore } from './versioned-store.ts';

type Collection = 'proxies' | 'appliances' | 'syncs';

/** profiles.json: saved proxy and appliance profiles and syncs, same guarantees as settings (atomic, versioned, kept aside when corrupt). */
export class ProfilesStore {
  private readonly store: VersionedStore<ProfilesFile>;

  private constructor(store: VersionedStore<ProfilesFile>) {
    this.store = store;
  }

  static async open(dataFolder: string): Promise<ProfilesStore> {
    return new ProfilesStore(
      await VersionedStore.open<ProfilesFile>({
        path: join(dataFolder, 'profiles.json'),
        currentVersion: PROFILES_VERSION,
        schema: ProfilesFile,
        defaults: () => ({ version: PROFILES_VERSION, proxies: [], appliances: [], syncs: [] }),
        // 1 → 2: syncs arrived; a file from before has none.
        migrations: { 1: (doc) => ({ ...doc, syncs: [] }) },
        label: 'profiles',
        codes: { corrupt: 'PROFILES_CORRUPT', tooNew: 'PROFILES_TOO_NEW' },
      }),
    );
  }

  get notices(): StorageNotice[] {
    return this.store.notices;
  }

  /** Picks up profiles another process (the app, the CLI) saved since this one last read or wrote the file. */
  refresh(): Promise<void> {
    return this.store.refresh();
  }

  proxies(): SavedProxyProfile[] {
    return this.store.value.proxies as SavedProxyProfile[];
  }

  appliances(): ApplianceProfile[] {
    return this.store.value.appliances;
  }

  proxy(id: string): SavedProxyProfile {
    const p = this.proxies().find((x) => x.id === id);
    if (!p) throw new FieldkitError('PROFILE_NOT_FOUND', `There is no proxy profile "${id}".`, { field: 'proxyProfileId' });
    return p;
  }

  appliance(id: string): ApplianceProfile {
    const a = this.appliances().find((x) => x.id === id);
    if (!a) throw new FieldkitError('PROFILE_NOT_FOUND', `There is no appliance profile "${id}".`, { field: 'applianceId' });
    return a;
  }

  syncs(): Sync[] {
    return this.store.value.syncs;
  }

  async saveSync(sync: Sync): Promise<void> {
    await this.put('syncs', sync);
  }

  async saveProxy(profile: SavedProxyProfile): Promise<void> {
    await this.put('proxies', profile);
  }

  async saveAppliance(profile: ApplianceProfile): Promise<void> {
    await this.put('appliances', profile);
  }

  /** Changes proxies, appliances and syncs together as the file has them now (a site pack's import). */
  updateAll(change: (onDisk: ProfilesFile) => ProfilesFile): Promise<ProfilesFile> {
    return this.store.update(change);
  }

  async delete(collection: Collection, id: string): Promise<boolean> {
    let found = false;
    await this.store.update((onDisk) => {
      const list = onDisk[collection] as Array<{ id: string }>;
      found = list.some((x) => x.id === id);
      return { ...onDisk, [collection]: list.filter((x) => x.id !== id) };
    });
    return found;
  }

  /** Replaces the profile with the same id, or adds it; every other profile stays as the file has it now. */
  private async put(collection: Collection, profile: { id: string }): Promise<void> {
    await this.store.update((onDisk) => {
      const list = onDisk[collection] as Array<{ id: string }>;
      const next = list.some((x) => x.id === profile.id) ? list.map((x) => (x.id === profile.id ? profile : x)) : [...list, profile];
      return { ...onDisk, [collection]: next };
    });
  }
}
