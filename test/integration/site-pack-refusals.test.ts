import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip, writeZip, type ZipEntry } from '../../electron/services/files/zip-file.ts';
import { PLANTED, packEngine, removePackFolders, seedSite, tempFolder } from '../support/site-pack-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';

/**
 * A damaged, truncated or tampered pack, a wrong passphrase and a pack from a
 * newer format are each refused in their own words, and the importing
 * machine's data folder and keychain are exactly as before.
 */

let a: TestEngine;
let b: TestEngine;
let good: Buffer;
let dir: string;

beforeAll(async () => {
  a = await packEngine('refuse-a');
  b = await packEngine('refuse-b');
  await seedSite(a.engine);
  dir = tempFolder();
  const path = join(dir, 'good.fieldkit');
  await a.engine.packs.export({
    siteIds: ['Acme Berlin'],
    syncIds: ['web'],
    include: { secrets: true, privateKeys: true },
    passphrase: PLANTED.passphrase,
    path,
  });
  good = readFileSync(path);
});
afterAll(() => {
  a?.close();
  b?.close();
  removePackFolders();
});

function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(folder, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(folder);
  return out;
}

let n = 0;
function packFile(bytes: Buffer): string {
  const path = join(dir, `case-${++n}.fieldkit`);
  writeFileSync(path, bytes);
  return path;
}

const entries = () => readZip(good, { maxEntries: 100, maxTotalBytes: 1e8 });
const rebuilt = async (change: (e: ZipEntry) => ZipEntry) => writeZip((await entries()).map(change), new Date());
const json = (e: ZipEntry) => JSON.parse(e.data.toString('utf8')) as Record<string, unknown>;

/** null: no passphrase given. */
async function expectRefused(bytes: Buffer, code: string, message: RegExp, given: string | null = PLANTED.passphrase) {
  const passphrase = given ?? undefined;
  const before = snapshot(b.dataFolder);
  const path = packFile(bytes);
  await expect(b.engine.packs.previewImport({ path }, passphrase)).rejects.toMatchObject({ code });
  const err = await b.engine.packs.import({ path }, { passphrase, onConflict: 'take-theirs' }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
  expect(snapshot(b.dataFolder)).toEqual(before);
  expect(await b.engine.profiles.proxies.password('proxy-acme')).toBeNull();
}

describe('a site pack that cannot be trusted is refused and changes nothing', () => {
  it('imports the good pack (the cases below are refused for their change alone)', async () => {
    const preview = await b.engine.packs.previewImport({ path: packFile(good) }, PLANTED.passphrase);
    expect(preview.items.length).toBeGreaterThan(3);
  });

  it('refuses a truncated pack', async () => {
    await expectRefused(good.subarray(0, good.length - 100), 'PACK_DAMAGED', /incomplete|cut short/);
    await expectRefused(good.subarray(0, 10), 'PACK_DAMAGED', /too short/);
  });

  it('refuses a pack with a flipped byte in an entry', async () => {
    const flipped = Buffer.from(good);
    // The first occurrence of the name is its local header; the entry's bytes follow it.
    const at = flipped.indexOf(Buffer.from('sites.json')) + 'sites.json'.length + 20;
    expect(at).toBeGreaterThan(40);
    flipped[at] = flipped[at]! ^ 0x01;
    await expectRefused(flipped, 'PACK_DAMAGED', /damaged/);
  });

  it('refuses a pack whose entry was replaced (the zip rebuilt around it)', async () => {
    const bytes = await rebuilt((e) =>
      e.name === 'sites.json' ? { ...e, data: Buffer.from(e.data.toString().replace('Gate code', 'Gate kode')) } : e,
    );
    await expectRefused(bytes, 'PACK_TAMPERED', /sites\.json is not the file it was made with/);
  });

  it('refuses a pack with a file the manifest does not list', async () => {
    const bytes = await writeZip([...(await entries()), { name: 'certificates/extra.pem', data: Buffer.from('x') }], new Date());
    await expectRefused(bytes, 'PACK_TAMPERED', /does not list/);
  });

  it('refuses a pack whose manifest was changed: the sealed secrets no longer open', async () => {
    const bytes = await rebuilt((e) =>
      e.name === 'manifest.json' ? { ...e, data: Buffer.from(JSON.stringify({ ...json(e), appVersion: '9.9.9' })) } : e,
    );
    await expectRefused(bytes, 'PACK_PASSPHRASE_WRONG', /passphrase does not open/);
  });

  it('refuses a wrong passphrase, and asks for a missing one', async () => {
    await expectRefused(good, 'PACK_PASSPHRASE_WRONG', /passphrase does not open/, 'not the passphrase');
    await expectRefused(good, 'PACK_PASSPHRASE_REQUIRED', /passphrase is needed/, null);
  });

  it('refuses a pack from a newer format, saying so', async () => {
    const bytes = await rebuilt((e) =>
      e.name === 'manifest.json' ? { ...e, data: Buffer.from(JSON.stringify({ ...json(e), formatVersion: 2, somethingNew: true })) } : e,
    );
    await expectRefused(bytes, 'PACK_TOO_NEW', /format 2, made by a newer Fieldkit/);
  });

  it('refuses a file that is not a site pack', async () => {
    await expectRefused(Buffer.from('-----BEGIN CERTIFICATE-----\nnot a pack\n'), 'PACK_DAMAGED', /not a site pack|too short|incomplete/);
    await expectRefused(await writeZip([{ name: 'hello.txt', data: Buffer.from('hi') }], new Date()), 'PACK_DAMAGED', /no manifest/);
  });

  it('refuses a pack whose documents name something it does not hold', async () => {
    const bytes = await rebuilt((e) => {
      if (e.name !== 'profiles.json') return e;
      const doc = json(e) as { proxies: unknown[] };
      return { ...e, data: Buffer.from(JSON.stringify({ ...doc, proxies: [] })) };
    });
    // The manifest's hash catches it first; a pack rebuilt with a matching manifest is caught by the reference check.
    await expectRefused(bytes, 'PACK_TAMPERED', /profiles\.json/);
  });
});
