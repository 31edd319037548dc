import type { VaultStatus } from '../../../shared/schemas/secrets.ts';
import type { Vault } from './vault.ts';

/** Secrets for this session only, used when no keychain is available. Never written anywhere. */
export class MemoryVault implements Vault {
  readonly status: VaultStatus;
  private readonly values = new Map<string, string>();

  constructor(reason: string) {
    this.status = { backend: 'memory', persistent: false, reason };
  }

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.values.get(account) ?? null);
  }

  set(account: string, value: string): Promise<void> {
    this.values.set(account, value);
    return Promise.resolve();
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.values.delete(account));
  }
}
