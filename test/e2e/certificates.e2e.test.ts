import { expect } from 'vitest';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, getPassword, profileFor, seedCertkey, type CertWorld } from '../support/cert-push-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { issueCertificate, type Issued } from '../support/test-pki.ts';
import { test as appTest } from './app-fixture.ts';
import { browserParts } from './e2e-parts.ts';
import {
  askToPush,
  fillNewAppliance,
  loadBundle,
  openCertificates,
  pinnedProfile,
  planPush,
  push,
  startRenewalSim,
  writeRenewedBundle,
  type BundleFiles,
} from './certificates-steps.ts';

interface CertificateFixtures {
  world: CertWorld;
  /** Issued once per file: a certificate that runs out in 10 days. */
  expiringSoon: Issued;
  bundle: BundleFiles;
  /** Fresh per test: the renewal scenario, plus something about to run out for the inventory's flag. */
  adc1: NitroSimulator;
  /** Fresh per test: the renewal scenario. */
  adc2: NitroSimulator;
}

const test = appTest.extend<CertificateFixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
  world: [async ({}, use) => use(await certWorld()), { scope: 'file' }],
  expiringSoon: [
    async ({ world }, use) => use(await issueCertificate(world.inter, { commonName: 'old.example.test', validForDays: 10 })),
    { scope: 'file' },
  ],
  bundle: [
    async ({ world }, use) => {
      const files = writeRenewedBundle(world);
      await use(files);
      files.remove();
    },
    { scope: 'file' },
  ],
  adc1: async ({ world, expiringSoon }, use) => {
    const sim = await startRenewalSim(world, 'adc-1');
    seedCertkey(sim, 'old-site', expiringSoon, { withKey: true });
    await use(sim);
    await sim.close();
  },
  adc2: async ({ world }, use) => {
    const sim = await startRenewalSim(world, 'adc-2');
    await use(sim);
    await sim.close();
  },
});

