import { join } from 'node:path';
import { createLogger, type Logger, type LogSink } from './log/logger.ts';
import { SecretRedactor } from './log/secret-redactor.ts';
import { openHistoryDb, type HistoryDb, type MigrationSet } from './storage/history-db.ts';
import { SettingsStore } from './storage/settings-store.ts';
import { openVault } from './vault/open-vault.ts';
import { Secrets } from './vault/secrets.ts';
import type { Vault } from './vault/vault.ts';

export interface EngineOptions {
  dataFolder: string;
  /** Give a vault directly (tests); otherwise the keychain is opened, or a session-only vault when none answers. */
  vault?: Vault;
  vaultService?: string;
  memoryVault?: boolean;
  logSink?: LogSink;
  /** Feature tables for the history database. */
  migrations?: MigrationSet[];
  appVersion?: string;
}

export interface Engine {
  readonly dataFolder: string;
  readonly appVersion: string;
  readonly logger: Logger;
  readonly redactor: SecretRedactor;
  readonly secrets: Secrets;
  readonly settings: SettingsStore;
  readonly history: HistoryDb;
  close(): void;
}

/** Everything the app, the CLI and the tests share: one engine, no Electron. */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const redactor = new SecretRedactor();
  const logger = createLogger(redactor, opts.logSink);
  const vault = opts.vault ?? (await openVault({ ...(opts.vaultService ? { service: opts.vaultService } : {}), memoryOnly: opts.memoryVault ?? false }));
  if (vault.status.backend === 'memory') logger.warn(`Secrets will not be remembered: ${vault.status.reason ?? 'no keychain'}`);
  const settings = await SettingsStore.open(opts.dataFolder);
  for (const notice of settings.notices) logger.warn(notice.message);
  const history = openHistoryDb(join(opts.dataFolder, 'history.sqlite'), opts.migrations ?? []);
  return {
    dataFolder: opts.dataFolder,
    appVersion: opts.appVersion ?? '0.0.0',
    logger,
    redactor,
    secrets: new Secrets(vault, redactor),
    settings,
    history,
    close: () => history.close(),
  };
}
