import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OpenedSitePacks } from '../../electron/main/opened-site-packs.ts';
import type { HandlerContext } from '../../electron/services/ipc/dispatch.ts';
import { receiveOpenedSitePacks } from '../../renderer/src/api/opened-site-packs.ts';
import { showOpenedSitePacks } from '../../renderer/src/pages/site-packs/show-opened-site-packs.ts';
import { useSitePacksStore } from '../../renderer/src/pages/site-packs/site-packs-store.ts';
import { useAppStore } from '../../renderer/src/store/app-store.ts';
import { useOpenedSitePacks } from '../../renderer/src/store/opened-site-packs-store.ts';
import { OPENED_SITE_PACKS_MAX } from '../../shared/site-pack-file.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import type {} from '../../renderer/src/fieldkit-window.d.ts';

// The window's layout store keeps the sidebar in localStorage, which it looks for when it is imported.
vi.hoisted(() => {
  const kept = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => kept.get(k) ?? null,
    setItem: (k: string, v: string) => void kept.set(k, v),
    removeItem: (k: string) => void kept.delete(k),
  });
});

/**
 * From the file manager to the window's store: the queue electron/main keeps, the real dispatcher and engine that
 * grant each path, and the window's receiver, over a window.fieldkit that reaches the dispatcher as the preload does.
 */
describe('site packs opened from the file manager reach the window as tokens', () => {
  const opened = new OpenedSitePacks();
  let te: TestEngine;
  const listeners = new Set<() => void>();
  const ctx: HandlerContext = { emit: () => undefined };
  const announce = () => listeners.forEach((l) => l());

  beforeAll(async () => {
    te = await startTestEngine({ shell: { takeOpenedSitePacks: (max) => opened.take(max) } });
    vi.stubGlobal('window', {
      fieldkit: {
        openedSitePacks: (input?: unknown) => te.dispatcher.dispatch('openedSitePacks', input, ctx),
        on: (event: string, listener: () => void) => {
          if (event !== 'sitePacksOpened') throw new Error(`Unknown event "${event}"`);
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
    });
  });
  afterEach(() => {
    useOpenedSitePacks.setState({ packs: [] });
    useSitePacksStore.setState({ tab: 'export', file: undefined });
    useAppStore.setState({ page: 'cloud-connect' });
  });
  afterAll(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    te.close();
  });

  const names = () => useOpenedSitePacks.getState().packs.map((p) => p.name);
  const settled = () => new Promise((r) => setTimeout(r, 50));

  it('takes what waited from the start, then each announced pack, once each, with no path', async () => {
    opened.add(['/home/ana/Berlin DC.fieldkit']);
    const stop = receiveOpenedSitePacks();
    await vi.waitFor(() => expect(names()).toEqual(['Berlin DC.fieldkit']));

    opened.add(['/home/ana/Paris.fieldkit', '/home/ana/Oslo.fieldkit']);
    announce();
    announce();
    await vi.waitFor(() => expect(names()).toEqual(['Berlin DC.fieldkit', 'Paris.fieldkit', 'Oslo.fieldkit']));
    await settled();
    expect(names()).toHaveLength(3);

    const packs = useOpenedSitePacks.getState().packs;
    expect(JSON.stringify(packs)).not.toContain('/home/ana');
    for (const p of packs) expect(p.token).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(packs.map((p) => p.token)).size).toBe(3);
    stop();
    opened.add(['/home/ana/Late.fieldkit']);
    announce();
    await settled();
    expect(names()).toHaveLength(3);
    opened.take(OPENED_SITE_PACKS_MAX);
  });

  it('opens the Site packs page on its import tab with the pack chosen, the first of several, and the next one that comes', async () => {
    const stopShowing = showOpenedSitePacks();
    const stop = receiveOpenedSitePacks();
    const shown = () => ({ page: useAppStore.getState().page, ...useSitePacksStore.getState() });
    try {
      opened.add(['/home/ana/Berlin DC.fieldkit', '/home/ana/Paris.fieldkit']);
      announce();
      await vi.waitFor(() => expect(shown().file?.name).toBe('Berlin DC.fieldkit'));
      expect(shown()).toMatchObject({ page: 'site-packs', tab: 'import' });
      expect(shown().file?.token).toBe(useOpenedSitePacks.getState().packs[0]?.token);

      // The user looks elsewhere, then double-clicks another pack: it is shown, not the ones before.
      useAppStore.getState().go('diagnostics');
      useSitePacksStore.getState().setTab('export');
      opened.add(['/home/ana/Oslo.fieldkit']);
      announce();
      await vi.waitFor(() => expect(shown().file?.name).toBe('Oslo.fieldkit'));
      expect(shown()).toMatchObject({ page: 'site-packs', tab: 'import' });

      // A pack the import is done with leaves the list and opens nothing.
      useOpenedSitePacks.getState().taken(shown().file!.token);
      await settled();
      expect(names()).toEqual(['Berlin DC.fieldkit', 'Paris.fieldkit']);
      expect(shown().file?.name).toBe('Oslo.fieldkit');
    } finally {
      stop();
      stopShowing();
    }
  });

  it('asks again until a larger selection than one answer carries is all taken', async () => {
    const many = Array.from({ length: OPENED_SITE_PACKS_MAX + 3 }, (_, i) => `/srv/packs/Site ${i}.fieldkit`);
    opened.add(many);
    const stop = receiveOpenedSitePacks();
    await vi.waitFor(() => expect(names()).toHaveLength(many.length));
    expect(names().at(-1)).toBe(`Site ${many.length - 1}.fieldkit`);
    stop();
  });

  it('answers no packs where there is no file manager to open them (the CLI, a test engine)', async () => {
    const bare = await startTestEngine();
    try {
      expect(await bare.dispatcher.dispatch('openedSitePacks', undefined, ctx)).toEqual({ ok: true, value: { files: [] } });
    } finally {
      bare.close();
    }
  });
});
