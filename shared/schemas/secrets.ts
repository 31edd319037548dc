import { z } from 'zod';

/** What a secret belongs to. The keychain account is derived from it, never chosen by the renderer. */
export const SecretKind = z.enum([
  'appliance-password',
  'proxy-password',
  'pfx-passphrase',
  // A notification channel's webhook URL, routing key or password; and a signed webhook's HMAC key.
  'notification-secret',
  'notification-signing-key',
]);
export type SecretKind = z.infer<typeof SecretKind>;

export const ProfileId = z
  .string()
  .min(1, 'A profile id is required.')
  .max(64, 'A profile id is at most 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A profile id uses letters, digits, dot, dash and underscore, and starts with a letter or digit.');

export const SecretRef = z.strictObject({ kind: SecretKind, profileId: ProfileId });
export type SecretRef = z.infer<typeof SecretRef>;

export const SecretValue = z
  .string()
  .min(1, 'The secret is empty: type it in before saving.')
  .max(8192, 'The secret is longer than 8192 characters.');

export const SecretState = z.strictObject({ ref: SecretRef, saved: z.boolean() });
export type SecretState = z.infer<typeof SecretState>;

export const VaultStatus = z.strictObject({
  backend: z.enum(['keychain', 'memory']),
  persistent: z.boolean(),
  /** Why the keychain is not in use, in plain words. Present only for the memory backend. */
  reason: z.string().optional(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;
