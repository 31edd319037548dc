import { OPENED_SITE_PACKS_MAX } from '../../../shared/site-pack-file.ts';
import { useOpenedSitePacks } from '../store/opened-site-packs-store.ts';
import { call, subscribe } from './client.ts';

/**
 * Collects the site packs the operating system opened with Fieldkit: those waiting since the app started, then
 * each time the main process announces more. Returns the unsubscribe.
 */
export function receiveOpenedSitePacks(): () => void {
  // A page shown outside the app (no engine connected) has nothing to receive.
  if (!(window.fieldkit as typeof window.fieldkit | undefined)) return () => undefined;
  let taking: Promise<void> = Promise.resolve();
  const takeAll = async (): Promise<void> => {
    for (;;) {
      const { files } = await call('openedSitePacks');
      if (files.length > 0) useOpenedSitePacks.getState().received(files);
      if (files.length < OPENED_SITE_PACKS_MAX) return;
    }
  };
  // One take at a time, so packs keep the order the OS named them in.
  const queueTake = () => {
    taking = taking.then(takeAll).catch((err: unknown) => console.warn('Could not take the opened site packs', err));
  };
  const unsubscribe = subscribe('sitePacksOpened', queueTake);
  queueTake();
  return unsubscribe;
}
