import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openKeytar } from '../../electron/services/vault/keytar-vault.ts';
import { startBridge, type Bridge } from '../support/bridge-server.ts';
import { launchChromium } from '../support/browser.ts';
import { chromiumStatus, describeWithPart } from '../support/real-parts.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

const keychain = await openKeytar();
const parts = {
  available: chromiumStatus().available && !('reason' in keychain) && existsSync(resolve('out/renderer/index.html')),
  reason: [
    chromiumStatus().reason,
    'reason' in keychain ? keychain.reason : undefined,
    existsSync(resolve('out/renderer/index.html')) ? undefined : 'renderer not built (npm run build)',
  ]
    .filter(Boolean)
    .join('; '),
};

describeWithPart(
  'Chromium, a Secret Service and the built renderer',
  parts,
  'Settings slice in a real browser against the real engine',
  () => {
    let te: TestEngine;
    let bridge: Bridge;
    let closeBrowser: () => Promise<void>;
    let page: Page;

    beforeAll(async () => {
      te = await startTestEngine();
      bridge = await startBridge(te.dispatcher);
      const chromium = await launchChromium();
      closeBrowser = () => chromium.close();
      page = await chromium.browser.newPage();
      await page.goto(bridge.url);
      await page.getByTestId('nav-settings').click();
    });

    afterAll(async () => {
      await closeBrowser?.();
      await bridge?.close();
      te?.close();
    });

    it('runs under a Content-Security-Policy that blocks inline script', async () => {
      const ran = await page.evaluate(async () => {
        const w = window as unknown as { inlineRan?: boolean };
        const s = document.createElement('script');
        s.textContent = 'window.inlineRan = true';
        document.body.appendChild(s);
        await new Promise((r) => setTimeout(r, 50));
        return w.inlineRan === true;
      });
      expect(ran).toBe(false);
    });

    it('shows the real keychain as the backend', async () => {
      await expect.poll(() => page.getByTestId('vault-backend').textContent()).toBe('Operating system keychain');
    });

    it('saves a proxy password into the real keychain, shows only "password saved", then deletes it', async () => {
      await page.getByTestId('nav-diagnostics').click();
      await page.getByTestId('proxy-new').click();
      const editor = page.getByTestId('proxy-editor');
      await editor.getByTestId('proxy-name').fill('e2e-lab');
      await editor.getByTestId('proxy-host').fill('127.0.0.1');
      await editor.getByTestId('proxy-port').fill('3128');
      await editor.getByTestId('proxy-password').fill('s3cret-e2e-value');
      await editor.getByTestId('proxy-save').click();
      await expect.poll(() => editor.getByTestId('proxy-password-state').textContent()).toMatch(/password saved/i);
      // The keychain really holds it, and the page never saw it again: the field was cleared and no response carried it.
      const saved = te.engine.profiles.proxies().find((p) => p.name === 'e2e-lab')!;
      expect(await te.engine.secrets.reveal({ kind: 'proxy-password', profileId: saved.id })).toBe('s3cret-e2e-value');
      expect(await editor.getByTestId('proxy-password').inputValue()).toBe('');
      expect(await page.content()).not.toContain('s3cret-e2e-value');

      await editor.getByTestId('proxy-delete').click();
      await expect.poll(() => page.getByTestId('proxy-editor').count()).toBe(0);
      expect(te.engine.profiles.proxies().find((p) => p.name === 'e2e-lab')).toBeUndefined();
    });

    it("shows a bad input as the typed error the engine sent, in the user's words and without the field's path", async () => {
      await page.getByTestId('proxy-new').click();
      const editor = page.getByTestId('proxy-editor');
      await editor.getByTestId('proxy-name').fill('no host');
      await editor.getByTestId('proxy-host').fill('');
      await editor.getByTestId('proxy-save').click();
      const alert = editor.getByRole('alert');
      await expect.poll(() => alert.getAttribute('data-error-code')).toBe('INVALID_INPUT');
      const message = (await alert.getByTestId('error-message').textContent()) ?? '';
      expect(message).toMatch(/^The proxy host is empty/);
      expect(message).not.toContain('profile.');
      expect(te.engine.profiles.proxies().find((p) => p.name === 'no host')).toBeUndefined();
    });
  },
);

describeWithPart(
  'Chromium and the built renderer',
  {
    available: chromiumStatus().available && existsSync(resolve('out/renderer/index.html')),
    reason: 'Chromium or the built renderer is missing',
  },
  'A corrupt settings file in a real browser',
  () => {
    it('is moved aside and reported in the window, with where it was kept', async () => {
      const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { MemoryVault } = await import('../../electron/services/vault/memory-vault.ts');
      const dataFolder = mkdtempSync(join(tmpdir(), 'fk-corrupt-'));
      writeFileSync(join(dataFolder, 'settings.json'), '{ "version": 1, "appearance": ');
      const te = await startTestEngine({ dataFolder, vault: new MemoryVault('test') });
      const bridge = await startBridge(te.dispatcher);
      const chromium = await launchChromium();
      try {
        const page = await chromium.browser.newPage();
        await page.goto(bridge.url);
        await expect.poll(() => page.getByTestId('notice-banner').textContent()).toMatch(/moved aside/);
        await page.getByTestId('nav-settings').click();
        const notice = await page.getByTestId('storage-notice').textContent();
        const keptAt = te.engine.settings.notices[0]!.keptAt!;
        expect(notice).toContain(keptAt);
        expect(readFileSync(keptAt, 'utf8')).toBe('{ "version": 1, "appearance": ');
      } finally {
        await chromium.close();
        await bridge.close();
        te.close();
      }
    });
  },
);
