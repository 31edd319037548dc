import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipArchive } from '../../electron/services/support/zip-archive.ts';
import { realPartAvailable } from '../support/require-real-part.ts';
import { readZip } from '../support/zip-reader.ts';

const ENTRIES = [
  { name: 'about.json', data: Buffer.from(`${JSON.stringify({ a: 'x'.repeat(2000) })}\n`) },
  // Does not compress: kept as stored.
  { name: 'logs/random.bin', data: randomBytes(4096) },
  { name: 'empty.txt', data: Buffer.alloc(0) },
  { name: 'notes/Zürich ÿ.txt', data: Buffer.from('Grüße\n') },
];

describe('zip archive', () => {
  it('round-trips deflated, stored, empty and UTF-8 named entries', () => {
    const zip = zipArchive(ENTRIES, new Date(2026, 2, 2, 7, 30, 10));
    const back = readZip(zip);
    expect([...back.keys()]).toEqual(ENTRIES.map((e) => e.name));
    for (const e of ENTRIES) expect(back.get(e.name)!.equals(e.data)).toBe(true);
    expect(zip.length).toBeLessThan(ENTRIES.reduce((n, e) => n + e.data.length, 0));
  });

  it('is read by Python zipfile, CRCs, names and dates included', () => {
    const probe = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' });
    if (!realPartAvailable(probe.status === 0 ? null : 'python3 is not installed')) return;
    const dir = mkdtempSync(join(tmpdir(), 'fk-zip-'));
    try {
      const path = join(dir, 'bundle.zip');
      writeFileSync(path, zipArchive(ENTRIES, new Date(2026, 2, 2, 7, 30, 10)));
      const r = spawnSync(
        'python3',
        [
          '-c',
          'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps([[i.filename, i.file_size, list(i.date_time)] for i in z.infolist()]))',
          path,
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(ENTRIES.map((e) => [e.name, e.data.length, [2026, 3, 2, 7, 30, 10]]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
