import { KeytarVault, openKeytar } from './keytar-vault.ts';
import { MemoryVault } from './memory-vault.ts';
import { DEFAULT_VAULT_SERVICE, type Vault } from './vault.ts';

export interface OpenVaultOptions {
  service?: string;
  /** Skip the keychain on purpose (FIELDKIT_VAULT=memory), for example on a shared support machine. */
  memoryOnly?: boolean;
}

/** The keychain when one answers; otherwise a session-only vault that says plainly why. Never a plaintext file. */
export async function openVault(opts: OpenVaultOptions = {}): Promise<Vault> {
  if (opts.memoryOnly) return new MemoryVault('Secrets are kept in memory for this session only, as configured (FIELDKIT_VAULT=memory).');
  const opened = await openKeytar();
  if ('reason' in opened) return new MemoryVault(opened.reason);
  return new KeytarVault(opened.keytar, opts.service ?? DEFAULT_VAULT_SERVICE);
}
