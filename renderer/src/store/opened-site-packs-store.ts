import { create } from 'zustand';
import type { GrantedFile } from '../../../shared/schemas/files.ts';

/**
 * Site packs the user opened with Fieldkit from the file manager (a double-click on "Berlin DC.fieldkit"), as
 * granted tokens and names, kept for the window's life until the site-pack import takes them.
 */
interface OpenedSitePacksState {
  packs: GrantedFile[];
  received: (files: GrantedFile[]) => void;
  /** The import is done with this pack. */
  taken: (token: string) => void;
}

export const useOpenedSitePacks = create<OpenedSitePacksState>()((set) => ({
  packs: [],
  received: (files) => set((s) => ({ packs: [...s.packs, ...files] })),
  taken: (token) => set((s) => ({ packs: s.packs.filter((p) => p.token !== token) })),
}));
