import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startBridge, type Bridge } from '../support/bridge-server.ts';
import { launchChromium } from '../support/browser.ts';
import { createTestPki, publicLeaf, scenarioCatalog } from '../support/diagnostics-fixtures.ts';
import { chromiumStatus, describeWithPart } from '../support/real-parts.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { closedPort, startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';

const built = existsSync(resolve('out/renderer/index.html'));
const parts = {
  available: chromiumStatus().available && built,
  reason: [chromiumStatus().reason, built ? undefined : 'renderer not built (npx electron-vite build)'].filter(Boolean).join('; '),
};

describeWithPart('Chromium and the built renderer', parts, 'The window around the pages, in a real browser', () => {
  let te: TestEngine;
  let bridge: Bridge;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    bridge = await startBridge(te.dispatcher);
    browser = await launchChromium();
  });

  /** Saved as the Settings page would save it, through the contract. */
  async function saveTheme(theme: 'system' | 'light' | 'dark'): Promise<void> {
    const r = await te.dispatcher.dispatch('settingsUpdate', { patch: { appearance: { theme } } }, { emit: () => {} });
    expect(r.ok).toBe(true);
  }

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    te?.close();
  });

  it('applies the saved theme from the start, whatever the system prefers', async () => {
    await saveTheme('dark');
    const context = await browser.browser.newContext({ colorScheme: 'light' });
    try {
      const page = await context.newPage();
      await page.goto(bridge.url);
      await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    } finally {
      await context.close();
      await saveTheme('system');
    }
  });

  it('collapses the sidebar from the header and remembers it after a reload', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 900, height: 700 } });
    try {
      const page = await context.newPage();
      // Collapsed, the sidebar is slid out of the window and out of reach of the keyboard.
      const sidebarShown = () =>
        page.getByRole('navigation', { name: 'Sections', includeHidden: true }).evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.right > 0 && !el.hasAttribute('inert');
        });
      await page.goto(bridge.url);
      await expect.poll(sidebarShown).toBe(true);
      await page.getByTestId('navbar-toggle').click();
      await expect.poll(sidebarShown).toBe(false);
      await page.reload();
      await page.getByTestId('navbar-toggle').waitFor();
      expect(await sidebarShown()).toBe(false);
      await page.getByTestId('navbar-toggle').click();
      await expect.poll(sidebarShown).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('keeps what the user typed on a page when they switch section and come back', async () => {
    const context = await browser.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(bridge.url);
      await page.getByTestId('nav-diagnostics').click();
      await page.getByTestId('ccid').fill('acme-kept');
      await page.getByTestId('nav-certificates').click();
      await page.getByTestId('cert-tab-bundle').click();
      await page.getByTestId('bundle-cert-path').fill('/tmp/kept.crt');
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('nav-diagnostics').click();
      expect(await page.getByTestId('ccid').inputValue()).toBe('acme-kept');
      await page.getByTestId('nav-certificates').click();
      expect(await page.getByTestId('bundle-cert-path').inputValue()).toBe('/tmp/kept.crt');
    } finally {
      await context.close();
    }
  });

  it('says there is no file picker outside the desktop app, and keeps the typed path', async () => {
    const context = await browser.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(bridge.url);
      await page.getByTestId('nav-certificates').click();
      await page.getByTestId('cert-tab-bundle').click();
      await page.getByTestId('bundle-key-path').fill('/tmp/typed.key');
      await page.getByTestId('bundle-key-path-browse').click();
      await expect.poll(() => page.getByText('No file picker here: type the full path of the file.').count()).toBe(1);
      expect(await page.getByTestId('bundle-key-path').inputValue()).toBe('/tmp/typed.key');
      // One answer is enough: every other Browse button knows too.
      expect(await page.getByTestId('bundle-cert-path-browse').isDisabled()).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describeWithPart('Chromium and the built renderer', parts, 'Every page at the smallest window (900 px)', () => {
  const OK_HOST = 'ok.fieldkit.test';
  const REFUSED_HOST = 'refused.fieldkit.test';
  let te: TestEngine;
  let bridge: Bridge;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let origin: LocalServer;

  beforeAll(async () => {
    const pki = await createTestPki();
    origin = await startHttpsOrigin(await publicLeaf(pki, [OK_HOST]));
    const refusedPort = await closedPort();
    te = await startTestEngine({
      vault: new MemoryVault('test'),
      diagnosticsOverrides: {
        catalog: scenarioCatalog([OK_HOST, REFUSED_HOST]),
        resolverOverrides: { [OK_HOST]: '127.0.0.1', [REFUSED_HOST]: '127.0.0.1' },
        portOverrides: { [OK_HOST]: origin.port, [REFUSED_HOST]: refusedPort },
        extraTrustAnchors: [pki.publicRoot.certPem],
      },
    });
    bridge = await startBridge(te.dispatcher);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    te?.close();
    await origin?.close();
  });

  it('shows whole verdicts and never needs a sideways scroll of the window', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 900, height: 700 } });
    try {
      const page = await context.newPage();
      await page.goto(bridge.url);
      await page.getByTestId('nav-diagnostics').click();
      await page.getByTestId('run').click();
      await expect.poll(() => page.getByTestId('summary').count(), { timeout: 15_000 }).toBe(1);
      await page.getByTestId(`row-${REFUSED_HOST}`).click();
      await page.getByTestId('endpoint-detail').waitFor();

      const clippedBadges = () =>
        page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('.mantine-Badge-label')]
            .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .map((e) => e.textContent),
        );
      const sidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      expect(await page.getByTestId(`row-${REFUSED_HOST}`).getByTestId('verdict').textContent()).toBe('Not Reachable');
      expect(await clippedBadges()).toEqual([]);
      expect(await sidewaysScroll()).toBe(false);

      for (const section of ['cloud-connect', 'certificates', 'settings', 'allowlist']) {
        await page.getByTestId(`nav-${section}`).click();
        await page.locator(`[data-page="${section}"] h2`).waitFor();
        expect({ section, clipped: await clippedBadges(), sideways: await sidewaysScroll() }).toEqual({
          section,
          clipped: [],
          sideways: false,
        });
      }
    } finally {
      await context.close();
    }
  });
});
