import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZip, writeZip, ZipDamaged } from '../../electron/services/packs/zip-archive.ts';

const LIMITS = { maxEntries: 10, maxTotalBytes: 1024 * 1024 };
const AT = new Date('2026-01-02T03:04:06Z');

/** A zip whose one entry has the given name: the names a hostile archive would use. */
function named(name: string): Buffer {
  const zip = writeZip([{ name: 'x'.repeat(name.length), data: Buffer.from('hi') }], AT);
  // The name appears twice (local header, central directory); both are replaced, so only the name is hostile.
  const marker = Buffer.from('x'.repeat(name.length));
  let at = zip.indexOf(marker);
  while (at >= 0) {
    Buffer.from(name).copy(zip, at);
    at = zip.indexOf(marker, at + 1);
  }
  return zip;
}

describe('the site pack zip container', () => {
  it('reads back what it wrote, stored and deflated, and other tools read it too', () => {
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}') },
      { name: 'certificates/s1/cert.pem', data: Buffer.from('-----BEGIN CERTIFICATE-----\n'.repeat(50)) },
      { name: 'empty', data: Buffer.alloc(0) },
    ];
    const zip = writeZip(entries, AT);
    expect(readZip(zip, LIMITS)).toEqual(entries);
    const dir = mkdtempSync(join(tmpdir(), 'fk-zip-'));
    try {
      writeFileSync(join(dir, 'p.zip'), zip);
      let listing = '';
      try {
        listing = execFileSync('unzip', ['-t', join(dir, 'p.zip')], { encoding: 'utf8' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // No unzip on this machine: the round trip above stands.
        throw err;
      }
      expect(listing).toMatch(/No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['../evil', '/etc/passwd', 'a/../../b', 'a\\b', 'a//b', './a'])('refuses the entry name %j', (name) => {
    expect(() => readZip(named(name), LIMITS)).toThrow(ZipDamaged);
  });

  it('refuses two entries of one name, too many entries, and more bytes than allowed', () => {
    const twice = writeZip(
      [
        { name: 'a', data: Buffer.from('1') },
        { name: 'a', data: Buffer.from('2') },
      ],
      AT,
    );
    expect(() => readZip(twice, LIMITS)).toThrow(/does not accept/);
    const many = writeZip(
      Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })),
      AT,
    );
    expect(() => readZip(many, LIMITS)).toThrow(/at most 10/);
    // A small file that inflates to 2 MiB: refused from the directory's sizes, before inflating.
    const bomb = writeZip([{ name: 'zeros', data: Buffer.alloc(2 * 1024 * 1024) }], AT);
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => readZip(bomb, LIMITS)).toThrow(/more than/);
  });

  it('refuses an encrypted entry and a size that lies', () => {
    const zip = writeZip([{ name: 'a', data: Buffer.from('hello hello hello hello hello') }], AT);
    const encrypted = Buffer.from(zip);
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    encrypted.writeUInt16LE(encrypted.readUInt16LE(central + 8) | 1, central + 8);
    expect(() => readZip(encrypted, LIMITS)).toThrow(/stored in a way/);
    const lying = Buffer.from(zip);
    lying.writeUInt32LE(lying.readUInt32LE(central + 24) + 1, central + 24);
    expect(() => readZip(lying, LIMITS)).toThrow(/damaged/);
  });
});
