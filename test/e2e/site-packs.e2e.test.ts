import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeWithPart } from '../support/real-parts.ts';
import { PLANTED, removePackFolders, seedSite } from '../support/site-pack-fixtures.ts';
import { test } from './app-fixture.ts';
import { browserParts } from './e2e-parts.ts';
import { dropFile } from './file-steps.ts';

describeWithPart('Chromium and the built renderer', browserParts(), 'Site packs page', () => {
  test('exports a site with its sync and sealed secrets on one machine, and imports it by drag-and-drop on another', async ({
    launchApp,
  }) => {
    const saveDir = mkdtempSync(join(tmpdir(), 'fk-packs-e2e-'));
    try {
      const desk = await launchApp();
      await seedSite(desk.engine);
      const { page } = desk;
      await page.getByTestId('nav-site-packs').click();
      await page.getByTestId('pack-export-sites').click();
      await page.getByRole('option', { name: 'Acme Berlin' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('pack-export-syncs').click();
      await page.getByRole('option', { name: 'web' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('pack-export-secrets').check();
      await page.getByTestId('pack-export-passphrase').fill(PLANTED.passphrase);
      await page.getByTestId('pack-export-passphrase-repeat').fill('not the same one');
      expect(await page.getByTestId('pack-export-save').isDisabled()).toBe(true);
      await page.getByTestId('pack-export-passphrase-repeat').fill(PLANTED.passphrase);
      const path = join(saveDir, 'acme.fieldkit');
      desk.fileDialog.saveFileNext(path);
      await page.getByTestId('pack-export-save').click();
      await expect
        .poll(() => page.getByTestId('pack-export-saved').textContent())
        .toMatch(/Saved acme\.fieldkit.*Sites: Acme Berlin.*Secrets sealed/);
      expect(desk.fileDialog.savesOffered.at(-1)?.defaultName).toMatch(/^acme-berlin-\d{4}-\d{2}-\d{2}\.fieldkit$/);
      expect(existsSync(path)).toBe(true);

      const field = await launchApp();
      copyFileSync(path, join(field.dropFolder, 'acme.fieldkit'));
      const p2 = field.page;
      // The window opens on Cloud Connect and has read the sites already: none yet.
      await expect.poll(() => p2.getByTestId('site-add').count()).toBe(1);
      expect(await p2.getByTestId('site-select').count()).toBe(0);
      await p2.getByTestId('nav-site-packs').click();
      await p2.getByTestId('pack-tab-import').click();
      await dropFile(p2, 'pack-import-file', 'acme.fieldkit');
      await expect.poll(() => p2.getByTestId('pack-import-file').textContent()).toBe('acme.fieldkit');
      // Without the passphrase the pack is refused in words, and nothing changes.
      await p2.getByTestId('pack-import-preview').click();
      await expect.poll(() => p2.getByTestId('pack-import-refused').getAttribute('data-error-code')).toBe('PACK_PASSPHRASE_REQUIRED');
      await p2.getByTestId('pack-import-passphrase').fill(PLANTED.passphrase);
      await p2.getByTestId('pack-import-preview').click();
      await expect.poll(() => p2.getByTestId('pack-preview-row').count()).toBe(5);
      expect(await p2.locator('[data-testid="pack-preview-row"][data-action="add"]').count()).toBe(5);
      await p2.getByTestId('pack-import-run').click();
      await expect
        .poll(() => p2.getByTestId('pack-import-done').textContent())
        .toMatch(/Added: site Acme Berlin.*4 secrets saved.*no private key/);
      expect(await field.engine.profiles.appliances.password('adc-a')).toBe(PLANTED.appliancePassword);
      expect((await field.engine.sites.get('Acme Berlin')).notes).toBe('Gate code 4471; ask for Jo.');
      // Every page that lists what the pack brought shows it at once, without a restart.
      await p2.getByTestId('nav-cloud-connect').click();
      await p2.getByTestId('site-select').click();
      await expect.poll(() => p2.getByRole('option', { name: 'Acme Berlin' }).count()).toBe(1);
    } finally {
      rmSync(saveDir, { recursive: true, force: true });
      removePackFolders();
    }
  }, 90_000);
});
