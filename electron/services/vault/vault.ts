import type { SecretRef, VaultStatus } from '../../../shared/schemas/secrets.ts';

/** The small surface Fieldkit needs from a credential store, so keytar can be swapped for another keychain binding. */
export interface Vault {
  readonly status: VaultStatus;
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export const DEFAULT_VAULT_SERVICE = 'Fieldkit';

/** The keychain account for a secret: derived from its kind and profile so the renderer cannot address anything else. */
export function accountFor(ref: SecretRef): string {
  return `${ref.kind}:${ref.profileId}`;
}
