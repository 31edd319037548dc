import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteChange } from '../../electron/services/sites/sites-api.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

let t: TestEngine | undefined;
afterEach(() => t?.close());

describe('sites', () => {
  it('keeps sites in sites.json, makes the first one active, and finds one by id or by name in any case', async () => {
    t = await startTestEngine({ memoryVault: true });
    const berlin = await t.engine.sites.save({ name: 'Berlin DC', region: 'commercial', ccid: 'abc123', consoleBuild: '14.1-66.12' });
    const tokyo = await t.engine.sites.save({ name: 'Tokyo', region: 'japan' });
    expect((await t.engine.sites.active())?.id).toBe(berlin.id);
    expect((await t.engine.sites.get('berlin dc')).id).toBe(berlin.id);
    expect((await t.engine.sites.get(tokyo.id)).name).toBe('Tokyo');
    await t.engine.sites.setActive('Tokyo');
    const onDisk = JSON.parse(readFileSync(join(t.dataFolder, 'sites.json'), 'utf8')) as { activeSiteId: string; sites: unknown[] };
    expect(onDisk.activeSiteId).toBe(tokyo.id);
    expect(onDisk.sites).toHaveLength(2);
  });

  it('refuses a second site of the same name, an unknown proxy profile, and an unknown site, in the user’s words', async () => {
    t = await startTestEngine({ memoryVault: true });
    await t.engine.sites.save({ name: 'Berlin DC', region: 'commercial' });
    await expect(t.engine.sites.save({ name: 'BERLIN dc', region: 'gov' })).rejects.toMatchObject({ code: 'SITE_NAME_TAKEN' });
    await expect(t.engine.sites.save({ name: 'Paris', region: 'commercial', proxyProfileId: 'nope' })).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
    await expect(t.engine.sites.get('Madrid')).rejects.toMatchObject({ code: 'SITE_NOT_FOUND', message: 'There is no site "Madrid".' });
  });

  it('saves onboarding progress, records Console actions and tells listeners what changed', async () => {
    t = await startTestEngine({ memoryVault: true });
    const changes: SiteChange['kind'][] = [];
    t.engine.sites.onChange((c) => changes.push(c.kind));
    const site = await t.engine.sites.save({ name: 'Berlin DC', region: 'gov' });
    await t.engine.sites.chooseWorkflow(site.id, 2);
    await t.engine.sites.tick(site.id, { list: 'prerequisites', id: 'popup-blocker', done: true });
    await t.engine.sites.tick(site.id, { list: 'steps', id: 'connect', done: true });
    await t.engine.sites.tick(site.id, { list: 'steps', id: 'connect', done: false });
    const connected = await t.engine.sites.recordAction(site.id, { kind: 'connected' });
    expect(connected.onboarding.confirmedAt).toBeDefined();
    const off = await t.engine.sites.recordAction(site.id, { kind: 'disconnect', note: 'moving to the new tenant' });
    expect(off.actions.map((a) => a.kind)).toEqual(['connected', 'disconnect']);
    const again = await t.engine.sites.restartOnboarding(site.id);
    expect(again.onboarding).toMatchObject({ workflow: 2, steps: {}, prerequisites: { 'popup-blocker': {} } });
    expect(again.onboarding.confirmedAt).toBeUndefined();
    expect(changes).toEqual(['saved', 'saved', 'saved', 'saved', 'saved', 'confirmed', 'disconnected', 'onboarding-restarted']);
  });

  it('removing the active site makes another one active', async () => {
    t = await startTestEngine({ memoryVault: true });
    const a = await t.engine.sites.save({ name: 'A', region: 'commercial' });
    const b = await t.engine.sites.save({ name: 'B', region: 'commercial' });
    expect(await t.engine.sites.remove(a.id)).toEqual({ ok: true });
    expect((await t.engine.sites.active())?.id).toBe(b.id);
    expect(await t.engine.sites.remove(a.id)).toEqual({ ok: false });
  });
});
