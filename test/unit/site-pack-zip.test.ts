import { describe, expect, it } from 'vitest';
import { writeZip } from '../../electron/services/files/zip-file.ts';
import { openPack, PACK_LIMITS } from '../../electron/services/packs/pack-reader.ts';

/**
 * The zip container of a site pack is refused in the pack's own words, the
 * ones an admin has seen since format 1; the zip checks themselves are proved
 * in zip-file.test.ts.
 */

const AT = new Date('2026-01-02T03:04:06Z');

async function refusedWith(zip: Buffer): Promise<string> {
  const err = await openPack(zip).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'PACK_DAMAGED' });
  return (err as Error).message;
}

describe('the site pack zip container', () => {
  it('says a short, cut or foreign file is not a site pack', async () => {
    const zip = await writeZip([{ name: 'manifest.json', data: '{}' }], AT);
    expect(await refusedWith(zip.subarray(0, 10))).toBe('The file is too short to be a site pack.');
    expect(await refusedWith(zip.subarray(0, zip.length - 1))).toBe(
      'The file does not end like a site pack: it is incomplete (cut short while copying?) or not a site pack.',
    );
  });

  it('says which file of the pack is damaged, stored oddly or named oddly', async () => {
    const zip = await writeZip([{ name: 'sites.json', data: 'hello hello hello hello' }], AT);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const lying = Buffer.from(zip);
    lying.writeUInt32LE(lying.readUInt32LE(central + 24) + 1, central + 24);
    expect(await refusedWith(lying)).toBe('The pack\'s file "sites.json" is damaged.');
    const encrypted = Buffer.from(zip);
    encrypted.writeUInt16LE(encrypted.readUInt16LE(central + 8) | 1, central + 8);
    expect(await refusedWith(encrypted)).toBe('The pack\'s file "sites.json" is stored in a way Fieldkit does not write.');
    const twice = await writeZip(
      [
        { name: 'a', data: '1' },
        { name: 'a', data: '2' },
      ],
      AT,
    );
    expect(await refusedWith(twice)).toBe('The pack names a file in a way Fieldkit does not accept.');
  });

  it('says how many files a site pack may hold and how large it may unpack', async () => {
    const many = await writeZip(
      Array.from({ length: PACK_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}`, data: '' })),
      AT,
    );
    expect(await refusedWith(many)).toBe(
      `The pack holds ${PACK_LIMITS.maxEntries + 1} files; a site pack holds at most ${PACK_LIMITS.maxEntries}.`,
    );
    const big = await writeZip([{ name: 'sites.json', data: 'x' }], AT);
    const central = big.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    big.writeUInt32LE(PACK_LIMITS.maxTotalBytes + 1, central + 24);
    expect(await refusedWith(big)).toMatch(/^The pack's file "sites\.json" unpacks to more than \d+ bytes\.$/);
  });
});
