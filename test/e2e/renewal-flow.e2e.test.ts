import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { certWorld, getPassword, profileFor, type CertWorld } from '../support/cert-push-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { issueCertificate, type Issued } from '../support/test-pki.ts';
import { test as appTest } from './app-fixture.ts';
import { LOOKS, shot } from './looks.ts';
import { browserParts } from './e2e-parts.ts';
import {
  askToPush,
  confirmPush,
  loadBundle,
  openCertificates,
  openFlowStep,
  pinnedProfile,
  planPush,
  startRenewalSim,
  type BundleFiles,
} from './certificates-steps.ts';

/** A certificate for www.example.test with its chain as files, the way the CA hands out each renewal. */
function writeBundle(leaf: Issued, w: CertWorld): BundleFiles {
  const dir = mkdtempSync(join(tmpdir(), 'fk-flow-e2e-'));
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), chain: join(dir, 'chain.pem') };
  writeFileSync(files.cert, leaf.certPem);
  writeFileSync(files.key, leaf.keyPem);
  writeFileSync(files.chain, [w.inter, w.interHigh, w.root].map((c) => c.certPem).join(''));
  return { ...files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Fixtures {
  world: CertWorld;
  /** The renewal after world.renewed: same names, new key and serial. */
  nextRenewal: Issued;
}

const test = appTest.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
  world: [async ({}, use) => use(await certWorld()), { scope: 'file' }],
  nextRenewal: [
    async ({ world }, use) =>
      use(
        await issueCertificate(world.inter, {
          commonName: 'www.example.test',
          altNames: ['www.example.test', 'example.test'],
          keyType: 'rsa',
          validForDays: 150,
        }),
      ),
    { scope: 'file' },
  ],
});

/** Both renewals at one look (size and colour scheme); the screenshots are named after it. */

