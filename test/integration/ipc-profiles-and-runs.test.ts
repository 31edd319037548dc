import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { DiagnosticsRun, RunListItem } from '../../shared/schemas/diagnostics.ts';
import { scenarioCatalog } from '../support/diagnostics-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { closedPort } from '../support/tls-origins.ts';

const ctx = { emit: () => {} };
let te: TestEngine | undefined;
afterEach(() => {
  te?.close();
  te = undefined;
});

describe('profiles over IPC', () => {
  it('keeps the proxy password in the keychain, never in profiles.json or a response', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const profile = { id: 'site-a', type: 'explicit', host: 'proxy.site-a.test', port: 3128, username: 'alice' };
    const saved = await te.dispatcher.dispatch('proxyProfileSave', { profile, password: 'proxy-secret-99' }, ctx);
    expect(saved).toMatchObject({ ok: true, value: { passwordSaved: true } });
    const listed = await te.dispatcher.dispatch('proxyProfilesList', undefined, ctx);
    expect(listed).toMatchObject({ ok: true, value: [{ profile: { id: 'site-a', host: 'proxy.site-a.test' }, passwordSaved: true }] });
    const file = readFileSync(join(te.dataFolder, 'profiles.json'), 'utf8');
    expect(file).toContain('proxy.site-a.test');
    expect(file + JSON.stringify(saved) + JSON.stringify(listed)).not.toContain('proxy-secret-99');
    expect(await te.engine.secrets.reveal({ kind: 'proxy-password', profileId: 'site-a' })).toBe('proxy-secret-99');

    await te.dispatcher.dispatch('proxyProfileDelete', { id: 'site-a' }, ctx);
    expect(await te.engine.secrets.reveal({ kind: 'proxy-password', profileId: 'site-a' })).toBeNull();
  });

  it('names the field of a bad profile and saves nothing', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const r = await te.dispatcher.dispatch(
      'proxyProfileSave',
      { profile: { id: 'x', type: 'explicit', host: 'proxy.test', port: 70000 } },
      ctx,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'profile.port' } });
    const app = await te.dispatcher.dispatch(
      'applianceProfileSave',
      { profile: { id: 'adc', host: 'https://adc.test/', username: 'nsroot', trust: { mode: 'pinned', fingerprint256: 'AB' } } },
      ctx,
    );
    expect(app).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await te.dispatcher.dispatch('proxyProfilesList', undefined, ctx)).toEqual({ ok: true, value: [] });
  });

  it('keeps a corrupt profiles.json aside and reports it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fk-profiles-'));
    writeFileSync(join(folder, 'profiles.json'), '{"version":1,"proxies":[{"id":"x","type":"warp"}],"appliances":[]}');
    te = await startTestEngine({ vault: new MemoryVault('test'), dataFolder: folder });
    const notices = await te.dispatcher.dispatch('storageNotices', undefined, ctx);
    expect(notices).toMatchObject({ ok: true, value: [{ code: 'PROFILES_CORRUPT' }] });
  });
});

describe('diagnostics over IPC', () => {
  it('lists each run with its CCID, and compares two runs in the shape the window reads', async () => {
    const refused = await closedPort();
    te = await startTestEngine({
      vault: new MemoryVault('test'),
      diagnosticsOverrides: {
        catalog: scenarioCatalog(['refused.fieldkit.test']),
        resolverOverrides: { 'refused.fieldkit.test': '127.0.0.1' },
        portOverrides: { 'refused.fieldkit.test': refused },
      },
    });
    const first = await te.dispatcher.dispatch('diagnosticsRun', { taskId: 'task-0003', region: 'commercial', ccid: 'acme01' }, ctx);
    const second = await te.dispatcher.dispatch('diagnosticsRun', { taskId: 'task-0004', region: 'commercial' }, ctx);
    if (!first.ok || !second.ok) throw new Error('the checks did not run');
    const [firstId, secondId] = [(first.value as DiagnosticsRun).id, (second.value as DiagnosticsRun).id];
    const history = await te.dispatcher.dispatch('diagnosticsHistory', undefined, ctx);
    expect(history).toMatchObject({ ok: true, value: [{ id: secondId }, { id: firstId, ccid: 'acme01' }] });
    expect(history.ok && (history.value as RunListItem[])[0]!.ccid).toBeUndefined();
    const compared = await te.dispatcher.dispatch('diagnosticsCompare', { beforeRunId: firstId, afterRunId: secondId }, ctx);
    expect(compared).toMatchObject({
      ok: true,
      value: { before: { regionLabel: 'Commercial (US, EU, APAC)' }, counts: { unchanged: 1, hostChanged: 0 } },
    });
  });

  it('refuses a bad CCID before probing anything, and stores no run', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const r = await te.dispatcher.dispatch('diagnosticsRun', { taskId: 'task-0001', region: 'commercial', ccid: 'bad ccid!' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { field: 'ccid' } });
    expect(await te.dispatcher.dispatch('diagnosticsHistory', undefined, ctx)).toEqual({ ok: true, value: [] });
  });

  it('says which proxy profile is unknown', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const r = await te.dispatcher.dispatch('diagnosticsRun', { taskId: 'task-0002', region: 'japan', proxyProfileId: 'nope' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'PROFILE_NOT_FOUND', field: 'proxyProfileId' } });
  });

  it('refuses to push a bundle that was never loaded', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const r = await te.dispatcher.dispatch('certPush', { taskId: 'task-0003', bundleId: 'gone', applianceIds: ['adc'], options: {} }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'BUNDLE_NOT_LOADED' } });
  });
});
