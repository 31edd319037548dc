import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type PageId = 'cloud-connect' | 'diagnostics' | 'allowlist' | 'certificates' | 'site-packs' | 'support' | 'settings';

/** Where the user is and how the window is laid out: UI state only; what the engine says lives in the query cache. */
interface AppState {
  page: PageId;
  /** Pages opened so far: they stay mounted, hidden, so each keeps its inputs, results and selections. */
  visited: PageId[];
  navbarCollapsed: boolean;
  go: (page: PageId) => void;
  toggleNavbar: () => void;
}

export const useAppStore = create<AppState>()(
  persist(
    (set) => ({
      page: 'cloud-connect',
      navbarCollapsed: false,
      visited: ['cloud-connect'],
      go: (page) => set((s) => ({ page, visited: s.visited.includes(page) ? s.visited : [...s.visited, page] })),
      toggleNavbar: () => set((s) => ({ navbarCollapsed: !s.navbarCollapsed })),
    }),
    // Only the sidebar's state outlives the window: every start opens on the first page.
    { name: 'fieldkit-layout', partialize: (s) => ({ navbarCollapsed: s.navbarCollapsed }) },
  ),
);
