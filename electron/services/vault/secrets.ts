import type { SecretRef, SecretState } from '../../../shared/schemas/secrets.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';
import { accountFor, type Vault } from './vault.ts';

/**
 * The engine's only way to secrets. The renderer-facing calls return "saved or
 * not"; reveal() is for engine code that must use a secret (a NITRO login, a
 * proxy's Basic auth), and every revealed value is registered for redaction.
 */
export class Secrets {
  private readonly vault: Vault;
  private readonly redactor: SecretRedactor;

  constructor(vault: Vault, redactor: SecretRedactor) {
    this.vault = vault;
    this.redactor = redactor;
  }

  get vaultStatus() {
    return this.vault.status;
  }

  async status(ref: SecretRef): Promise<SecretState> {
    const value = await this.vault.get(accountFor(ref));
    if (value !== null) this.redactor.remember(value);
    return { ref, saved: value !== null };
  }

  async save(ref: SecretRef, value: string): Promise<SecretState> {
    this.redactor.remember(value);
    await this.vault.set(accountFor(ref), value);
    return { ref, saved: true };
  }

  async delete(ref: SecretRef): Promise<SecretState> {
    await this.vault.delete(accountFor(ref));
    return { ref, saved: false };
  }

  async reveal(ref: SecretRef): Promise<string | null> {
    const value = await this.vault.get(accountFor(ref));
    if (value !== null) this.redactor.remember(value);
    return value;
  }
}
