import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
      closeBrowser = chromium.close;
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

    it('saves a credential into the real keychain, shows "Saved", then deletes it', async () => {
      await page.getByTestId('credential-profile').fill('e2e-lab');
      await page.getByTestId('credential-secret').fill('s3cret-e2e-value');
      await page.getByTestId('credential-save').click();
      await expect.poll(() => page.getByTestId('credential-state').textContent()).toBe('Saved');
      // The keychain really holds it, and the page never saw it again: the field was cleared and no response carried it.
      expect(await te.engine.secrets.reveal({ kind: 'test', profileId: 'e2e-lab' })).toBe('s3cret-e2e-value');
      expect(await page.content()).not.toContain('s3cret-e2e-value');

      await page.getByTestId('credential-delete').click();
      await expect.poll(() => page.getByTestId('credential-state').textContent()).toBe('Not saved');
      expect(await te.engine.secrets.reveal({ kind: 'test', profileId: 'e2e-lab' })).toBeNull();
    });

    it('shows a bad input as the typed error the engine sent, naming the field', async () => {
      await page.getByTestId('credential-profile').fill('bad profile!');
      await page.getByTestId('credential-secret').fill('whatever');
      await page.getByTestId('credential-save').click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.getAttribute('data-error-code')).toBe('INVALID_INPUT');
      expect(await page.getByTestId('error-message').textContent()).toMatch(/^ref\.profileId: A profile id uses letters, digits/);
      expect(await te.engine.secrets.reveal({ kind: 'test', profileId: 'bad profile!' })).toBeNull();
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
      const { join } = await import('node:path');
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
