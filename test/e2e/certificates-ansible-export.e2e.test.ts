import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, getPassword, type CertWorld } from '../support/cert-push-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { test as appTest } from './app-fixture.ts';
import {
  loadBundle,
  openCertificates,
  openFlowStep,
  pinnedProfile,
  startRenewalSim,
  writeRenewedBundle,
  type BundleFiles,
} from './certificates-steps.ts';
import { browserParts } from './e2e-parts.ts';

const test = appTest.extend<{ world: CertWorld; bundle: BundleFiles; adc1: NitroSimulator }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
  world: [async ({}, use) => use(await certWorld()), { scope: 'file' }],
  bundle: [
    async ({ world }, use) => {
      const files = writeRenewedBundle(world);
      await use(files);
      files.remove();
    },
    { scope: 'file' },
  ],
  adc1: async ({ world }, use) => {
    const sim = await startRenewalSim(world, 'adc-1');
    await use(sim);
    await sim.close();
  },
});

describeWithPart('Chromium and the built renderer', browserParts(), 'Certificates page: Export as Ansible playbook', () => {
  test('saves the plan as a playbook where the save dialog says; the window shows what was saved, never the path', async ({
    launchApp,
    world: w,
    bundle,
    adc1,
  }) => {
    const { page, fileDialog } = await launchApp({
      appliances: [{ profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() }],
    });
    const parent = mkdtempSync(join(tmpdir(), 'fk-e2e-ansible-'));
    try {
      await openCertificates(page);
      await loadBundle({ page, fileDialog }, bundle);
      await openFlowStep(page, 'appliances');
      await page.getByTestId('push-appliance-adc-1').check();
      await page.getByTestId('push-vservers').fill('vs1');
      await openFlowStep(page, 'plan');
      fileDialog.saveExportNext(join(parent, 'renewal-playbook'));
      await page.getByTestId('export-ansible-button').click();
      const result = page.getByTestId('export-ansible-result');
      await expect.poll(() => result.count(), { timeout: 15_000 }).toBe(1);
      expect(await result.textContent()).toMatch(/Saved the playbook for adc-1 .*fieldkit_key_file/);
      expect(await page.content()).not.toContain(parent);
      expect(existsSync(join(parent, 'renewal-playbook', 'playbook.yml'))).toBe(true);
      expect(existsSync(join(parent, 'renewal-playbook', 'plans', 'adc-1.yml'))).toBe(true);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
