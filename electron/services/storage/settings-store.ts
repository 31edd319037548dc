import { join } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, Settings, type SettingsPatch, type StorageNotice } from '../../../shared/schemas/settings.ts';
import { loadVersionedFile, saveVersionedFile, type VersionedFileSpec } from './versioned-json-file.ts';

export class SettingsStore {
  private readonly spec: VersionedFileSpec<Settings>;
  private current: Settings;
  private readonly writable: boolean;
  readonly notices: StorageNotice[];

  private constructor(spec: VersionedFileSpec<Settings>, current: Settings, writable: boolean, notices: StorageNotice[]) {
    this.spec = spec;
    this.current = current;
    this.writable = writable;
    this.notices = notices;
  }

  static async open(dataFolder: string): Promise<SettingsStore> {
    const spec: VersionedFileSpec<Settings> = {
      path: join(dataFolder, 'settings.json'),
      currentVersion: SETTINGS_VERSION,
      schema: Settings,
      defaults: () => structuredClone(DEFAULT_SETTINGS),
      migrations: {},
      label: 'settings',
    };
    const loaded = await loadVersionedFile(spec);
    return new SettingsStore(spec, loaded.value, loaded.writable, loaded.notices);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    if (!this.writable) {
      throw new FieldkitError('SETTINGS_TOO_NEW', 'Settings cannot be saved: the settings file on disk is from a newer Fieldkit and is kept as it is.');
    }
    const next = Settings.parse({
      ...this.current,
      appearance: { ...this.current.appearance, ...patch.appearance },
    });
    await saveVersionedFile(this.spec, next);
    this.current = next;
    return this.get();
  }
}
