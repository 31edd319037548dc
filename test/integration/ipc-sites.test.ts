import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { Result } from '../../shared/ipc-contract.ts';
import type { Site } from '../../shared/schemas/sites.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { createRootCa } from '../support/test-pki.ts';

const ctx = { emit: () => {} };
let te: TestEngine | undefined;
afterEach(() => {
  te?.close();
  te = undefined;
});

async function call<T>(channel: string, input: unknown): Promise<Result<T>> {
  return te!.dispatcher.dispatch(channel, input, ctx) as Promise<Result<T>>;
}

async function value<T>(channel: string, input: unknown): Promise<T> {
  const r = await call<T>(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('sites over IPC', () => {
  it('adds, lists, switches and deletes sites; the first is active, and deleting it makes another active', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    await value('proxyProfileSave', { profile: { id: 'px-berlin', type: 'explicit', host: 'proxy.berlin.test', port: 80 } });
    const berlin = await value<Site>('siteSave', {
      name: 'Berlin DC',
      region: 'gov',
      ccid: 'acme01',
      serviceUrl: 'acme.agent.adm.cloud.us',
      proxyProfileId: 'px-berlin',
      consoleBuild: '14.1-66.12',
      notes: 'Rack 4\nAsk for Jo at the gate',
    });
    const tokyo = await value<Site>('siteSave', { name: 'Tokyo', region: 'japan' });
    expect(await value('sitesList', undefined)).toMatchObject({
      activeSiteId: berlin.id,
      sites: [{ name: 'Berlin DC' }, { name: 'Tokyo' }],
    });

    await value('siteSetActive', { siteId: tokyo.id });
    expect(await value('sitesList', undefined)).toMatchObject({ activeSiteId: tokyo.id });

    const renamed = await value<Site>('siteSave', { id: berlin.id, name: 'Berlin DC 2', region: 'gov' });
    expect(renamed).toMatchObject({ id: berlin.id, name: 'Berlin DC 2', createdAt: berlin.createdAt });
    expect(renamed.ccid).toBeUndefined();

    expect(await value('siteDelete', { siteId: tokyo.id })).toEqual({ ok: true });
    expect(await value('sitesList', undefined)).toEqual({ sites: [renamed], activeSiteId: berlin.id });
    expect(await value('siteDelete', { siteId: tokyo.id })).toEqual({ ok: false });
  });

  it('walks an onboarding: workflow, ticks, Login Successful, Disconnect, and a fresh start that keeps the prerequisites', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const site = await value<Site>('siteSave', { name: 'Berlin DC', region: 'commercial' });
    const siteId = site.id;
    await value('siteChooseWorkflow', { siteId, workflow: 2 });
    await value('siteTick', { siteId, list: 'prerequisites', id: 'endpoints-reachable', done: true });
    await value('siteTick', { siteId, list: 'steps', id: 'open-console-service', done: true });
    const resumed = (await value<{ sites: Site[] }>('sitesList', undefined)).sites[0]!;
    expect(resumed.onboarding).toMatchObject({
      workflow: 2,
      steps: { 'open-console-service': {} },
      prerequisites: { 'endpoints-reachable': {} },
    });

    const connected = await value<Site>('siteRecordAction', { siteId, kind: 'connected' });
    expect(connected.onboarding.confirmedAt).toBeDefined();
    const disconnected = await value<Site>('siteRecordAction', { siteId, kind: 'disconnect', note: 'Moving to the new tenant' });
    expect(disconnected.actions.map((a) => [a.kind, a.note])).toEqual([
      ['connected', undefined],
      ['disconnect', 'Moving to the new tenant'],
    ]);
    const again = await value<Site>('siteRestartOnboarding', { siteId });
    expect(again.onboarding).toEqual({ workflow: 2, steps: {}, prerequisites: { 'endpoints-reachable': expect.any(Object) } });
  });

  it('refuses ids the guide does not name, a step ticked as a prerequisite, and unknown sites, in the user’s words', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const { id: siteId } = await value<Site>('siteSave', { name: 'Berlin DC', region: 'commercial' });
    expect(await call('siteTick', { siteId, list: 'steps', id: 'made-up', done: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'id' },
    });
    expect(await call('siteTick', { siteId, list: 'prerequisites', id: 'connected', done: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('siteSetActive', { siteId: 'nowhere' })).toMatchObject({
      ok: false,
      error: { code: 'SITE_NOT_FOUND', message: 'There is no site "nowhere".' },
    });
    expect(await call('siteSave', { name: 'berlin dc', region: 'gov' })).toMatchObject({ ok: false, error: { code: 'SITE_NAME_TAKEN' } });
    expect(await call('siteSave', { name: 'Paris', region: 'mars' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'region' },
    });
    expect(await call('siteSave', { name: 'Paris', region: 'commercial', notes: 'bell\u0007' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'notes' },
    });
    // Onboarding progress is the engine's to keep: the window cannot write it with the details.
    expect(await call('siteSave', { name: 'Paris', region: 'commercial', onboarding: { steps: {}, prerequisites: {} } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it("reads the proxy's CA from a file the user chose, naming the file and never its folder", async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const dir = mkdtempSync(join(tmpdir(), 'fk-proxy-ca-'));
    const root = await createRootCa({ commonName: 'Corp Intercepting Proxy CA' });
    writeFileSync(join(dir, 'proxy-ca.pem'), root.certPem);
    writeFileSync(join(dir, 'notes.txt'), 'not a certificate');

    const read = await value<{ name: string; certificates: string[] }>('caFileRead', {
      file: { token: te.engine.grantFile(join(dir, 'proxy-ca.pem')).token },
    });
    expect(read.name).toBe('proxy-ca.pem');
    expect(read.certificates).toHaveLength(1);
    expect(read.certificates[0]!.replace(/\s/g, '')).toBe(root.certPem.replace(/\s/g, ''));

    const bad = await call('caFileRead', { file: { token: te.engine.grantFile(join(dir, 'notes.txt')).token } });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain('notes.txt');
    expect(JSON.stringify(bad)).not.toContain(dir);
    expect(await call('caFileRead', { file: { token: '0'.repeat(32) } })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_GRANTED' } });
  });
});
