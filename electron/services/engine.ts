import { join } from 'node:path';
import { BundleSession } from './certificates/bundle-session.ts';
import { CertPushHistory } from './certificates/push-history.ts';
import { DiagnosticsHistory } from './diagnostics/diagnostics-history.ts';
import type { DiagnosticsEngineOptions } from './diagnostics/run-diagnostics.ts';
import { createLogger, type Logger, type LogSink } from './log/logger.ts';
import { allMigrations } from './migrations.ts';
import { ProfilesStore } from './storage/profiles-store.ts';
import { TaskRegistry } from './tasks/task-registry.ts';
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
  /**
   * Lab and test overrides for connectivity checks (host → address, high
   * ports, extra trust anchors). Never on unless passed; every run records
   * the ones it used.
   */
  diagnosticsOverrides?: Pick<
    DiagnosticsEngineOptions,
    'resolverOverrides' | 'portOverrides' | 'extraTrustAnchors' | 'dnsServers' | 'catalog'
  >;
}

export interface Engine {
  readonly dataFolder: string;
  readonly appVersion: string;
  readonly logger: Logger;
  readonly redactor: SecretRedactor;
  readonly secrets: Secrets;
  readonly settings: SettingsStore;
  readonly history: HistoryDb;
  readonly profiles: ProfilesStore;
  readonly bundles: BundleSession;
  readonly tasks: TaskRegistry;
  readonly diagnosticsHistory: DiagnosticsHistory;
  readonly pushHistory: CertPushHistory;
  readonly diagnosticsOverrides: NonNullable<EngineOptions['diagnosticsOverrides']>;
  close(): void;
}

/** Everything the app, the CLI and the tests share: one engine, no Electron. */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const redactor = new SecretRedactor();
  const logger = createLogger(redactor, opts.logSink);
  const vault =
    opts.vault ??
    (await openVault({ ...(opts.vaultService ? { service: opts.vaultService } : {}), memoryOnly: opts.memoryVault ?? false }));
  if (vault.status.backend === 'memory') logger.warn(`Secrets will not be remembered: ${vault.status.reason ?? 'no keychain'}`);
  const settings = await SettingsStore.open(opts.dataFolder);
  for (const notice of settings.notices) logger.warn(notice.message);
  const profiles = await ProfilesStore.open(opts.dataFolder);
  for (const notice of profiles.notices) logger.warn(notice.message);
  const history = openHistoryDb(join(opts.dataFolder, 'history.sqlite'), opts.migrations ?? allMigrations);
  const tasks = new TaskRegistry();
  return {
    dataFolder: opts.dataFolder,
    appVersion: opts.appVersion ?? '0.0.0',
    logger,
    redactor,
    secrets: new Secrets(vault, redactor),
    settings,
    history,
    profiles,
    bundles: new BundleSession(),
    tasks,
    diagnosticsHistory: new DiagnosticsHistory(history.db),
    pushHistory: new CertPushHistory(history.db),
    diagnosticsOverrides: opts.diagnosticsOverrides ?? {},
    close: () => {
      tasks.cancelAll();
      history.close();
    },
  };
}
