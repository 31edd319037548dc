import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadVersionedFile, saveVersionedFile, type VersionedFileSpec } from '../../electron/services/storage/versioned-json-file.ts';
import { SettingsStore } from '../../electron/services/storage/settings-store.ts';

const Doc = z.strictObject({ version: z.literal(3), name: z.string(), tags: z.array(z.string()) });
type Doc = z.infer<typeof Doc>;

function spec(dir: string): VersionedFileSpec<Doc> {
  return {
    path: join(dir, 'profiles.json'),
    currentVersion: 3,
    schema: Doc,
    defaults: () => ({ version: 3, name: 'default', tags: [] }),
    migrations: {
      1: (d) => ({ name: d['title'] }),
      2: (d) => ({ ...d, tags: ['migrated'] }),
    },
    label: 'profiles',
    codes: { corrupt: 'SETTINGS_CORRUPT', tooNew: 'SETTINGS_TOO_NEW' },
  };
}

const fixedNow = () => new Date('2026-11-23T10:00:00.000Z');

describe('versioned JSON file', () => {
  it('migrates an old file forward, version by version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-vjf-'));
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ version: 1, title: 'Site A' }));
    const loaded = await loadVersionedFile(spec(dir));
    expect(loaded.value).toEqual({ version: 3, name: 'Site A', tags: ['migrated'] });
    expect(loaded.notices).toEqual([]);
  });

  it('moves a corrupt file aside, keeps it byte for byte, and reports where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-vjf-'));
    writeFileSync(join(dir, 'profiles.json'), '{"version": 3, "name": "half-writ');
    const loaded = await loadVersionedFile(spec(dir), fixedNow);
    expect(loaded.value.name).toBe('default');
    expect(loaded.notices).toHaveLength(1);
    const keptAt = loaded.notices[0]!.keptAt!;
    expect(keptAt).toBe(join(dir, 'profiles.json.corrupt-2026-11-23T10-00-00-000Z'));
    expect(readFileSync(keptAt, 'utf8')).toBe('{"version": 3, "name": "half-writ');
    expect(existsSync(join(dir, 'profiles.json'))).toBe(false);
    expect(loaded.notices[0]!.message).toMatch(/not valid JSON/);
  });

  it('moves aside a file whose shape is wrong, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-vjf-'));
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ version: 3, name: 7, tags: [] }));
    const loaded = await loadVersionedFile(spec(dir), fixedNow);
    expect(loaded.notices[0]!.message).toMatch(/at "name"/);
  });

  it('leaves a file from a newer version untouched and refuses to write over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-vjf-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 99, future: true }));
    const store = await SettingsStore.open(dir);
    expect(store.notices[0]!.code).toBe('SETTINGS_TOO_NEW');
    await expect(store.update({ appearance: { theme: 'dark' } })).rejects.toMatchObject({ code: 'SETTINGS_TOO_NEW' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ version: 99, future: true });
  });

  it('writes atomically: no temporary file is left and the content round-trips', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-vjf-'));
    await saveVersionedFile(spec(dir), { version: 3, name: 'x', tags: ['a'] });
    expect(readdirSync(dir)).toEqual(['profiles.json']);
    expect((await loadVersionedFile(spec(dir))).value).toEqual({ version: 3, name: 'x', tags: ['a'] });
  });

  it('settings survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-settings-'));
    await (await SettingsStore.open(dir)).update({ appearance: { theme: 'dark' } });
    expect((await SettingsStore.open(dir)).get().appearance.theme).toBe('dark');
  });
});
