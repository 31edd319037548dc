import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { certWorld, getPassword, startSim } from '../support/cert-push-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { test } from './app-fixture.ts';
import { chooseFile } from './file-steps.ts';
import { browserParts } from './e2e-parts.ts';
import { openCertificates, openFlowStep, pinnedProfile, planPush, push } from './certificates-steps.ts';

/**
 * The bundle view and the planner agree: a fullchain.pem without the root, as
 * every CA and ACME client hands it out, is shown ready, names the root clients
 * must trust, and plans and pushes with each intermediate linked.
 */
describeWithPart('Chromium and the built renderer', browserParts(), 'Certificates page: a fullchain.pem without the root', () => {
  test('is ready to push, names the root clients must trust, and plans and pushes with each intermediate linked', async ({ launchApp }) => {
    const w = await certWorld();
    const dir = mkdtempSync(join(tmpdir(), 'fk-fullchain-e2e-'));
    const sim = await startSim({ name: 'adc-fc', vservers: [{ name: 'vs1' }] });
    try {
      const fullchain = join(dir, 'fullchain.pem');
      const key = join(dir, 'privkey.pem');
      writeFileSync(fullchain, w.leaf.certPem + w.inter.certPem + w.interHigh.certPem);
      writeFileSync(key, w.leaf.keyPem);
      const app = await launchApp({ appliances: [{ profile: await pinnedProfile(sim, w, 'adc-fc'), password: getPassword() }] });
      const { page } = app;
      await openCertificates(page);
      await openFlowStep(page, 'bundle');
      await chooseFile(app, 'bundle-cert-path', fullchain);
      await chooseFile(app, 'bundle-key-path', key);
      await page.getByTestId('bundle-load').click();
      await expect.poll(() => page.getByTestId('bundle-ok').textContent()).toBe('Ready to push');
      expect(await page.getByTestId('bundle-chain-end').textContent()).toMatch(
        /^The chain ends below the root, as CAs hand it out: clients must already trust CN=Fieldkit Test Root, O=Fieldkit Tests \(this computer does not know it\)\./,
      );

      await planPush(page, ['adc-fc']);
      expect(await page.getByTestId('plan-adc-fc').textContent()).toContain('Link certkey');
      expect(await push(page)).toMatch(/^1 succeeded/);
      const certkeys = sim.snapshot().partitions.find((p) => p.name === 'default')!.certkeys;
      const leaf = certkeys.find((c) => c.loadedCertSerial === w.leaf.serialHex.toUpperCase())!;
      const inter = certkeys.find((c) => c.certkey === leaf.linkcertkeyname)!;
      expect(inter.loadedCertSubject).toMatch(/CN=Fieldkit Test Intermediate$/);
      expect(certkeys.find((c) => c.certkey === inter.linkcertkeyname)?.loadedCertSubject).toMatch(/Intermediate High/);
      expect(certkeys).toHaveLength(3);
    } finally {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
