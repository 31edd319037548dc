import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startTestEngine } from '../support/test-engine.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const home = () => join(mkdtempSync(join(tmpdir(), 'fk-folder-')), 'Fieldkit');
const engineOn = (dataFolder: string) => startTestEngine({ dataFolder, vault: new MemoryVault('test') });

describe.skipIf(process.platform === 'win32')('the data folder is private', () => {
  it('is created 0700 with every file in it 0600: settings, profiles, the history database and its journal files', async () => {
    const dataFolder = home();
    const t = await engineOn(dataFolder);
    await t.engine.settings.update({ appearance: { theme: 'dark' } });
    await t.engine.profiles.proxies.save({ id: 'site-a', type: 'explicit', host: 'proxy.site-a.test', port: 3128 });
    const private0600 = () => {
      const files = readdirSync(dataFolder).filter((f) => f !== 'logs');
      expect(files.map((f) => [f, mode(join(dataFolder, f))])).toEqual(files.map((f) => [f, 0o600]));
      const logs = existsSync(join(dataFolder, 'logs')) ? readdirSync(join(dataFolder, 'logs')) : [];
      expect(logs.map((f) => [f, mode(join(dataFolder, 'logs', f))])).toEqual(logs.map((f) => [f, 0o600]));
      if (logs.length > 0) expect(mode(join(dataFolder, 'logs'))).toBe(0o700);
      return files;
    };
    // While the database is open its journal files exist too; SQLite removes them when the last connection closes.
    expect(private0600()).toEqual(
      expect.arrayContaining(['settings.json', 'profiles.json', 'history.sqlite', 'history.sqlite-wal', 'history.sqlite-shm']),
    );
    t.close();
    expect(mode(dataFolder)).toBe(0o700);
    private0600();
  });

  it('narrows a folder and files an older version left readable by others, corrupt copies included', async () => {
    const dataFolder = home();
    mkdirSync(dataFolder, { mode: 0o755 });
    chmodSync(dataFolder, 0o755);
    for (const name of ['settings.json', 'profiles.json.corrupt-2026-01-01T00-00-00-000Z']) {
      writeFileSync(join(dataFolder, name), name === 'settings.json' ? '{"version":1,"appearance":{"theme":"dark"}}' : 'kept', {
        mode: 0o644,
      });
      chmodSync(join(dataFolder, name), 0o644);
    }
    mkdirSync(join(dataFolder, 'logs'), { mode: 0o755 });
    chmodSync(join(dataFolder, 'logs'), 0o755);
    writeFileSync(join(dataFolder, 'logs', 'app.1.jsonl'), '{}\n', { mode: 0o644 });
    chmodSync(join(dataFolder, 'logs', 'app.1.jsonl'), 0o644);
    const old = new DatabaseSync(join(dataFolder, 'history.sqlite'));
    old.exec('CREATE TABLE t (x)');
    old.close();
    chmodSync(join(dataFolder, 'history.sqlite'), 0o644);
    const t = await engineOn(dataFolder);
    t.close();
    expect(mode(dataFolder)).toBe(0o700);
    for (const f of readdirSync(dataFolder)) expect([f, mode(join(dataFolder, f))]).toEqual([f, f === 'logs' ? 0o700 : 0o600]);
    for (const f of readdirSync(join(dataFolder, 'logs'))) expect([f, mode(join(dataFolder, 'logs', f))]).toEqual([f, 0o600]);
    expect(t.engine.settings.notices).toEqual([]);
    // The version-1 settings file is read forward: the theme kept, Console's six-hour refresh added.
    expect(t.engine.settings.get()).toEqual({ version: 2, appearance: { theme: 'dark' }, cloudConnect: { refreshIntervalHours: 6 } });
  });
});

describe('a damaged history database', () => {
  const fixedStamp = /history\.sqlite\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/;

  it('that is not a database at all is moved aside, kept byte for byte, and reported; the app starts with an empty history', async () => {
    const dataFolder = home();
    mkdirSync(dataFolder, { recursive: true });
    writeFileSync(join(dataFolder, 'history.sqlite'), 'this is not a database, it was cut by a crash');
    const t = await engineOn(dataFolder);
    const [notice] = t.engine.settings.notices;
    expect(notice).toMatchObject({ code: 'HISTORY_CORRUPT' });
    expect(notice!.message).toMatch(
      /^The history database could not be used because it is not a readable SQLite database \(.+\)\. It was moved aside/,
    );
    expect(notice!.keptAt).toMatch(fixedStamp);
    expect(readFileSync(notice!.keptAt!, 'utf8')).toBe('this is not a database, it was cut by a crash');
    expect(t.engine.diagnostics.history()).toEqual([]);
    t.close();
    // The next start is clean: the fresh database is sound.
    const again = await engineOn(dataFolder);
    expect(again.engine.settings.notices).toEqual([]);
    again.close();
  });

  it('whose pages are damaged is caught at start, not by a later query', async () => {
    const dataFolder = home();
    const first = await engineOn(dataFolder);
    first.close();
    const path = join(dataFolder, 'history.sqlite');
    // Fold the WAL into the file, then scribble over every page after the header page.
    const db = new DatabaseSync(path);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize);
    writeFileSync(path, bytes);
    const t = await engineOn(dataFolder);
    expect(t.engine.settings.notices.map((n) => n.code)).toEqual(['HISTORY_CORRUPT']);
    expect(existsSync(t.engine.settings.notices[0]!.keptAt!)).toBe(true);
    expect(t.engine.diagnostics.history()).toEqual([]);
    t.close();
  });
});
