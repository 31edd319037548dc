import { create } from 'zustand';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import type { Settings } from '../../../shared/schemas/settings.ts';
import type { VaultStatus } from '../../../shared/schemas/secrets.ts';
import { call } from '../api/client.ts';

export type PageId = 'cloud-connect' | 'diagnostics' | 'allowlist' | 'certificates' | 'site-packs' | 'support' | 'settings';

interface AppState {
  page: PageId;
  version: string;
  vault: VaultStatus | undefined;
  settings: Settings | undefined;
  notices: StorageNotice[];
  loadError: string | undefined;
  go(page: PageId): void;
  load(): Promise<void>;
  setSettings(settings: Settings): void;
}

export const useAppStore = create<AppState>((set) => ({
  page: 'cloud-connect',
  version: '',
  vault: undefined,
  settings: undefined,
  notices: [],
  loadError: undefined,
  go: (page) => set({ page }),
  setSettings: (settings) => set({ settings }),
  async load() {
    try {
      const [info, settings, notices] = await Promise.all([call('appInfo'), call('settingsGet'), call('storageNotices')]);
      set({ version: info.version, vault: info.vault, settings, notices, loadError: undefined });
    } catch (err) {
      set({ loadError: err instanceof Error ? err.message : String(err) });
    }
  },
}));
