import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { describeWithPart } from '../support/real-parts.ts';
import { test } from './app-fixture.ts';
import { browserParts, keychainParts } from './e2e-parts.ts';
import { openDiagnostics, saveProxyProfile } from './diagnostics-steps.ts';

const CORRUPT_SETTINGS = '{ "version": 1, "appearance": ';

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
}

describeWithPart('Chromium and the built renderer', browserParts(), 'Settings in a real browser against the real engine', () => {
  test('runs under a Content-Security-Policy that blocks inline script', async ({ launchApp }) => {
    const { page } = await launchApp();
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

  test('keeps the chosen theme in the settings file and shows it again after a reload', async ({ launchApp }) => {
    const { page, dataFolder } = await launchApp();
    await openSettings(page);
    await page.getByText('Dark', { exact: true }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await expect
      .poll(
        () => (JSON.parse(readFileSync(join(dataFolder, 'settings.json'), 'utf8')) as { appearance: { theme: string } }).appearance.theme,
      )
      .toBe('dark');

    await page.reload();
    await openSettings(page);
    await expect.poll(() => page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Light' }).isChecked()).toBe(false);
  });

  test('keeps the Cloud Connect refresh interval in the settings file and shows it again after a reload', async ({ launchApp }) => {
    const { page, engine } = await launchApp();
    await openSettings(page);
    const field = page.getByTestId('cc-refresh-interval');
    expect(await field.inputValue()).toBe('6');
    await field.fill('12');
    await field.blur();
    await expect.poll(() => engine.settings.get().cloudConnect.refreshIntervalHours).toBe(12);

    await page.reload();
    await openSettings(page);
    expect(await page.getByTestId('cc-refresh-interval').inputValue()).toBe('12');
  });

  test('moves a corrupt settings file aside and reports it in the window, with where it was kept', async ({ launchApp }) => {
    const { page, engine } = await launchApp({ files: { 'settings.json': CORRUPT_SETTINGS } });
    await expect.poll(() => page.getByTestId('notice-banner').textContent()).toMatch(/moved aside/);
    await openSettings(page);
    const notice = await page.getByTestId('storage-notice').textContent();
    const keptAt = engine.settings.notices[0]!.keptAt!;
    expect(notice).toContain(keptAt);
    expect(readFileSync(keptAt, 'utf8')).toBe(CORRUPT_SETTINGS);
  });
});

describeWithPart(
  'Chromium, a Secret Service and the built renderer',
  await keychainParts(),
  'Secrets in the real keychain, seen from a real browser',
  () => {
    test('shows the real keychain as the backend', async ({ launchApp }) => {
      const { page } = await launchApp({ vault: 'keychain' });
      await openSettings(page);
      await expect.poll(() => page.getByTestId('vault-backend').textContent()).toBe('Operating system keychain');
    });

    test('saves a proxy password into the real keychain, shows it as saved but never in the page, and deletes it with the profile', async ({
      launchApp,
    }) => {
      const { page, engine } = await launchApp({ vault: 'keychain' });
      await openDiagnostics(page);
      await saveProxyProfile(page, {
        name: 'Keychain proxy',
        host: 'proxy.example.test',
        port: 3128,
        username: 'bob',
        password: 's3cret-e2e-value',
      });
      const saved = (await engine.profiles.proxies.list()).map((s) => s.profile).find((p) => p.name === 'Keychain proxy')!;
      const ref = { kind: 'proxy-password', profileId: saved.id } as const;
      // The keychain really holds it, and the page never saw it again: the field was cleared and no response carried it.
      expect(await engine.secrets.reveal(ref)).toBe('s3cret-e2e-value');
      expect(await page.getByTestId('proxy-password').inputValue()).toBe('');
      expect(await page.content()).not.toContain('s3cret-e2e-value');

      await page.getByTestId('proxy-delete').click();
      await expect.poll(async () => (await engine.profiles.proxies.list()).some((s) => s.profile.id === saved.id)).toBe(false);
      await expect.poll(() => engine.secrets.reveal(ref)).toBeNull();
    });
  },
);
