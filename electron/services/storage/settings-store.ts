import { join } from 'node:path';
import {
  DEFAULT_REFRESH_HOURS,
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  Settings,
  type SettingsPatch,
  type StorageNotice,
} from '../../../shared/schemas/settings.ts';
import { VersionedStore } from './versioned-store.ts';

export class SettingsStore {
  private readonly store: VersionedStore<Settings>;

  private constructor(store: VersionedStore<Settings>) {
    this.store = store;
  }

  static async open(dataFolder: string): Promise<SettingsStore> {
    return new SettingsStore(
      await VersionedStore.open<Settings>({
        path: join(dataFolder, 'settings.json'),
        currentVersion: SETTINGS_VERSION,
        schema: Settings,
        defaults: () => structuredClone(DEFAULT_SETTINGS),
        // 1 → 2: the Cloud Connect refresh interval arrived, at Console's six hours.
        migrations: { 1: (doc) => ({ ...doc, cloudConnect: { refreshIntervalHours: DEFAULT_REFRESH_HOURS } }) },
        label: 'settings',
        codes: { corrupt: 'SETTINGS_CORRUPT', tooNew: 'SETTINGS_TOO_NEW' },
      }),
    );
  }

  get notices(): StorageNotice[] {
    return this.store.notices;
  }

  get(): Settings {
    return this.store.value;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    return this.store.update((onDisk) => ({
      ...onDisk,
      appearance: { ...onDisk.appearance, ...patch.appearance },
      cloudConnect: { ...onDisk.cloudConnect, ...patch.cloudConnect },
    }));
  }
}
