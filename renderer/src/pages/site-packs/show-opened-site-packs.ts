import { useAppStore } from '../../store/app-store.ts';
import { useOpenedSitePacks } from '../../store/opened-site-packs-store.ts';
import { useSitePacksStore } from './site-packs-store.ts';

/**
 * A pack double-clicked in the file manager is what the user wants to look
 * at now: the Site packs page opens on its import tab with that pack chosen.
 * When several arrive together the first is opened; the import tab lists the
 * others. Returns the unsubscribe.
 */
export function showOpenedSitePacks(): () => void {
  return useOpenedSitePacks.subscribe((state, previous) => {
    const first = state.packs.find((p) => !previous.packs.includes(p));
    if (!first) return;
    useSitePacksStore.getState().openPack(first);
    useAppStore.getState().go('site-packs');
  });
}
