import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { readZip, writeZip, ZipDamaged, type ZipLimits, type ZipProblem } from '../../electron/services/files/zip-file.ts';
import { realPartAvailable } from '../support/require-real-part.ts';

const LIMITS: ZipLimits = { maxEntries: 10, maxTotalBytes: 1024 * 1024 };
const AT = new Date(2026, 2, 2, 7, 30, 10);
const ENTRIES = [
  { name: 'about.json', data: Buffer.from(`${JSON.stringify({ a: 'x'.repeat(2000) })}\n`) },
  { name: 'logs/random.bin', data: randomBytes(4096) },
  { name: 'empty.txt', data: Buffer.alloc(0) },
  { name: 'notes/Zürich ÿ.txt', data: Buffer.from('Grüße\n') },
];

const CENTRAL_SIG = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
const centralAt = (zip: Buffer, from = 0) => zip.indexOf(CENTRAL_SIG, from);

/** The problem readZip refuses the archive for, or undefined when it reads it. */
async function refusal(zip: Buffer, limits: ZipLimits = LIMITS): Promise<ZipProblem | undefined> {
  try {
    await readZip(zip, limits);
    return undefined;
  } catch (err) {
    if (err instanceof ZipDamaged) return err.problem;
    throw err;
  }
}

/** A zip whose one entry has the given name: the names a hostile archive would use. */
async function named(name: string): Promise<Buffer> {
  const zip = await writeZip([{ name: 'x'.repeat(Buffer.byteLength(name)), data: 'hi' }], AT);
  // The name appears twice (local header, central directory); both are replaced, so only the name is hostile.
  const marker = Buffer.from('x'.repeat(Buffer.byteLength(name)));
  for (let at = zip.indexOf(marker); at >= 0; at = zip.indexOf(marker, at + 1)) Buffer.from(name).copy(zip, at);
  return zip;
}

