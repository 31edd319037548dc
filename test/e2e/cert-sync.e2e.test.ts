import { expect } from 'vitest';
import { certWorld, getPassword, type CertWorld } from '../support/cert-push-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { removeSourceFolders, seedCas, sourceFolder } from '../support/sync-fixtures.ts';
import { startSim } from '../support/cert-push-fixtures.ts';
import { test as appTest } from './app-fixture.ts';
import { browserParts } from './e2e-parts.ts';
import { chooseFile } from './file-steps.ts';
import { openCertificates, pinnedProfile } from './certificates-steps.ts';

const test = appTest.extend<{ world: CertWorld }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
  world: [async ({}, use) => use(await certWorld()), { scope: 'file' }],
});

describeWithPart('Chromium and the built renderer', browserParts(), 'Certificates page: a saved sync', () => {
  test('is created from chosen files, run with Sync now, shows the result per appliance, and is deleted only after asking', async ({
    launchApp,
    world: w,
  }) => {
    const adc = await startSim({ name: 'adc-1', vservers: [{ name: 'vs1' }] });
    try {
      seedCas(adc, w);
      const src = sourceFolder(w, w.leaf);
      const app = await launchApp({ appliances: [{ profile: await pinnedProfile(adc, w, 'adc-1'), password: getPassword() }] });
      const { page, engine } = app;
      await openCertificates(page);
      await page.getByTestId('cert-tab-syncs').click();
      await page.getByTestId('sync-new').click();
      await page.getByTestId('sync-name').fill('web');
      await chooseFile(app, 'sync-cert', src.cert);
      await chooseFile(app, 'sync-key', src.key);
      await chooseFile(app, 'sync-chain', src.chain);
      await page.getByTestId('sync-appliance-adc-1').check();
      await page.getByTestId('sync-vservers').fill('vs1');
      await page.getByTestId('sync-vservers').press('Enter');
      await page.getByTestId('sync-save').click();
      await expect.poll(() => page.getByTestId('sync-row').count()).toBe(1);
      // The engine keeps the paths; the page only ever showed file names.
      expect(await page.content()).not.toContain(src.dir);
      expect(await engine.syncs.definition({ sync: 'web' })).toMatchObject({ source: { cert: src.cert }, vservers: [{ name: 'vs1' }] });

      await page.getByTestId('sync-run').click();
      await expect
        .poll(() => page.getByTestId('sync-appliance-row').textContent(), { timeout: 15_000 })
        .toMatch(/^adc-1 \(127\.0\.0\.1:\d+\): succeeded \(certkey /);
      expect(await page.getByTestId('sync-row').textContent()).toContain('succeeded');

      await page.getByTestId('sync-delete').click();
      expect(await engine.syncs.list()).toHaveLength(1);
      await page.getByTestId('sync-delete-confirm').click();
      await expect.poll(() => page.getByTestId('sync-row').count()).toBe(0);
    } finally {
      removeSourceFolders();
      await adc.close();
    }
  });
});
