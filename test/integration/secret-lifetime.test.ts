import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BundleSession } from '../../electron/services/certificates/bundle-session.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, getPassword, profileFor, startSim, type CertWorld } from '../support/cert-push-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/** A saved password goes only where it was typed for, and a private key stays in memory only while it is needed. */
const ctx = { emit: () => {} };
let te: TestEngine | undefined;
let sim: NitroSimulator | undefined;
let w: CertWorld;
let dir: string;

beforeAll(async () => {
  w = await certWorld();
  dir = mkdtempSync(join(tmpdir(), 'fk-secret-lifetime-'));
  writeFileSync(join(dir, 'cert.pem'), w.renewed.certPem);
  writeFileSync(join(dir, 'key.pem'), w.renewed.keyPem);
  writeFileSync(join(dir, 'chain.pem'), w.inter.certPem + w.interHigh.certPem + w.root.certPem);
});
afterEach(async () => {
  te?.close();
  te = undefined;
  await sim?.close();
  sim = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bundle as the engine reads it (the CLI's way: paths given by the user). */
const userFile = (name: string) => ({ path: join(dir, name), name });
const files = () => ({ cert: userFile('cert.pem'), key: userFile('key.pem'), chain: userFile('chain.pem') });
/** The same files as the window gives them: chosen in a dialog, so the page holds tokens only. */
const granted = (engine: TestEngine['engine']) => ({
  cert: { token: engine.grantFile(join(dir, 'cert.pem')).token },
  key: { token: engine.grantFile(join(dir, 'key.pem')).token },
  chain: { token: engine.grantFile(join(dir, 'chain.pem')).token },
});

async function listed(channel: 'applianceProfilesList' | 'proxyProfilesList', id: string): Promise<boolean | undefined> {
  const r = await te!.dispatcher.dispatch(channel, undefined, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as Array<{ profile: { id: string }; passwordSaved: boolean }>).find((s) => s.profile.id === id)?.passwordSaved;
}

describe('a saved password belongs to its destination', () => {
  it('drops an appliance password when the host, port, user or trust changes, and keeps it for a new name', async () => {
    te = await startTestEngine({ vault: new MemoryVault('lifetime') });
    const profile = { id: 'adc', host: '10.0.0.5', port: 443, username: 'nsroot', trust: { mode: 'ca', caPem: w.mgmtCa.certPem } };
    const changes = [
      { host: '10.6.6.6' },
      { port: 8443 },
      { username: 'other' },
      { trust: { mode: 'pinned', fingerprint256: 'AB'.repeat(32) } },
    ];
    for (const change of changes) {
      expect(await te.dispatcher.dispatch('applianceProfileSave', { profile, password: 'Saved-Pass-1' }, ctx)).toMatchObject({ ok: true });
      const renamed = await te.dispatcher.dispatch('applianceProfileSave', { profile: { ...profile, name: 'Edge ADC' } }, ctx);
      expect(renamed).toMatchObject({ ok: true, value: { passwordSaved: true } });
      const moved = await te.dispatcher.dispatch('applianceProfileSave', { profile: { ...profile, ...change } }, ctx);
      expect(moved).toMatchObject({ ok: true, value: { passwordSaved: false } });
      expect(await listed('applianceProfilesList', 'adc')).toBe(false);
      expect(await te.engine.profiles.appliances.password('adc')).toBeNull();
    }
  });

  it('keeps the password typed with the new destination', async () => {
    te = await startTestEngine({ vault: new MemoryVault('lifetime') });
    const profile = { id: 'adc', host: '10.0.0.5', port: 443, username: 'nsroot', trust: { mode: 'ca', caPem: w.mgmtCa.certPem } };
    await te.dispatcher.dispatch('applianceProfileSave', { profile, password: 'Saved-Pass-1' }, ctx);
    const moved = await te.dispatcher.dispatch(
      'applianceProfileSave',
      { profile: { ...profile, host: '10.6.6.6' }, password: 'New-Pass-2' },
      ctx,
    );
    expect(moved).toMatchObject({ ok: true, value: { passwordSaved: true } });
    expect(await te.engine.profiles.appliances.password('adc')).toBe('New-Pass-2');
  });

  it('drops a proxy password when the proxy host, port or user changes', async () => {
    te = await startTestEngine({ vault: new MemoryVault('lifetime') });
    const profile = { id: 'corp', type: 'explicit', host: 'proxy.example.test', port: 3128, username: 'alice' };
    for (const change of [{ host: 'evil.example.test' }, { port: 8080 }, { username: 'bob' }]) {
      await te.dispatcher.dispatch('proxyProfileSave', { profile, password: 'Proxy-Pass-1' }, ctx);
      expect(await te.dispatcher.dispatch('proxyProfileSave', { profile: { ...profile, name: 'Corp' } }, ctx)).toMatchObject({
        value: { passwordSaved: true },
      });
      expect(await te.dispatcher.dispatch('proxyProfileSave', { profile: { ...profile, ...change } }, ctx)).toMatchObject({
        ok: true,
        value: { passwordSaved: false },
      });
      expect(await listed('proxyProfilesList', 'corp')).toBe(false);
    }
  });
});

describe('a private key is forgotten when it is no longer needed', () => {
  it('plans and pushes with a loaded bundle, then forgets it: a second push is told to load the files again', async () => {
    sim = await startSim({ name: 'adc-1', vservers: [{ name: 'vs1' }] });
    te = await startTestEngine({ vault: new MemoryVault('lifetime') });
    await te.dispatcher.dispatch('applianceProfileSave', { profile: await profileFor(sim, { id: 'adc-1' }), password: getPassword() }, ctx);
    const loaded = await te.dispatcher.dispatch('bundleLoad', { files: granted(te.engine) }, ctx);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const { bundleId } = loaded.value as { bundleId: string };
    const input = { bundleId, applianceIds: ['adc-1'], options: { vservers: [{ name: 'vs1' }] } };
    expect(await te.dispatcher.dispatch('certPlan', input, ctx)).toMatchObject({ ok: true, value: [{ plan: {} }] });
    expect(await te.dispatcher.dispatch('certPush', { ...input, taskId: 'task-push-1' }, ctx)).toMatchObject({
      ok: true,
      value: { succeeded: [expect.stringMatching(/^adc-1/)] },
    });
    const again = await te.dispatcher.dispatch('certPush', { ...input, taskId: 'task-push-2' }, ctx);
    expect(again).toMatchObject({
      ok: false,
      error: {
        code: 'BUNDLE_NOT_LOADED',
        message: expect.stringMatching(/cleared from memory when the push .* finished/),
        hint: 'Load the certificate files again.',
      },
    });
  });

  it('forgets a bundle when other files are loaded, and one left unused past the time limit', async () => {
    const session = new BundleSession({ idleMs: 50 });
    const first = await session.load(files());
    const second = await session.load(files());
    expect(() => session.get(first.bundleId)).toThrowError(/Other certificate files were loaded since/);
    expect(session.get(second.bundleId).report.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 120));
    expect(() => session.get(second.bundleId)).toThrowError(/cleared from memory after .* minutes unused/);
  });
});

describe('a saved proxy password stays with the same proxy', () => {
  it('is kept when only the kind of interception behind the proxy changes', async () => {
    te = await startTestEngine({ vault: new MemoryVault('lifetime') });
    const profile = { id: 'corp', type: 'explicit', host: 'proxy.example.test', port: 3128, username: 'alice' };
    await te.dispatcher.dispatch('proxyProfileSave', { profile, password: 'Proxy-Pass-1' }, ctx);
    const r = await te.dispatcher.dispatch(
      'proxyProfileSave',
      { profile: { ...profile, type: 'explicit-ssl-intercepting', caCertificates: [w.root.certPem] } },
      ctx,
    );
    expect(r).toMatchObject({ ok: true, value: { passwordSaved: true } });
  });
});
