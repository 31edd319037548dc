import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';

/**
 * secrets.enc: a pack's secrets sealed with the user's passphrase, with
 * Node's crypto only. scrypt (parameters below, random 16-byte salt) derives a
 * 256-bit key; AES-256-GCM (random 12-byte nonce, 16-byte tag) seals the JSON;
 * the manifest's exact bytes are the additional authenticated data, so a pack
 * whose manifest was changed does not open. docs/site-pack-format.md.
 */

/** Format 1's parameters: about 64 MiB and a few hundred milliseconds per derivation on a laptop. */
export const SCRYPT_PARAMS = { N: 65536, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const b64 = (length: number) =>
  z
    .string()
    .max(Math.ceil(length / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((s) => Buffer.from(s, 'base64').length === length);

export const SealedSecrets = z.strictObject({
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    // Only format 1's parameters are accepted: a pack cannot make this machine spend gigabytes deriving a key.
    N: z.literal(SCRYPT_PARAMS.N),
    r: z.literal(SCRYPT_PARAMS.r),
    p: z.literal(SCRYPT_PARAMS.p),
    salt: b64(SALT_BYTES),
  }),
  cipher: z.literal('aes-256-gcm'),
  nonce: b64(NONCE_BYTES),
  tag: b64(TAG_BYTES),
  ciphertext: z
    .string()
    .max(8 * 1024 * 1024)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
});
export type SealedSecrets = z.infer<typeof SealedSecrets>;

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      KEY_BYTES,
      { ...SCRYPT_PARAMS, maxmem: 256 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function seal(plaintext: Buffer, passphrase: string, aad: Buffer): Promise<SealedSecrets> {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const key = await deriveKey(passphrase, salt);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    kdf: { name: 'scrypt', ...SCRYPT_PARAMS, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** The plaintext, or undefined when the passphrase is wrong or anything sealed (the manifest included) was changed: GCM cannot tell which. */
export async function open(sealed: SealedSecrets, passphrase: string, aad: Buffer): Promise<Buffer | undefined> {
  const key = await deriveKey(passphrase, Buffer.from(sealed.kdf.salt, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    return undefined;
  }
}