describeWithPart('Chromium and the built renderer', browserParts(), 'Certificates: two renewals in a row through the guided flow', () => {
  for (const look of LOOKS) {
    test(`each renewal is its own job: a fresh plan, a confirmation that lists the appliances, a verify that shows the match (${look.name})`, async ({
      launchApp,
      world: w,
      nextRenewal,
    }) => {
      const adc1 = await startRenewalSim(w, 'adc-1');
      const adc2 = await startRenewalSim(w, 'adc-2');
      const first = writeBundle(w.renewed, w);
      const second = writeBundle(nextRenewal, w);
      try {
        const app = await launchApp({
          ...look.options,
          appliances: [
            { profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() },
            { profile: await profileFor(adc2, { id: 'adc-2', name: 'adc-2' }), password: getPassword() },
          ],
        });
        const { page } = app;
        await openCertificates(page);

        // ---- first renewal: adc-2 cannot be planned (its certkey list cannot be read) ----
        await loadBundle(app, first);
        await shot(page, `${look.name}-1-bundle`);
        adc2.faults.fail({ method: 'GET', resource: 'sslcertkey' }, { status: 599, errorcode: 1, message: 'Injected: read refused' }, 1);
        await planPush(page, ['adc-1', 'adc-2']);
        await expect.poll(() => page.getByTestId('plan-adc-2').getAttribute('role')).toBe('alert');
        const firstPlan = (await page.getByTestId('plan-adc-1').textContent())!;
        await shot(page, `${look.name}-2-plan`);

        await askToPush(page);
        const modal = page.getByTestId('push-confirm-table');
        expect(await modal.textContent()).toContain('adc-1');
        expect(await page.getByTestId('push-confirm-adc-1-steps').textContent()).toMatch(/^\d+ changes?$/);
        expect(await page.getByTestId('push-confirm-adc-2').count()).toBe(0);
        expect(await page.getByTestId('push-confirm-unplanned-adc-2').textContent()).toMatch(/adc-2.*Injected: read refused/);
        expect(await page.getByTestId('push-confirm-go').textContent()).toBe('Push to 1 appliance');
        await shot(page, `${look.name}-3-confirm`);
        // Nothing was pushed while the question was open.
        expect(adc1.requests.filter((r) => r.method !== 'GET' && !/\/(login|logout)$/.test(r.path))).toEqual([]);
        expect(await confirmPush(page)).toMatch(/^1 succeeded, 0 unchanged, 0 rolled back, 0 failed/);
        expect(await page.getByTestId('push-result-adc-1-outcome').textContent()).toBe('Succeeded');
        // Renewed in place on adc-1 (the certkey bound on vs1 keeps its name); adc-2 was not touched.
        const webOn = (sim: typeof adc1) => sim.snapshot().partitions[0]!.certkeys.find((c) => c.certkey === 'web')!.loadedCertSerial;
        expect(webOn(adc1)).toBe(w.renewed.serialHex.toUpperCase());
        expect(webOn(adc2)).toBe(w.leaf.serialHex.toUpperCase());
        await shot(page, `${look.name}-4-pushed`);

        // Opening Verify runs the first check by itself; "Check again" asks again.
        await page.getByTestId('flow-next-verify').click();
        const row1 = page.getByTestId('verify-adc-1-vs1');
        await expect.poll(() => row1.getAttribute('data-status')).toBe('match');
        expect(await page.getByTestId('verify-adc-1-vs1-fingerprint').textContent()).toBe(w.renewed.fingerprint256);
        const vsRequests = () => adc1.requests.filter((r) => r.path === '/nitro/v1/config/sslvserver/vs1').length;
        const checksSoFar = vsRequests();
        await page.getByTestId('verify-run-adc-1').click();
        await expect.poll(vsRequests).toBe(checksSoFar + 1);
        await expect.poll(() => row1.getAttribute('data-status')).toBe('match');
        await shot(page, `${look.name}-5-verify`);

        // ---- second renewal: a new bundle starts a new job; the plan is made afresh against what is on adc-1 now ----
        await loadBundle(app, second);
        await expect.poll(() => page.getByTestId('renewal-flow').getAttribute('data-job')).toBe('2');
        await openFlowStep(page, 'plan');
        expect(await page.getByTestId('plan-results').count()).toBe(0);
        await page.getByTestId('plan-button').click();
        await expect.poll(() => page.getByTestId('plan-adc-1').textContent()).toContain('NITRO calls');
        await expect.poll(() => page.getByTestId('plan-adc-2').textContent()).toContain('NITRO calls');
        const secondPlan = (await page.getByTestId('plan-adc-1').textContent())!;
        expect(secondPlan).not.toBe(firstPlan);
        // Both plans renew the certkey bound on vs1 in place; the second one with the second certificate's files.
        expect(firstPlan).toContain('The certkey web is bound to vserver vs1');
        expect(secondPlan).toContain('The certkey web is bound to vserver vs1');
        expect(secondPlan).toContain('sslcertkey?action=update');

        await askToPush(page);
        expect(await page.getByTestId('push-confirm-table').textContent()).toMatch(/adc-1[\s\S]*adc-2/);
        expect(await page.getByTestId('push-confirm-unplanned').count()).toBe(0);
        expect(await page.getByTestId('push-confirm-go').textContent()).toBe('Push to 2 appliances');
        await shot(page, `${look.name}-6-confirm-second`);
        expect(await confirmPush(page)).toMatch(/^2 succeeded/);

        await page.getByTestId('flow-next-verify').click();
        for (const id of ['adc-1', 'adc-2']) {
          await expect.poll(() => page.getByTestId(`verify-${id}-vs1`).getAttribute('data-status')).toBe('match');
          expect(await page.getByTestId(`verify-${id}-vs1-fingerprint`).textContent()).toBe(nextRenewal.fingerprint256);
        }
        await shot(page, `${look.name}-7-verify-second`);

        // Both jobs' pushes are in the history.
        await page.getByTestId('cert-tab-history').click();
        await page.getByTestId('history-refresh').click();
        await expect.poll(() => page.getByTestId('history-row').count()).toBe(3);
      } finally {
        first.remove();
        second.remove();
        await adc1.close();
        await adc2.close();
      }
    }, 120_000);
  }

  test('deleting an appliance profile asks first, and "Keep it" keeps it', async ({ launchApp, world: w }) => {
    const adc1 = await startRenewalSim(w, 'adc-1');
    try {
      const { page, engine } = await launchApp({
        appliances: [{ profile: await pinnedProfile(adc1, w, 'adc-1'), password: getPassword() }],
      });
      await openCertificates(page);
      await page.getByTestId('cert-tab-appliances').click();
      await page.getByTestId('appliance-delete-adc-1').click();
      await expect.poll(() => page.getByTestId('appliance-delete-go').count()).toBe(1);
      await shot(page, 'delete-confirm');
      await page.getByTestId('appliance-delete-cancel').click();
      expect((await engine.profiles.appliances.list()).map((s) => s.profile.id)).toEqual(['adc-1']);
      await page.getByTestId('appliance-delete-adc-1').click();
      await page.getByTestId('appliance-delete-go').click();
      await expect.poll(() => page.getByTestId('appliance-row-adc-1').count()).toBe(0);
      expect((await engine.profiles.appliances.list()).map((s) => s.profile.id)).toEqual([]);
    } finally {
      await adc1.close();
    }
  });
});
