import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startBridge, type Bridge } from '../support/bridge-server.ts';
import { launchChromium } from '../support/browser.ts';
import { chromiumStatus, describeWithPart } from '../support/real-parts.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

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
