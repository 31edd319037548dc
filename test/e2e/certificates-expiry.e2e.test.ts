import { expect } from 'vitest';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, getPassword, seedCertkey, type CertWorld } from '../support/cert-push-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { issueCertificate, type Issued } from '../support/test-pki.ts';
import { test as appTest } from './app-fixture.ts';
import { browserParts } from './e2e-parts.ts';
import { openCertificates, pinnedProfile, startRenewalSim } from './certificates-steps.ts';

interface ExpiryFixtures {
  world: CertWorld;
  expiringSoon: Issued;
  /** Fresh per test: the renewal scenario plus an unbound certkey that runs out in 10 days. */
  adc1: NitroSimulator;
}

const test = appTest.extend<ExpiryFixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
  world: [async ({}, use) => use(await certWorld()), { scope: 'file' }],
  expiringSoon: [
    async ({ world }, use) => use(await issueCertificate(world.inter, { commonName: 'old.example.test', validForDays: 10 })),
    { scope: 'file' },
  ],
  adc1: async ({ world, expiringSoon }, use) => {
    const sim = await startRenewalSim(world, 'adc-1');
    seedCertkey(sim, 'old-site', expiringSoon, { withKey: true });
    await use(sim);
    await sim.close();
  },
});

describeWithPart('Chromium and the built renderer', browserParts(), 'Certificates page: expiry and removal', () => {
  test('the Expiry tab lists what runs out soonest first and names the appliance it could not read', async ({
    launchApp,
    world: w,
    adc1,
  }) => {
    const gone = { ...(await pinnedProfile(adc1, w, 'adc-gone')), port: 1 };
    const { page } = await launchApp({
      appliances: [
        { profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() },
        { profile: gone, password: getPassword() },
      ],
    });
    await openCertificates(page);
    await page.getByTestId('cert-tab-expiry').click();
    await page.getByTestId('expiry-read').click();
    await expect.poll(() => page.getByTestId('expiry-row').count()).toBeGreaterThanOrEqual(1);
    const rows = page.getByTestId('expiry-row');
    expect(await rows.first().getAttribute('data-certkey')).toBe('old-site');
    expect(await rows.first().getAttribute('data-state')).toBe('expiring');
    expect(await page.getByTestId('expiry-errors').textContent()).toMatch(/1 appliance\(s\) could not be read.*adc-gone/s);
    expect(await page.getByTestId('expiry-summary').textContent()).toMatch(/^1 of \d+ certkey\(s\) on 1 appliance\(s\)/);
  });

  test('the removal button counts the dry run’s list, and removes exactly that', async ({ launchApp, world: w, adc1 }) => {
    const { page } = await launchApp({ appliances: [{ profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() }] });
    await openCertificates(page);
    await page.getByTestId('cert-tab-inventory').click();
    await page.getByTestId('inventory-appliance').click();
    await page.getByRole('option', { name: /^adc-1 / }).click();
    await page.getByPlaceholder('and these certkeys (names)').fill('old-site');
    await page.getByTestId('remove-dry-run').click();
    await expect.poll(() => page.getByTestId('removal-result').textContent()).toMatch(/^Would remove 1 certkey\(s\): old-site/);
    expect(await page.getByTestId('remove-confirm').textContent()).toBe('Remove 1 certkey(s)');
    await page.getByTestId('remove-confirm').click();
    await expect.poll(() => page.getByTestId('removal-result').textContent()).toMatch(/removed 1 certkey\(s\): old-site/);
    expect(adc1.snapshot().partitions[0]!.certkeys.map((c) => c.certkey)).not.toContain('old-site');
  });
});
