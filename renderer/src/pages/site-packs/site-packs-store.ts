import { create } from 'zustand';
import type { GrantedFile } from '../../../../shared/schemas/files.ts';

/**
 * The pack the import side works on: chosen on the page, dropped on it, or
 * handed over by the main process when the user double-clicks a .fieldkit
 * file (it grants the file and calls openPack with the token).
 */
interface SitePacksState {
  file: GrantedFile | undefined;
  openPack: (file: GrantedFile) => void;
  clear: () => void;
}

export const useSitePacksStore = create<SitePacksState>()((set) => ({
  file: undefined,
  openPack: (file) => set({ file }),
  clear: () => set({ file: undefined }),
}));
