import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withFileLock } from '../../electron/services/storage/file-lock.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startTestEngine } from '../support/test-engine.ts';

const proxy = (id: string) => ({ id, type: 'explicit' as const, host: `proxy.${id}.test`, port: 3128 });
const appliance = (id: string) => ({
  id,
  host: `${id}.adc.test`,
  port: 443,
  username: 'nsroot',
  trust: { mode: 'pinned' as const, fingerprint256: Array.from({ length: 32 }, () => 'AB').join(':') },
});
const twoEngines = async () => {
  const dataFolder = mkdtempSync(join(tmpdir(), 'fk-shared-'));
  const app = await startTestEngine({ dataFolder, vault: new MemoryVault('app') });
  const cli = await startTestEngine({ dataFolder, vault: new MemoryVault('cli') });
  return { dataFolder, app: app.engine, cli: cli.engine, close: () => [app, cli].forEach((t) => t.close()) };
};
const savedIds = (dataFolder: string) => {
  const file = JSON.parse(readFileSync(join(dataFolder, 'profiles.json'), 'utf8')) as { proxies: Array<{ id: string }> };
  return file.proxies.map((p) => p.id).sort();
};

describe('the app and the command line on one data folder', () => {
  it('keeps a profile the command line added when the app, opened before it, saves another', async () => {
    const { dataFolder, app, cli, close } = await twoEngines();
    await cli.profiles.proxies.save(proxy('from-cli'));
    await app.profiles.proxies.save(proxy('from-app'));
    expect(savedIds(dataFolder)).toEqual(['from-app', 'from-cli']);
    // The app now lists what the file holds, the other process's profile included.
    expect((await app.profiles.proxies.list()).map((s) => s.profile.id).sort()).toEqual(['from-app', 'from-cli']);
    close();
  });

  it('lists a profile the command line saved while the app was open, without the app writing anything', async () => {
    const { app, cli, close } = await twoEngines();
    expect(await app.profiles.appliances.list()).toEqual([]);
    await cli.profiles.appliances.save(appliance('adc-cli'));
    expect((await app.profiles.appliances.list()).map((s) => s.profile.id)).toEqual(['adc-cli']);
    expect(app.profiles.appliances.get('adc-cli').host).toBe('adc-cli.adc.test');
    await cli.profiles.appliances.remove('adc-cli');
    expect(await app.profiles.appliances.list()).toEqual([]);
    close();
  });

  it('removes only the profile asked for, not the ones the other process added since', async () => {
    const { dataFolder, app, cli, close } = await twoEngines();
    await app.profiles.proxies.save(proxy('old'));
    await cli.profiles.proxies.save(proxy('new-from-cli'));
    await app.profiles.proxies.remove('old');
    expect(savedIds(dataFolder)).toEqual(['new-from-cli']);
    close();
  });

  it('loses nothing when both save at once, across collections and settings', async () => {
    const { dataFolder, app, cli, close } = await twoEngines();
    const ids = Array.from({ length: 10 }, (_, i) => i);
    await Promise.all([
      ...ids.map((i) => app.profiles.proxies.save(proxy(`app-${i}`))),
      ...ids.map((i) => cli.profiles.proxies.save(proxy(`cli-${i}`))),
      cli.profiles.appliances.save(appliance('adc-1')),
      app.settings.update({ appearance: { theme: 'dark' } }),
    ]);
    expect(savedIds(dataFolder)).toHaveLength(20);
    const file = JSON.parse(readFileSync(join(dataFolder, 'profiles.json'), 'utf8')) as { appliances: Array<{ id: string }> };
    expect(file.appliances.map((a) => a.id)).toEqual(['adc-1']);
    expect(readdirSync(dataFolder).filter((f) => f.endsWith('.lock'))).toEqual([]);
    close();
  });
});

describe('separate processes on one data folder', () => {
  it('three processes saving at once keep every profile', async () => {
    const dataFolder = mkdtempSync(join(tmpdir(), 'fk-processes-'));
    const writer = (prefix: string) =>
      promisify(execFile)(process.execPath, ['test/support/profile-writer.ts', dataFolder, prefix, '8'], { timeout: 30_000 });
    await Promise.all(['a', 'b', 'c'].map(writer));
    expect(savedIds(dataFolder)).toHaveLength(24);
    expect(savedIds(dataFolder).filter((id) => id.startsWith('b-'))).toHaveLength(8);
  });
});

describe('the lock file', () => {
  const target = () => join(mkdtempSync(join(tmpdir(), 'fk-lock-')), 'profiles.json');

  it('is taken over at once when the process that left it no longer runs', async () => {
    const path = target();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, at: '2026-01-01T00:00:00.000Z' }));
    const t0 = Date.now();
    expect(await withFileLock(path, () => Promise.resolve('written'), { waitMs: 2_000 })).toBe('written');
    expect(Date.now() - t0).toBeLessThan(500);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('is taken over when it is older than any write, even if its process id runs again', async () => {
    const path = target();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    expect(await withFileLock(path, () => Promise.resolve('written'), { waitMs: 2_000 })).toBe('written');
  });

  it('held by a running Fieldkit makes the other wait, then say plainly that nothing was saved', async () => {
    const path = target();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid }));
    let ran = false;
    const write = withFileLock(
      path,
      () => {
        ran = true;
        return Promise.resolve();
      },
      { waitMs: 200 },
    );
    await expect(write).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: `${path} is being written by another Fieldkit (the app or the command line) and stayed locked; nothing was saved.`,
    });
    expect(ran).toBe(false);
  });
});
