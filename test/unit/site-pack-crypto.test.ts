import { describe, expect, it } from 'vitest';
import { open, SCRYPT_PARAMS, seal, SealedSecrets } from '../../electron/services/packs/pack-crypto.ts';

const AAD = Buffer.from('{"format":"fieldkit-site-pack"}');

describe('sealing a site pack secrets', () => {
  it('opens with the passphrase and the same manifest, and with nothing else', async () => {
    const plain = Buffer.from('{"secrets":[]}');
    const sealed = await seal(plain, 'correct horse battery staple', AAD);
    expect(SealedSecrets.parse(sealed)).toEqual(sealed);
    expect(sealed.kdf).toMatchObject({ name: 'scrypt', ...SCRYPT_PARAMS });
    expect(await open(sealed, 'correct horse battery staple', AAD)).toEqual(plain);
    expect(await open(sealed, 'correct horse battery stapler', AAD)).toBeUndefined();
    expect(await open(sealed, 'correct horse battery staple', Buffer.from('{"format":"other"}'))).toBeUndefined();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(await open({ ...sealed, ciphertext: flipped.toString('base64') }, 'correct horse battery staple', AAD)).toBeUndefined();
  });

  it('uses a new salt and nonce every time', async () => {
    const a = await seal(Buffer.from('x'), 'correct horse battery staple', AAD);
    const b = await seal(Buffer.from('x'), 'correct horse battery staple', AAD);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.nonce).not.toBe(b.nonce);
  });

  it('accepts only format 1 key derivation parameters: a pack cannot ask for gigabytes', async () => {
    const sealed = await seal(Buffer.from('x'), 'correct horse battery staple', AAD);
    expect(SealedSecrets.safeParse({ ...sealed, kdf: { ...sealed.kdf, N: 2 ** 24 } }).success).toBe(false);
    expect(SealedSecrets.safeParse({ ...sealed, nonce: Buffer.alloc(8).toString('base64') }).success).toBe(false);
  });
});