function inFolder<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'fk-zip-'));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('zip files', () => {
  it('round-trips deflated, incompressible, empty and UTF-8 named entries, in order, from buffers and strings', async () => {
    const zip = await writeZip([...ENTRIES, { name: 'text.txt', data: 'plain ✓' }], AT);
    const back = await readZip(zip, LIMITS);
    expect(back.map((e) => e.name)).toEqual([...ENTRIES.map((e) => e.name), 'text.txt']);
    ENTRIES.forEach((e, i) => expect(back[i]!.data.equals(e.data)).toBe(true));
    expect(back[4]!.data.toString('utf8')).toBe('plain ✓');
    expect(zip.length).toBeLessThan(ENTRIES.reduce((n, e) => n + e.data.length, 0));
  });

  it('writes the same bytes for the same entries and time', async () => {
    const first = await writeZip(ENTRIES, AT);
    expect((await writeZip(ENTRIES, AT)).equals(first)).toBe(true);
    expect((await writeZip(ENTRIES, new Date(AT.getTime() + 60_000))).equals(first)).toBe(false);
  });

  it('is read by unzip and Python zipfile: CRCs, names, dates, and files only their owner may read', async () => {
    const zip = await writeZip(ENTRIES, AT);
    const probe = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' });
    if (!realPartAvailable(probe.status === 0 ? null : 'python3 is not installed')) return;
    inFolder((dir) => {
      const path = join(dir, 'bundle.zip');
      writeFileSync(path, zip);
      const r = spawnSync(
        'python3',
        [
          '-c',
          'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps([[i.filename, i.file_size, list(i.date_time), oct(i.external_attr >> 16)] for i in z.infolist()]))',
          path,
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(ENTRIES.map((e) => [e.name, e.data.length, [2026, 3, 2, 7, 30, 10], '0o100600']));
      let listing = '';
      try {
        listing = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // No unzip on this machine: Python's reading stands.
        throw err;
      }
      expect(listing).toMatch(/No errors detected/);
    });
  });

  it.each(['../evil', '/etc/passwd', 'a/../../b', 'a\\b', 'a//b', './a', 'C:/x', 'a\u0007b'])('refuses the entry name %j', async (name) => {
    expect(await refusal(await named(name))).toEqual({ kind: 'bad-name' });
  });

  it('refuses two entries of one name and more entries than allowed', async () => {
    const twice = await writeZip(
      [
        { name: 'a', data: '1' },
        { name: 'a', data: '2' },
      ],
      AT,
    );
    expect(await refusal(twice)).toEqual({ kind: 'bad-name' });
    const many = await writeZip(
      Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: 'x' })),
      AT,
    );
    expect(await refusal(many)).toEqual({ kind: 'too-many-entries', count: 11, max: 10 });
  });

  it('refuses from the directory alone, before inflating anything, what unpacks to more than allowed', async () => {
    // The first entry is damaged: were any entry inflated before the sizes were checked, it would be refused as damaged.
    const bomb = await writeZip(
      [
        { name: 'a', data: 'hello hello hello' },
        { name: 'zeros', data: Buffer.alloc(600 * 1024) },
        { name: 'more zeros', data: Buffer.alloc(600 * 1024) },
      ],
      AT,
    );
    expect(bomb.length).toBeLessThan(10_000);
    const first = centralAt(bomb);
    bomb.writeUInt32LE((bomb.readUInt32LE(first + 16) ^ 1) >>> 0, first + 16);
    expect(await refusal(bomb)).toEqual({ kind: 'too-large', max: LIMITS.maxTotalBytes });
    const one = await writeZip([{ name: 'zeros', data: Buffer.alloc(2000) }], AT);
    expect(await refusal(one, { ...LIMITS, maxEntryBytes: 1999 })).toEqual({ kind: 'entry-too-large', name: 'zeros', max: 1999 });
    expect(await refusal(one, { ...LIMITS, maxEntryBytes: 2000 })).toBeUndefined();
  });

  it('refuses an encrypted entry, an unknown method, a size that lies and a CRC that lies', async () => {
    const zip = await writeZip([{ name: 'a', data: 'hello hello hello hello hello' }], AT);
    const at = centralAt(zip);
    const changed = (offset: number, value: (v: number) => number, bytes: 2 | 4) => {
      const copy = Buffer.from(zip);
      if (bytes === 2) copy.writeUInt16LE(value(copy.readUInt16LE(at + offset)), at + offset);
      else copy.writeUInt32LE(value(copy.readUInt32LE(at + offset)) >>> 0, at + offset);
      return copy;
    };
    expect(await refusal(zip)).toBeUndefined();
    expect(await refusal(changed(8, (f) => f | 1, 2))).toEqual({ kind: 'unsupported-entry', name: 'a' });
    expect(await refusal(changed(10, () => 12, 2))).toEqual({ kind: 'unsupported-entry', name: 'a' });
    expect(await refusal(changed(24, (n) => n + 1, 4))).toEqual({ kind: 'entry-damaged', name: 'a' });
    // yauzl checks lengths, not CRCs: this one is caught by Fieldkit's own check.
    expect(await refusal(changed(16, (c) => c ^ 1, 4))).toEqual({ kind: 'entry-damaged', name: 'a' });
  });

  it('refuses a truncated file, a file with bytes after its end, and a file that is no zip', async () => {
    const zip = await writeZip(ENTRIES, AT);
    expect(await refusal(zip.subarray(0, 10))).toEqual({ kind: 'too-short' });
    expect(await refusal(zip.subarray(0, zip.length - 5))).toEqual({ kind: 'no-end' });
    expect(await refusal(Buffer.concat([zip, Buffer.from('more')]))).toEqual({ kind: 'no-end' });
    expect(await refusal(Buffer.from('-----BEGIN CERTIFICATE-----\nnot a zip\n'))).toEqual({ kind: 'no-end' });
    // The directory claims more entries than it holds.
    const short = Buffer.from(zip);
    short.writeUInt16LE(ENTRIES.length + 1, short.length - 12);
    short.writeUInt16LE(ENTRIES.length + 1, short.length - 14);
    expect(await refusal(short)).toEqual({ kind: 'directory-damaged' });
  });

  it('refuses ZIP64, which Fieldkit never writes, in an entry or at the end', async () => {
    const zip64 = async (entryLevel: boolean) => {
      const z = new yazl.ZipFile();
      z.addBuffer(Buffer.from('hi'), 'a', { forceZip64Format: entryLevel });
      z.end({ forceZip64Format: !entryLevel, comment: '' });
      return buffer(z.outputStream);
    };
    expect(await refusal(await zip64(true))).toEqual({ kind: 'zip64' });
    expect(await refusal(await zip64(false))).toEqual({ kind: 'zip64' });
  });

  it("words a refusal the way the file's owner calls the file", async () => {
    const err = await readZip(Buffer.from('PK'), LIMITS).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'The file is too short to be a zip file.' });
    const many = await writeZip(
      Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: 'x' })),
      AT,
    );
    await expect(readZip(many, LIMITS, { a: 'a site pack', the: 'the pack' })).rejects.toThrow(
      /^The pack holds 11 files; a site pack holds at most 10\.$/,
    );
  });
});
