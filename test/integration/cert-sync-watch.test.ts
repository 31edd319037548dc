import { appendFileSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { simulatorHarness } from '../support/cert-push-fixtures.ts';
import { EventLog, removeSourceFolders, saveApplianceFor, seedCas, sourceFolder, type SyncSourceFolder } from '../support/sync-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/**
 * The watch pushes once per renewal, however the files land, only once they
 * are complete and belong together, and never for the certificate the
 * appliances already have. Short settle times keep it quick.
 */

const SETTLE_MS = 120;
const { world: w, sim } = simulatorHarness();
let te: TestEngine | undefined;
let stop: AbortController | undefined;
let watching: Promise<void> | undefined;
afterEach(async () => {
  stop?.abort();
  await watching;
  te?.close();
  te = undefined;
  removeSourceFolders();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A sync already pushed once (leaf), and a watch on it that has looked at the source once. */
async function watchedSync(
  opts: { retryMs?: number; poll?: boolean } = {},
): Promise<{ src: SyncSourceFolder; log: EventLog; pushes: () => number; s: NitroSimulator }> {
  te = await startTestEngine({ vault: new MemoryVault('test') });
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
  expect((await te.engine.syncs.run({ sync: 'web' })).outcome).toBe('succeeded');
  const log = new EventLog();
  stop = new AbortController();
  const started = log.next((e) => e.kind === 'unchanged');
  watching = te.engine.syncs.watch(
    { syncs: ['web'], settleMs: SETTLE_MS, maxWaitMs: 5_000, ...opts },
    { signal: stop.signal, onEvent: log.push },
  );
  await started;
  return { src, log, pushes: () => log.kinds('run-started').length, s };
}

describe('sync watch', () => {
  it('a file pair replaced by rename is pushed once', async () => {
    const { src, log, pushes } = await watchedSync();
    src.replace(w.renewed);
    const done = await log.next((e) => e.kind === 'run-finished');
    expect(done.run).toMatchObject({ outcome: 'succeeded', trigger: 'watch', serialHex: w.renewed.serialHex });
    await pause(SETTLE_MS * 5);
    expect(pushes()).toBe(1);
  });

  it('files written in two steps are pushed once, after the last step', async () => {
    const { src, log, pushes } = await watchedSync();
    const half = Math.floor(w.renewed.certPem.length / 2);
    writeFileSync(src.cert, w.renewed.certPem.slice(0, half));
    await pause(SETTLE_MS * 3);
    expect(pushes()).toBe(0);
    appendFileSync(src.cert, w.renewed.certPem.slice(half));
    writeFileSync(src.key, w.renewed.keyPem);
    const done = await log.next((e) => e.kind === 'run-finished');
    expect(done.run).toMatchObject({ outcome: 'succeeded', serialHex: w.renewed.serialHex });
    await pause(SETTLE_MS * 5);
    expect(pushes()).toBe(1);
  });

  it('the same certificate written again pushes nothing', async () => {
    const { src, log, pushes } = await watchedSync();
    const seen = log.events.length;
    src.replace(w.leaf);
    await log.next((e) => e.kind === 'unchanged' && log.events.indexOf(e) >= seen);
    await pause(SETTLE_MS * 4);
    expect(pushes()).toBe(0);
  });

  it('a certificate whose key has not arrived yet waits, then is pushed once both match', async () => {
    const { src, log, pushes } = await watchedSync();
    writeFileSync(src.cert, w.renewed.certPem);
    const waiting = await log.next((e) => e.kind === 'waiting');
    expect(waiting.message).toMatch(/private key does not belong/);
    await pause(SETTLE_MS * 4);
    expect(pushes()).toBe(0);
    writeFileSync(src.key, w.renewed.keyPem);
    const done = await log.next((e) => e.kind === 'run-finished');
    expect(done.run).toMatchObject({ outcome: 'succeeded', serialHex: w.renewed.serialHex });
    await pause(SETTLE_MS * 5);
    expect(pushes()).toBe(1);
  });

  it("certbot's swap of the symlinks in live/ is pushed once", async () => {
    const { src, log, pushes } = await watchedSync();
    // live/ names point into archive/, and a renewal re-points them one by one (a new link renamed over the old).
    const archive = join(src.dir, 'archive');
    mkdirSync(archive);
    writeFileSync(join(archive, 'cert2.pem'), w.renewed.certPem);
    writeFileSync(join(archive, 'privkey2.pem'), w.renewed.keyPem);
    for (const [link, target] of [
      [src.cert, 'cert2.pem'],
      [src.key, 'privkey2.pem'],
    ] as const) {
      symlinkSync(join(archive, target), `${link}.tmp`);
      renameSync(`${link}.tmp`, link);
    }
    const done = await log.next((e) => e.kind === 'run-finished');
    expect(done.run).toMatchObject({ outcome: 'succeeded', serialHex: w.renewed.serialHex });
    await pause(SETTLE_MS * 5);
    expect(pushes()).toBe(1);
  });

  it('a push that failed is tried again later, and not again once it succeeded', async () => {
    const { src, log, pushes, s } = await watchedSync({ retryMs: SETTLE_MS * 3 });
    s.faults.fail({ resource: 'login' }, { status: 401, errorcode: 354, message: 'Invalid username or password' });
    src.replace(w.renewed);
    const failed = await log.next((e) => e.kind === 'run-finished');
    expect(failed.run?.outcome).toBe('failed');
    const retried = await log.next((e) => e.kind === 'run-finished' && e !== failed);
    expect(retried.run).toMatchObject({ outcome: 'succeeded', serialHex: w.renewed.serialHex });
    await pause(SETTLE_MS * 8);
    expect(pushes()).toBe(2);
  });

  it('polling the files (a network share) pushes a renewal once too', async () => {
    const { src, log, pushes } = await watchedSync({ poll: true });
    src.replace(w.renewed);
    const done = await log.next((e) => e.kind === 'run-finished');
    expect(done.run).toMatchObject({ outcome: 'succeeded', serialHex: w.renewed.serialHex });
    await pause(SETTLE_MS * 5);
    expect(pushes()).toBe(1);
  });

  it('says once why it waits, however often it looks', async () => {
    const { src, log, pushes } = await watchedSync();
    writeFileSync(src.cert, w.renewed.certPem);
    await log.next((e) => e.kind === 'waiting');
    await pause(SETTLE_MS * 6);
    expect(log.kinds('waiting')).toHaveLength(1);
    expect(pushes()).toBe(0);
  });
});
