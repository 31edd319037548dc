import { create } from 'zustand';
import type { GrantedFile } from '../../../../shared/schemas/files.ts';

/**
 * The pack the import side works on: chosen on the page, dropped on it, or
 * handed over by the main process when the user double-clicks a .fieldkit
 * file (it grants the file and calls openPack with the token).
 */
interface SitePacksState {
  tab: 'export' | 'import';
  file: GrantedFile | undefined;
  setTab: (tab: 'export' | 'import') => void;
  /** Shows the import side with this pack chosen. */
  openPack: (file: GrantedFile) => void;
  clear: () => void;
}

export const useSitePacksStore = create<SitePacksState>()((set) => ({
  tab: 'export',
  file: undefined,
  setTab: (tab) => set({ tab }),
  openPack: (file) => set({ file, tab: 'import' }),
  clear: () => set({ file: undefined }),
}));
