import { join } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import { PROFILES_VERSION, ProfilesFile, type SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { loadVersionedFile, saveVersionedFile, type VersionedFileSpec } from './versioned-json-file.ts';

type Collection = 'proxies' | 'appliances';

/** profiles.json: saved proxy and appliance profiles, same guarantees as settings (atomic, versioned, kept aside when corrupt). */
export class ProfilesStore {
  private readonly spec: VersionedFileSpec<ProfilesFile>;
  private current: ProfilesFile;
  private readonly writable: boolean;
  readonly notices: StorageNotice[];

  private constructor(spec: VersionedFileSpec<ProfilesFile>, current: ProfilesFile, writable: boolean, notices: StorageNotice[]) {
    this.spec = spec;
    this.current = current;
    this.writable = writable;
    this.notices = notices;
  }

  static async open(dataFolder: string): Promise<ProfilesStore> {
    const spec: VersionedFileSpec<ProfilesFile> = {
      path: join(dataFolder, 'profiles.json'),
      currentVersion: PROFILES_VERSION,
      schema: ProfilesFile,
      defaults: () => ({ version: PROFILES_VERSION, proxies: [], appliances: [] }),
      migrations: {},
      label: 'profiles',
    };
    const loaded = await loadVersionedFile(spec);
    return new ProfilesStore(spec, loaded.value, loaded.writable, loaded.notices);
  }

  proxies(): SavedProxyProfile[] {
    return structuredClone(this.current.proxies) as SavedProxyProfile[];
  }

  appliances(): ApplianceProfile[] {
    return structuredClone(this.current.appliances);
  }

  proxy(id: string): SavedProxyProfile {
    const p = this.current.proxies.find((x) => x.id === id);
    if (!p) throw new FieldkitError('PROFILE_NOT_FOUND', `There is no proxy profile "${id}".`, { field: 'proxyProfileId' });
    return structuredClone(p) as SavedProxyProfile;
  }

  appliance(id: string): ApplianceProfile {
    const a = this.current.appliances.find((x) => x.id === id);
    if (!a) throw new FieldkitError('PROFILE_NOT_FOUND', `There is no appliance profile "${id}".`, { field: 'applianceId' });
    return structuredClone(a);
  }

  async saveProxy(profile: SavedProxyProfile): Promise<void> {
    await this.put('proxies', profile);
  }

  async saveAppliance(profile: ApplianceProfile): Promise<void> {
    await this.put('appliances', profile);
  }

  async delete(collection: Collection, id: string): Promise<boolean> {
    const list = this.current[collection] as Array<{ id: string }>;
    if (!list.some((x) => x.id === id)) return false;
    await this.write({ ...this.current, [collection]: list.filter((x) => x.id !== id) } as ProfilesFile);
    return true;
  }

  private async put(collection: Collection, profile: { id: string }): Promise<void> {
    const list = this.current[collection] as Array<{ id: string }>;
    const next = list.some((x) => x.id === profile.id) ? list.map((x) => (x.id === profile.id ? profile : x)) : [...list, profile];
    await this.write({ ...this.current, [collection]: next } as ProfilesFile);
  }

  private async write(next: ProfilesFile): Promise<void> {
    if (!this.writable) throw new FieldkitError('SETTINGS_TOO_NEW', 'Profiles cannot be saved: profiles.json is from a newer Fieldkit and is kept as it is.');
    const valid = ProfilesFile.parse(next);
    await saveVersionedFile(this.spec, valid);
    this.current = valid;
  }
}
