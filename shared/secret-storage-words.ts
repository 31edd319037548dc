import type { VaultStatus } from './schemas/secrets.ts';

/**
 * Where a secret just saved really is, said from the vault's status: without a
 * keychain (FIELDKIT_VAULT=memory, or none answers) a secret lives only as long
 * as the process, and a message that says "saved" would promise the next run
 * something it will not find. The CLI's process ends with the command; the app's
 * with the window.
 */
export function whereSecretsAreKept(vault: Pick<VaultStatus, 'persistent'>, runsAs: 'cli' | 'app'): string {
  if (vault.persistent) return "in this computer's keychain";
  return runsAs === 'cli'
    ? 'in the memory of this process only (no keychain: it is gone when the command ends)'
    : 'in memory for this session only (no keychain: it is gone when Fieldkit closes)';
}
