import { createRequire } from 'node:module';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { VaultStatus } from '../../../shared/schemas/secrets.ts';
import type { Vault } from './vault.ts';

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** The OS keychain through keytar (Keychain on macOS, Credential Manager on Windows, Secret Service on Linux). */
export class KeytarVault implements Vault {
  readonly status: VaultStatus = { backend: 'keychain', persistent: true };

  private readonly keytar: KeytarApi;
  private readonly service: string;

  constructor(keytar: KeytarApi, service: string) {
    this.keytar = keytar;
    this.service = service;
  }

  async get(account: string): Promise<string | null> {
    return this.guard(() => this.keytar.getPassword(this.service, account));
  }

  async set(account: string, value: string): Promise<void> {
    await this.guard(() => this.keytar.setPassword(this.service, account, value));
  }

  async delete(account: string): Promise<boolean> {
    return this.guard(() => this.keytar.deletePassword(this.service, account));
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      // keytar's messages describe the keychain, never the secret, so they are safe to pass on.
      throw new FieldkitError('VAULT_FAILED', `The keychain refused the operation: ${describe(err)}`, { cause: err });
    }
  }
}

/**
 * Loads keytar and proves the keychain answers. Returns the reason in plain
 * words when it does not, so the app can say why secrets won't be remembered.
 */
export async function openKeytar(): Promise<{ keytar: KeytarApi } | { reason: string }> {
  let keytar: KeytarApi;
  try {
    const require = createRequire(import.meta.url);
    keytar = require('keytar') as KeytarApi;
  } catch (err) {
    return { reason: `The keychain library could not be loaded (${describe(err)}). On Linux install libsecret.` };
  }
  try {
    await keytar.findCredentials('Fieldkit-probe');
    return { keytar };
  } catch (err) {
    return { reason: explainKeychainFailure(describe(err)) };
  }
}

export function explainKeychainFailure(detail: string): string {
  if (/D-Bus|dbus|org\.freedesktop\.secrets|ServiceUnknown/i.test(detail)) {
    return `No Secret Service answered on the session bus (${detail}). Install and unlock GNOME Keyring or KWallet to have secrets remembered.`;
  }
  return `The keychain did not answer (${detail}).`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
