import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ApplianceProfileInput } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { chooseFile, type FilePickingApp } from './file-steps.ts';
import { getPassword, profileFor, seedRenewalScenario, startSim, type CertWorld } from '../support/cert-push-fixtures.ts';

/**
 * What a user does on the Certificates page, as steps a test composes to set
 * up its own starting point; each step waits until the window shows it is done.
 */

export interface BundleFiles {
  cert: string;
  key: string;
  chain: string;
  remove(): void;
}

/** The renewed www.example.test bundle as files on disk, the way an admin receives it from the CA. */
export function writeRenewedBundle(w: CertWorld): BundleFiles {
  const dir = mkdtempSync(join(tmpdir(), 'fk-cert-e2e-'));
  const files = { cert: join(dir, 'renewed.crt'), key: join(dir, 'renewed.key'), chain: join(dir, 'chain.pem') };
  writeFileSync(files.cert, w.renewed.certPem);
  writeFileSync(files.key, w.renewed.keyPem);
  writeFileSync(files.chain, [w.inter, w.interHigh, w.root].map((c) => c.certPem).join(''));
  return { ...files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An appliance where www.example.test is installed as certkey "web", chained and bound to vs1, as an admin set it up. */
export async function startRenewalSim(w: CertWorld, name: string): Promise<NitroSimulator> {
  return seedRenewalScenario(await startSim({ name, vservers: [{ name: 'vs1' }] }), w);
}

/** A profile for the simulator pinned to its management certificate, as if the user had accepted it earlier. */
export async function pinnedProfile(sim: NitroSimulator, w: CertWorld, id: string): Promise<ApplianceProfileInput> {
  return profileFor(sim, { id, name: id, trust: { mode: 'pinned', fingerprint256: w.mgmtLeaf.fingerprint256 } });
}

export async function openCertificates(page: Page): Promise<void> {
  await page.getByTestId('nav-certificates').click();
}

/** Opens a new appliance form and types the simulator's address and credentials; nothing is saved yet. */
export async function fillNewAppliance(page: Page, sim: NitroSimulator, id: string): Promise<void> {
  const url = new URL(sim.url);
  await page.getByTestId('appliance-add').click();
  await page.getByTestId('appliance-id').fill(id);
  await page.getByTestId('appliance-name').fill(id);
  await page.getByTestId('appliance-host').fill(url.hostname);
  await page.getByTestId('appliance-port').fill(url.port);
  await page.getByTestId('appliance-username').fill('nsroot');
  await page.getByTestId('appliance-password').fill(getPassword());
}

/** Opens one step of the guided renewal (appliances, bundle, plan, push, verify). */
export async function openFlowStep(page: Page, step: 'appliances' | 'bundle' | 'plan' | 'push' | 'verify'): Promise<void> {
  await page.getByTestId('cert-tab-push').click();
  await page.getByTestId(`flow-step-${step}`).click();
}

export async function loadBundle(app: FilePickingApp, files: BundleFiles): Promise<void> {
  const { page } = app;
  await openFlowStep(page, 'bundle');
  await chooseFile(app, 'bundle-cert-path', files.cert);
  await chooseFile(app, 'bundle-key-path', files.key);
  await chooseFile(app, 'bundle-chain-path', files.chain);
  await page.getByTestId('bundle-load').click();
  await expect.poll(() => page.getByTestId('bundle-ok').textContent()).toBe('Ready to push');
}

/**
 * Chooses the appliances (and vs1) in the first step, then plans the loaded bundle and waits until each appliance's
 * plan or error is shown. `renewInPlace: false` unticks the default, for a new certkey that takes the binding.
 */
export async function planPush(page: Page, applianceIds: string[], opts: { renewInPlace?: boolean } = {}): Promise<void> {
  await openFlowStep(page, 'appliances');
  for (const id of applianceIds) await page.getByTestId(`push-appliance-${id}`).check();
  await page.getByTestId('push-vservers').fill('vs1');
  await openFlowStep(page, 'plan');
  if (opts.renewInPlace === false) await page.getByTestId('push-preserve').uncheck();
  await page.getByTestId('plan-button').click();
  for (const id of applianceIds) {
    await expect.poll(() => page.getByTestId(`plan-${id}`).count()).toBe(1);
  }
}

/** Goes to the Push step and asks to push; the confirmation opens. */
export async function askToPush(page: Page): Promise<void> {
  await page.getByTestId('flow-next-push').click();
  await page.getByTestId('push-button').click();
  await expect.poll(() => page.getByTestId('push-confirm-go').count()).toBe(1);
}

/** Confirms the push and returns the summary line, shown once every appliance is done. */
export async function confirmPush(page: Page): Promise<string> {
  await page.getByTestId('push-confirm-go').click();
  const summary = page.getByTestId('push-summary-line');
  await expect.poll(() => summary.count(), { timeout: 15_000 }).toBe(1);
  return (await summary.textContent()) ?? '';
}

/** Runs the planned push, confirmed, and returns the summary line. */
export async function push(page: Page): Promise<string> {
  await askToPush(page);
  return confirmPush(page);
}
