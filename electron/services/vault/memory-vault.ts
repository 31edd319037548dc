import type { VaultStatus } from '../../../shared/schemas/secrets.ts';
import type { Vault } from './vault.ts';

/** Secrets for this session only, used when no keychain is available. Never written anywhere. */
export class MemoryVault implements Vault {
  readonly status: VaultStatus;
  private readonly values = new Map<string, string>();

  constructor(reason: string) {
    this.status = { backend: 'memory', persistent: false, reason };
  }

  async get(account: string): Promise<string | null> {
    return this.values.get(account) ?? null;
  }

  async set(account: string, value: string): Promise<void> {
    this.values.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.values.delete(account);
  }
}
