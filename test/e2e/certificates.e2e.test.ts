import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { startBridge, type Bridge } from '../support/bridge-server.ts';
import { launchChromium } from '../support/browser.ts';
import {
  certWorld,
  getPassword,
  profileFor,
  seedCertkey,
  startSim,
  type CertWorld,
  seedRenewalScenario,
} from '../support/cert-push-fixtures.ts';
import { chromiumStatus, describeWithPart } from '../support/real-parts.ts';
import { issueCertificate } from '../support/test-pki.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

const built = existsSync(resolve('out/renderer/index.html'));
const parts = {
  available: chromiumStatus().available && built,
  reason: [chromiumStatus().reason, built ? undefined : 'renderer not built (npm run build)'].filter(Boolean).join('; '),
};

/** An appliance where www.example.test is installed as certkey "web", chained and bound to vs1, as an admin set it up. */
async function renewalSim(w: CertWorld, name: string): Promise<NitroSimulator> {
  const s = await startSim({ name, vservers: [{ name: 'vs1' }] });
  return seedRenewalScenario(s, w);
}

describeWithPart('Chromium and the built renderer', parts, 'Certificates page: a renewal pushed to two simulated appliances', () => {
  let w: CertWorld;
  let te: TestEngine;
  let bridge: Bridge;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let sims: NitroSimulator[] = [];
  let dir: string;

  beforeAll(async () => {
    w = await certWorld();
    sims = [await renewalSim(w, 'adc-1'), await renewalSim(w, 'adc-2')];
    // Something about to run out on adc-1, for the inventory's flag.
    seedCertkey(sims[0]!, 'old-site', await issueCertificate(w.inter, { commonName: 'old.example.test', validForDays: 10 }), {
      withKey: true,
    });
    dir = mkdtempSync(join(tmpdir(), 'fk-cert-e2e-'));
    writeFileSync(join(dir, 'renewed.crt'), w.renewed.certPem);
    writeFileSync(join(dir, 'renewed.key'), w.renewed.keyPem);
    writeFileSync(join(dir, 'chain.pem'), [w.inter, w.interHigh, w.root].map((c) => c.certPem).join(''));
    te = await startTestEngine({ vault: new MemoryVault('test') });
    bridge = await startBridge(te.dispatcher);
    const chromium = await launchChromium();
    closeBrowser = () => chromium.close();
    page = await chromium.browser.newPage();
    await page.goto(bridge.url);
    await page.getByTestId('nav-certificates').click();
  }, 30_000);

  afterAll(async () => {
    await closeBrowser?.();
    await bridge?.close();
    te?.close();
    await Promise.all(sims.map((s) => s.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('pins the first appliance on first use and saves its password in the keychain, not in the page', async () => {
    const url = new URL(sims[0]!.url);
    await page.getByTestId('appliance-add').click();
    await page.getByTestId('appliance-id').fill('adc-1');
    await page.getByTestId('appliance-name').fill('adc-1');
    await page.getByTestId('appliance-host').fill(url.hostname);
    await page.getByTestId('appliance-port').fill(url.port);
    await page.getByTestId('appliance-username').fill('nsroot');
    await page.getByTestId('appliance-password').fill(getPassword());
    await page.getByTestId('fetch-certificate').click();
    // What the user is shown is the simulator's real management certificate.
    await expect.poll(() => page.getByTestId('presented-fingerprint').textContent()).toBe(w.mgmtLeaf.fingerprint256);
    expect(await page.getByTestId('presented-cert').textContent()).toContain('ns-mgmt.test');
    await page.getByTestId('accept-fingerprint').click();
    expect(await page.getByTestId('appliance-fingerprint').inputValue()).toBe(w.mgmtLeaf.fingerprint256);
    await page.getByTestId('appliance-save').click();
    await expect.poll(() => page.getByTestId('password-state-adc-1').textContent()).toBe('Password saved');
    expect(await te.engine.secrets.reveal({ kind: 'appliance-password', profileId: 'adc-1' })).toBe(getPassword());
    expect(await page.content()).not.toContain(getPassword());

    await page.getByTestId('test-connection-adc-1').click();
    await expect.poll(() => page.getByTestId('test-result-adc-1').textContent()).toMatch(/^OK · .+ · HA standalone/);
  });

  it('loads the renewed bundle from typed paths and shows it valid, with the chain ending at the root', async () => {
    const saved = await te.dispatcher.dispatch(
      'applianceProfileSave',
      { profile: await profileFor(sims[1]!, { id: 'adc-2' }), password: getPassword() },
      { emit: () => undefined },
    );
    expect(saved.ok).toBe(true);
    await page.getByTestId('cert-tab-bundle').click();
    await page.getByTestId('bundle-cert-path').fill(join(dir, 'renewed.crt'));
    await page.getByTestId('bundle-key-path').fill(join(dir, 'renewed.key'));
    await page.getByTestId('bundle-chain-path').fill(join(dir, 'chain.pem'));
    await page.getByTestId('bundle-load').click();
    await expect.poll(() => page.getByTestId('bundle-ok').textContent()).toBe('Ready to push');
    expect(await page.getByTestId('bundle-subject').textContent()).toContain('www.example.test');
    expect(await page.getByTestId('bundle-chain-end').textContent()).toMatch(/ends at the root/);
    expect(await page.getByTestId('bundle-key').textContent()).toMatch(/not encrypted · matches the certificate/);
  });

  it('plans both appliances, then pushes: adc-1 succeeds, adc-2 fails at the binding and is rolled back exactly', async () => {
    // adc-2 was saved over IPC, not in this window: opening the tab re-reads the profiles.
    await page.getByTestId('cert-tab-push').click();
    await page.getByTestId('push-appliance-adc-1').check();
    await page.getByTestId('push-appliance-adc-2').check();
    await page.getByTestId('push-vservers').fill('vs1');
    await page.getByTestId('plan-button').click();
    for (const id of ['adc-1', 'adc-2']) {
      await expect.poll(() => page.getByTestId(`plan-${id}`).textContent()).toContain('PUT/nitro/v1/config/sslvserver_sslcertkey_binding');
    }
    const planText = (await page.getByTestId('plan-adc-2').textContent())!;
    expect(planText.indexOf('/nitro/v1/config/login')).toBeLessThan(planText.indexOf('systemfile'));
    expect(planText).toContain('DELETE/nitro/v1/config/sslvserver_sslcertkey_binding/vs1');

    const sim2 = sims[1]!;
    sim2.faults.fail(
      { method: 'PUT', resource: 'sslvserver_sslcertkey_binding' },
      { status: 599, errorcode: 1067, message: 'Injected: binding refused' },
      1,
    );
    const before2 = sim2.snapshot();
    await page.getByTestId('push-button').click();
    await expect
      .poll(() => page.getByTestId('push-summary-line').textContent(), { timeout: 15_000 })
      .toMatch(/^1 succeeded, 0 unchanged, 1 rolled back, 0 failed/);

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

    expect(sim2.snapshot()).toEqual(before2);
    const p1 = sims[0]!.snapshot().partitions.find((p) => p.name === 'default')!;
    const bound = p1.bindings.find((b) => b.vservername === 'vs1')!;
    expect(p1.certkeys.find((c) => c.certkey === bound.certkeyname)!.loadedCertSerial).toBe(w.renewed.serialHex.toUpperCase());

    await page.getByTestId('cert-tab-history').click();
    await page.getByTestId('history-refresh').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);
  }, 20_000);

  it("lists adc-1's certkeys by expiry and flags the one that runs out within days", async () => {
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
    expect(await page.getByTestId('inventory-table').textContent()).toMatch(/www\.example\.test_\d{8}_[0-9a-f]{8}.*vs1/);
  });

  it('stops at a pinned fingerprint that no longer matches, naming the appliance', async () => {
    const wrong = 'AB:'.repeat(31) + 'AB';
    await te.dispatcher.dispatch(
      'applianceProfileSave',
      {
        profile: await profileFor(sims[0]!, { id: 'adc-moved', name: 'adc-moved', trust: { mode: 'pinned', fingerprint256: wrong } }),
        password: getPassword(),
      },
      { emit: () => undefined },
    );
    await page.getByTestId('cert-tab-appliances').click();
    await page.getByTestId('test-connection-adc-moved').click();
    const alert = page.getByTestId('test-result-adc-moved').getByRole('alert');
    await expect.poll(() => alert.getAttribute('data-error-code')).toBe('APPLIANCE_FINGERPRINT_CHANGED');
    expect(await alert.textContent()).toContain('adc-moved');
  });
});