describeWithPart(
  'Chromium and the built renderer',
  browserParts(),
  'Certificates page: a renewal pushed to two simulated appliances',
  () => {
    test('pins the first appliance on first use and saves its password in the keychain, not in the page', async ({
      launchApp,
      world: w,
      adc1,
    }) => {
      const { page, engine } = await launchApp();
      await openCertificates(page);
      await fillNewAppliance(page, adc1, 'adc-1');
      await page.getByTestId('fetch-certificate').click();
      // What the user is shown is the simulator's real management certificate.
      await expect.poll(() => page.getByTestId('presented-fingerprint').textContent()).toBe(w.mgmtLeaf.fingerprint256);
      expect(await page.getByTestId('presented-cert').textContent()).toContain('ns-mgmt.test');
      await page.getByTestId('accept-fingerprint').click();
      expect(await page.getByTestId('appliance-fingerprint').inputValue()).toBe(w.mgmtLeaf.fingerprint256);
      await page.getByTestId('appliance-save').click();
      await expect.poll(() => page.getByTestId('password-state-adc-1').textContent()).toBe('Password saved');
      expect(await engine.secrets.reveal({ kind: 'appliance-password', profileId: 'adc-1' })).toBe(getPassword());
      expect(await page.content()).not.toContain(getPassword());

      await page.getByTestId('test-connection-adc-1').click();
      await expect.poll(() => page.getByTestId('test-result-adc-1').textContent()).toMatch(/^OK · .+ · HA standalone/);
    });

    test('loads the renewed bundle from files chosen in the dialog and shows it valid, with the chain ending at the root', async ({
      launchApp,
      bundle,
    }) => {
      const { page, fileDialog } = await launchApp();
      await openCertificates(page);
      await loadBundle({ page, fileDialog }, bundle);
      expect(await page.getByTestId('bundle-subject').textContent()).toContain('www.example.test');
      expect(await page.getByTestId('bundle-chain-end').textContent()).toMatch(/ends at the root/);
      expect(await page.getByTestId('bundle-key').textContent()).toMatch(/not encrypted · matches the certificate/);
    });

    test('plans both appliances, then pushes: adc-1 succeeds, adc-2 fails at the binding and is rolled back exactly', async ({
      launchApp,
      world: w,
      bundle,
      adc1,
      adc2,
    }) => {
      // adc-1 was pinned earlier (first use has its own test above).
      const { page, invoke, fileDialog } = await launchApp({
        appliances: [{ profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() }],
      });
      await openCertificates(page);
      // adc-2 is saved over IPC, not in this window: opening the push tab re-reads the profiles.
      const saved = await invoke('applianceProfileSave', { profile: await profileFor(adc2, { id: 'adc-2' }), password: getPassword() });
      expect(saved.profile.id).toBe('adc-2');
      await loadBundle({ page, fileDialog }, bundle);

      // A new certkey that takes the binding: the path with the most steps to roll back.
      await planPush(page, ['adc-1', 'adc-2'], { renewInPlace: false });
      const planText = (await page.getByTestId('plan-adc-2').textContent())!;
      expect(planText.indexOf('/nitro/v1/config/login')).toBeLessThan(planText.indexOf('systemfile'));
      expect(planText).toContain('DELETE/nitro/v1/config/sslvserver_sslcertkey_binding/vs1');

      adc2.faults.fail(
        { method: 'PUT', resource: 'sslvserver_sslcertkey_binding' },
        { status: 599, errorcode: 1067, message: 'Injected: binding refused' },
        1,
      );
      const before2 = adc2.snapshot();
      expect(await push(page)).toMatch(/^1 succeeded, 0 unchanged, 1 rolled back, 0 failed/);
      // A pushed job cannot be pushed again.
      expect(await page.getByTestId('push-button').count()).toBe(0);

      expect(await page.getByTestId('push-result-adc-1-outcome').textContent()).toBe('Succeeded');
      expect(await page.getByTestId('push-result-adc-2-outcome').textContent()).toBe('Rolled back');
      const failure = (await page.getByTestId('push-result-adc-2-error').textContent())!;
      expect(failure).toMatch(/adc-2.*failed at "Bind .*vs1/);
      expect(failure).toContain('NITRO errorcode 1067');
      expect(await page.getByTestId('push-result-adc-2-rollback').textContent()).toMatch(
        /everything this push changed was put back[\s\S]*vs1/,
      );
      // Live progress showed each appliance, and the rollback steps on the second one.
      expect(await page.getByTestId('push-progress-appliance').count()).toBe(2);
      expect(await page.getByTestId('push-progress').textContent()).toContain('Rollback: ');

      expect(adc2.snapshot()).toEqual(before2);
      const p1 = adc1.snapshot().partitions.find((p) => p.name === 'default')!;
      const bound = p1.bindings.find((b) => b.vservername === 'vs1')!;
      expect(p1.certkeys.find((c) => c.certkey === bound.certkeyname)!.loadedCertSerial).toBe(w.renewed.serialHex.toUpperCase());

      // The private key is gone from memory once the push has run, and the page says how to push again.
      await page.getByTestId('flow-step-plan').click();
      expect(await page.getByTestId('push-no-bundle').textContent()).toMatch(
        /cleared from memory when the push finished.*Load the next certificate/,
      );

      await page.getByTestId('cert-tab-history').click();
      await page.getByTestId('history-refresh').click();
      await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);
    });

    test('Cancel during a push interrupts it: the step in flight is aborted, what was applied undone, the result says Interrupted', async ({
      launchApp,
      world: w,
      bundle,
      adc1,
    }) => {
      const app = await launchApp({ appliances: [{ profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() }] });
      const { page } = app;
      await openCertificates(page);
      await loadBundle(app, bundle);
      await planPush(page, ['adc-1'], { renewInPlace: false });
      const before = adc1.snapshot();
      adc1.faults.hang({ method: 'PUT', resource: 'sslvserver_sslcertkey_binding' });
      await askToPush(page);
      await page.getByTestId('push-confirm-go').click();
      await expect.poll(() => adc1.requests.some((r) => r.method === 'PUT' && r.path.includes('sslvserver_sslcertkey_binding'))).toBe(true);
      await page.getByTestId('push-cancel').click();
      const summary = page.getByTestId('push-summary-line');
      await expect.poll(() => summary.count(), { timeout: 15_000 }).toBe(1);
      expect(await summary.textContent()).toMatch(/^0 succeeded, 0 unchanged, 0 rolled back, 0 failed, 1 interrupted/);
      expect(await page.getByTestId('push-result-adc-1-outcome').textContent()).toBe('Interrupted');
      expect(await page.getByTestId('push-result-adc-1-rollback').textContent()).toMatch(/everything this push changed was put back/);
      expect(adc1.snapshot()).toEqual(before);
      expect(adc1.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
    });

    test("lists adc-1's certkeys by expiry and flags the one that runs out within days", async ({ launchApp, world: w, bundle, adc1 }) => {
      const { page, fileDialog } = await launchApp({
        appliances: [{ profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() }],
      });
      await openCertificates(page);
      // The renewal is pushed first, so the inventory shows the new certificate with its binding.
      await loadBundle({ page, fileDialog }, bundle);
      await planPush(page, ['adc-1'], { renewInPlace: false });
      expect(await push(page)).toMatch(/^1 succeeded/);

      await page.getByTestId('cert-tab-inventory').click();
      await page.getByTestId('inventory-appliance').click();
      await page.getByRole('option', { name: /^adc-1 / }).click();
      await page.getByTestId('inventory-load').click();
      await expect.poll(() => page.getByTestId('inventory-row').count()).toBeGreaterThanOrEqual(5);
      const rows = page.getByTestId('inventory-row');
      expect(await rows.first().getAttribute('data-certkey')).toBe('old-site');
      expect(await rows.first().getAttribute('data-expiring')).toBe('yes');
      const left = Number(/(\d+) days/.exec((await rows.first().locator('td').nth(3).textContent())!)?.[1]);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(10);
      const flagged = await page.locator('[data-testid="inventory-row"][data-expiring="yes"]').count();
      expect(flagged).toBe(1);
      // The renewed certificate, now bound to vs1, is listed with its binding.
      expect(await page.getByTestId('inventory-table').textContent()).toMatch(/www\.example\.test.*vs1/);
    });

    test('stops at a pinned fingerprint that no longer matches, naming the appliance', async ({ launchApp, adc1 }) => {
      const wrong = 'AB:'.repeat(31) + 'AB';
      const moved = await profileFor(adc1, { id: 'adc-moved', name: 'adc-moved', trust: { mode: 'pinned', fingerprint256: wrong } });
      const { page } = await launchApp({ appliances: [{ profile: moved, password: getPassword() }] });
      await openCertificates(page);
      await page.getByTestId('cert-tab-appliances').click();
      await page.getByTestId('test-connection-adc-moved').click();
      const alert = page.getByTestId('test-result-adc-moved').getByRole('alert');
      await expect.poll(() => alert.getAttribute('data-error-code')).toBe('APPLIANCE_FINGERPRINT_CHANGED');
      expect(await alert.textContent()).toContain('adc-moved');
    });

    test("refuses an appliance id with a space, showing the typed error the engine sent in the user's words, no field path", async ({
      launchApp,
      adc1,
    }) => {
      const { page, engine } = await launchApp();
      await openCertificates(page);
      await fillNewAppliance(page, adc1, 'bad profile!');
      await page.getByTestId('appliance-save').click();
      const alert = page.getByTestId('appliance-editor').getByRole('alert');
      await expect.poll(() => alert.getAttribute('data-error-code')).toBe('INVALID_INPUT');
      expect(await alert.textContent()).toMatch(/A profile id uses letters, digits/);
      expect(await alert.textContent()).not.toContain('profile.id');
      expect((await engine.profiles.appliances.list()).map((s) => s.profile.id)).not.toContain('bad profile!');
      expect(await engine.secrets.reveal({ kind: 'appliance-password', profileId: 'bad profile!' })).toBeNull();
    });
  },
);
