import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { ApplianceProfile } from '../../shared/schemas/certificates.ts';
import { SyncRun } from '../../shared/schemas/syncs.ts';
import { profileFor, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { certkeysOn, removeSourceFolders, saveApplianceFor, seedCas, sourceFolder } from '../support/sync-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/** Saved syncs: kept in profiles.json (migrated from version 1), run against the NITRO simulator, recorded across restarts. */

const { world: w, sim } = simulatorHarness();
let te: TestEngine | undefined;
const homes: string[] = [];
/** A data folder that outlives one engine (a restart); removed after the test. */
function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'fieldkit-home-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  te?.close();
  te = undefined;
  removeSourceFolders();
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('saved syncs', () => {
  it('loads a profiles file from before syncs, then saves and reads a sync back after a restart', async () => {
    const home = newHome();
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    const appliance = ApplianceProfile.parse(await profileFor(s));
    writeFileSync(join(home, 'profiles.json'), JSON.stringify({ version: 1, proxies: [], appliances: [appliance] }));
    const vault = new MemoryVault('test');
    te = await startTestEngine({ vault, dataFolder: home });
    expect(te.engine.settings.notices).toEqual([]);
    expect(await te.engine.syncs.list()).toEqual([]);
    expect((await te.engine.profiles.appliances.list()).map((a) => a.profile.id)).toEqual([appliance.id]);

    const src = sourceFolder(w, w.leaf);
    const saved = await te.engine.syncs.save({
      name: 'web',
      description: 'www via certbot',
      source: { kind: 'pem', cert: { path: src.cert }, key: { path: src.key }, chain: { path: src.chain } },
      destinations: [{ applianceId: appliance.id }],
      vservers: [{ name: 'vs1', sni: false }],
      passphrase: 'pfx-secret-1',
    });
    expect(saved).toMatchObject({
      name: 'web',
      source: {
        kind: 'pem',
        files: [
          { role: 'cert', name: 'cert.pem' },
          { role: 'key', name: 'privkey.pem' },
          { role: 'chain', name: 'chain.pem' },
        ],
      },
      options: { preserve: true, removeExpired: false },
      passphraseSaved: true,
    });
    // The view the window gets names files, never their folder; the passphrase is in the keychain only.
    expect(JSON.stringify(saved)).not.toContain(src.dir);
    const onDisk = readFileSync(join(home, 'profiles.json'), 'utf8');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 2, syncs: [{ name: 'web', source: { cert: src.cert } }] });
    expect(onDisk).not.toContain('pfx-secret-1');
    te.close();

    te = await startTestEngine({ vault, dataFolder: home });
    expect(await te.engine.syncs.definition({ sync: 'web' })).toMatchObject({ id: saved.id, source: { kind: 'pem', key: src.key } });
    await expect(
      te.engine.syncs.save({
        name: 'web',
        source: { kind: 'pfx', pfx: { path: src.cert } },
        destinations: [{ applianceId: appliance.id }],
      }),
    ).rejects.toMatchObject({ code: 'SYNC_NAME_TAKEN' });
    await expect(te.engine.syncs.run({ sync: 'nope' })).rejects.toMatchObject({ code: 'SYNC_NOT_FOUND' });
    expect(await te.engine.syncs.remove({ sync: 'web' })).toEqual({ ok: true });
    expect(await te.engine.syncs.list()).toEqual([]);
    expect(await te.engine.secrets.status({ kind: 'pfx-passphrase', profileId: saved.id })).toMatchObject({ saved: false });
  });

  it('pushes a renewal once, says "unchanged" for the same certificate, and keeps the last run across a restart', async () => {
    const home = newHome();
    te = await startTestEngine({ vault: new MemoryVault('test'), dataFolder: home });
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCas(s, w);
    const applianceId = await saveApplianceFor(te.engine, s);
    const src = sourceFolder(w, w.leaf);
    await te.engine.syncs.save({
      name: 'web',
      source: { kind: 'pem', cert: { path: src.cert }, key: { path: src.key }, chain: { path: src.chain } },
      destinations: [{ applianceId }],
      vservers: [{ name: 'vs1', sni: false }],
    });

    const first = await te.engine.syncs.run({ sync: 'web' });
    expect(SyncRun.parse(first)).toEqual(first);
    expect(first).toMatchObject({ outcome: 'succeeded', serialHex: w.leaf.serialHex, appliances: [{ applianceId, outcome: 'succeeded' }] });
    const certkey = first.appliances[0]!.certkey!;
    expect(await te.engine.syncs.coverage()).toEqual([{ syncId: first.syncId, syncName: 'web', applianceId, certkey }]);
    expect(s.snapshot().partitions[0]!.bindings).toContainEqual(expect.objectContaining({ vservername: 'vs1', certkeyname: certkey }));

    s.resetRequestLog();
    const again = await te.engine.syncs.run({ sync: 'web' });
    expect(again.outcome).toBe('unchanged');
    expect(s.requests).toEqual([]);

    // Renewed: with preserve (the default) the same certkey is changed in place, so the binding stays.
    src.replace(w.renewed);
    const renewed = await te.engine.syncs.run({ sync: 'web' });
    expect(renewed).toMatchObject({
      outcome: 'succeeded',
      serialHex: w.renewed.serialHex,
      appliances: [{ certkey, outcome: 'succeeded' }],
    });
    const ck = s.snapshot().partitions[0]!.certkeys.find((c) => c.certkey === certkey)!;
    expect(ck.loadedCertSerial?.replace(/:/g, '').toUpperCase()).toBe(w.renewed.serialHex.toUpperCase());

    const vault = new MemoryVault('test');
    te.close();
    te = await startTestEngine({ vault, dataFolder: home });
    const status = await te.engine.syncs.status({ sync: 'web' });
    expect(status.lastSuccess).toMatchObject({ serialHex: w.renewed.serialHex, outcome: 'succeeded' });
    expect((await te.engine.syncs.get({ sync: 'web' })).lastRun?.notAfter).toBe(renewed.notAfter);
  });

  it('with "remove expired", removes the certkey the renewal replaced and no certkey it did not create', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCas(s, w);
    const applianceId = await saveApplianceFor(te.engine, s);
    // A certificate for the same name that Fieldkit pushed by hand: "replaced" by the sync's in general terms, but not the sync's.
    const manualSrc = sourceFolder(w, w.leafViaOtherInter);
    writeFileSync(manualSrc.chain, w.otherInter.certPem + w.root.certPem);
    const { bundleId } = await te.engine.certificates.loadBundle({
      files: { cert: { path: manualSrc.cert }, key: { path: manualSrc.key }, chain: { path: manualSrc.chain } },
    });
    const manual = await te.engine.certificates.push({
      bundleId,
      appliances: [{ profileId: applianceId }],
      options: { certkeyName: 'by-hand' },
    });
    expect(manual.succeeded).toHaveLength(1);

    const src = sourceFolder(w, w.leaf);
    await te.engine.syncs.save({
      name: 'web',
      source: { kind: 'pem', cert: { path: src.cert }, key: { path: src.key }, chain: { path: src.chain } },
      destinations: [{ applianceId }],
      vservers: [{ name: 'vs1', sni: false }],
      options: { preserve: false, removeExpired: true },
    });
    const first = await te.engine.syncs.run({ sync: 'web' });
    expect(first.outcome).toBe('succeeded');
    const oldCertkey = first.appliances[0]!.certkey!;
    expect(first.appliances[0]!.removed).toEqual([]);

    src.replace(w.renewed);
    const second = await te.engine.syncs.run({ sync: 'web' });
    expect(second.outcome).toBe('succeeded');
    const newCertkey = second.appliances[0]!.certkey!;
    expect(newCertkey).not.toBe(oldCertkey);
    expect(second.appliances[0]).toMatchObject({ removed: [oldCertkey] });
    expect(second.appliances[0]!.removalError).toBeUndefined();
    const after = certkeysOn(s);
    expect(after).toEqual(expect.arrayContaining(['by-hand', 'fk-root', 'inter', 'inter-high', newCertkey]));
    // The intermediate the manual push added is Fieldkit's too, and stays: it is not the sync's.
    expect(after.filter((n) => n.startsWith('Fieldkit_Test_Other_Intermediate'))).toHaveLength(1);
    expect(after).not.toContain(oldCertkey);
    expect(s.snapshot().partitions[0]!.bindings).toContainEqual(expect.objectContaining({ vservername: 'vs1', certkeyname: newCertkey }));
  });

  it('a run whose source is unreadable fails and says which file', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    const applianceId = await saveApplianceFor(te.engine, s);
    const src = sourceFolder(w, w.leaf);
    writeFileSync(src.key, w.renewed.keyPem);
    await te.engine.syncs.save({
      name: 'web',
      source: { kind: 'pem', cert: { path: src.cert }, key: { path: src.key }, chain: { path: src.chain } },
      destinations: [{ applianceId }],
    });
    const run = await te.engine.syncs.run({ sync: 'web' });
    expect(run).toMatchObject({ outcome: 'failed', error: { code: 'SYNC_SOURCE_NOT_READY' } });
    expect(run.error!.message).toMatch(/private key does not belong/);
    expect(s.requests).toEqual([]);
  });

  it('the window saves a sync from granted files and runs it; the app watches it while open', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test'), watchSyncs: { settleMs: 100 } });
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCas(s, w);
    const applianceId = await saveApplianceFor(te.engine, s);
    const src = sourceFolder(w, w.leaf);
    const ipc = async (channel: string, input: unknown) => {
      const r = await te!.dispatcher.dispatch(channel, input, { emit: () => undefined });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value;
    };
    const token = (path: string) => ({ token: te!.engine.grantFile(path).token });
    const saved = (await ipc('syncSave', {
      name: 'web',
      source: { kind: 'pem', cert: token(src.cert), key: token(src.key), chain: token(src.chain) },
      destinations: [{ applianceId }],
      vservers: [{ name: 'vs1', sni: false }],
      options: { preserve: true, removeExpired: false },
    })) as { id: string };
    expect(await te.engine.syncs.definition({ sync: 'web' })).toMatchObject({ source: { cert: src.cert, key: src.key } });

    // The app's watch sees the new sync and pushes its certificate, which no run has pushed yet.
    await expect
      .poll(async () => (await te!.engine.syncs.status({ sync: 'web' })).lastSuccess?.serialHex, { timeout: 8_000 })
      .toBe(w.leaf.serialHex);
    src.replace(w.renewed);
    await expect
      .poll(async () => (await te!.engine.syncs.status({ sync: 'web' })).lastSuccess?.serialHex, { timeout: 8_000 })
      .toBe(w.renewed.serialHex);

    // Forced: the appliance is asked, and already has it.
    s.resetRequestLog();
    const forced = (await ipc('syncRun', { taskId: 'task-sync-0001', id: saved.id, force: true })) as { outcome: string };
    expect(forced.outcome).toBe('unchanged');
    expect(s.requests.length).toBeGreaterThan(0);
    const list = await ipc('syncsList', {});
    expect(list).toMatchObject([
      { name: 'web', lastRun: { outcome: 'unchanged', trigger: 'manual' }, lastSuccess: { serialHex: w.renewed.serialHex } },
    ]);
    expect(JSON.stringify(list)).not.toContain(src.dir);
    expect(await ipc('syncDelete', { id: saved.id })).toEqual({ ok: true });
  });
});
