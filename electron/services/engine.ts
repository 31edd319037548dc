import { arch, release, version as osVersion } from 'node:os';
import { join } from 'node:path';
import type { FailureInfo } from '../../shared/schemas/certificates.ts';
import type { Settings, SettingsPatch, StorageNotice } from '../../shared/schemas/settings.ts';
import type { VaultStatus } from '../../shared/schemas/secrets.ts';
import { BundleSession } from './certificates/bundle-session.ts';
import type { GrantedFile } from '../../shared/schemas/files.ts';
import { FileGrants, type FileRef } from './files/file-grants.ts';
import { readCaFile } from './network/trust-store.ts';
import { createCertificatesApi, type CertificatesApi, type CertificatesDeps } from './certificates/certificates-api.ts';
import { CertPushHistory } from './certificates/push-history.ts';
import { createDiagnosticsApi, type DiagnosticsApi } from './diagnostics/diagnostics-api.ts';
import { DiagnosticsHistory } from './diagnostics/diagnostics-history.ts';
import type { DiagnosticsEngineOptions } from './diagnostics/run-diagnostics.ts';
import { failureInfo } from './nitro/nitro-failure.ts';
import { createProfilesApi, type ProfilesApi } from './profiles/saved-profiles.ts';
import { resolveDataFolder } from './storage/data-folder.ts';
import { createLogger, LogLevelSwitch, type Logger, type LogLevel, type LogSink } from './log/logger.ts';
import { logFilesIn, RotatingLogFile } from './log/rotating-log-file.ts';
import { allMigrations } from './migrations.ts';
import { ProfilesStore } from './storage/profiles-store.ts';
import { TaskRegistry } from './tasks/task-registry.ts';
import { createAllowlistApi, type AllowlistApi, type AllowlistDeps } from './allowlist/allowlist-api.ts';
import { AllowlistStore } from './allowlist/allowlist-store.ts';
import { allowlistRateLimiter } from './allowlist/rate-limiter.ts';
import { createNotificationsApi, type NotificationsApi, type NotificationsOverrides } from './notifications/notifications-api.ts';
import type { DesktopSink } from './notifications/channel-delivery.ts';
import { NotificationOutbox } from './notifications/notification-outbox.ts';
import { NotificationsStore } from './notifications/notifications-store.ts';
import { createPacksApi, type PacksApi } from './packs/packs-api.ts';
import { createSitesApi, type SitesApi } from './sites/sites-api.ts';
import { checkSite } from './cloud-connect/site-check.ts';
import { createStatusMonitor, type CloudConnectApi } from './cloud-connect/status-monitor.ts';
import { StatusStore } from './cloud-connect/status-store.ts';
import type { StatusNotification } from '../../shared/schemas/cloud-connect-status.ts';
import { SitesStore } from './sites/sites-store.ts';
import { SyncHistory } from './syncs/sync-history.ts';
import { createSyncsApi, type SyncsApi } from './syncs/syncs-api.ts';
import type { SourceWatchOptions } from './syncs/source-watch.ts';
import { redactingDatabase } from './log/redacting-database.ts';
import { SecretRedactor } from './log/secret-redactor.ts';
import { openHistoryDb, type MigrationSet } from './storage/history-db.ts';
import { LOGS_FOLDER, preparePrivateFolder } from './storage/private-folder.ts';
import { SettingsStore } from './storage/settings-store.ts';
import { createSupportApi, type SupportApi } from './support/support-api.ts';
import { OutboxStatus } from '../../shared/schemas/notifications.ts';
import type { SecretRef } from '../../shared/schemas/secrets.ts';
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
  /** The log file in the data folder's logs/: `app` (the default) or `cli`, so the two never rotate each other's file. */
  logName?: string;
  /** The least severe level logged at the start; the user can raise it for the session (engine.support.setLogLevel). */
  logLevel?: LogLevel;
  /** The Electron version, given by the app's main process; absent in the CLI. */
  electronVersion?: string;
  /** The CLI's, which has already registered the secrets it read from its environment; otherwise a new one. */
  redactor?: SecretRedactor;
  /** Feature tables for the history database. */
  migrations?: MigrationSet[];
  appVersion?: string;
  /** Watch every saved sync's source while the engine is open (the app); the CLI watches only when asked. */
  watchSyncs?: boolean | SourceWatchOptions;
  /** Run the Cloud Connect status schedule while the engine is open (the app); the CLI runs it only for `watch`. */
  watchCloudConnect?: boolean;
  /** The status monitor's clock and timer (tests), and where its notifications go (the outbox); by default they are only logged. */
  cloudConnectMonitor?: {
    now?: () => Date;
    tickMs?: number;
    notify?: (notification: StatusNotification) => void;
  };
  /** Lab and test overrides for allowlist fetches (roots treated as public, short waits). Never on unless passed. */
  allowlistOverrides?: Pick<AllowlistDeps, 'connection' | 'fetch'>;
  /**
   * Lab and test overrides for connectivity checks (host → address, high
   * ports, extra trust anchors). Never on unless passed; every run records
   * the ones it used.
   */
  diagnosticsOverrides?: Pick<
    DiagnosticsEngineOptions,
    'resolverOverrides' | 'portOverrides' | 'extraTrustAnchors' | 'dnsServers' | 'catalog'
  >;
  /** Cloud Connect status notifications: where a desktop notification is shown, and whether the outbox runs in the background. */
  notifications?: {
    /** Deliver queued notifications while the engine is open (the app; `fieldkit cloudconnect watch` starts it itself). */
    deliver?: boolean | { intervalMs?: number };
    /** Shows a desktop notification (the app's main process); without one they are logged. */
    desktop?: DesktopSink;
    /** Lab and test overrides (roots treated as public, PagerDuty's address, timeouts). Never on unless passed. */
    overrides?: NotificationsOverrides;
    /** A test's clock and jitter. */
    now?: () => Date;
    random?: () => number;
  };
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  vault: VaultStatus;
}

export interface SettingsApi {
  get(): Settings;
  update(patch: SettingsPatch): Promise<Settings>;
  /** What the data folder needs the user to know (a corrupt file moved aside, a file from a newer version, a folder others can read). */
  readonly notices: StorageNotice[];
}

/**
 * Everything the app, the CLI and the tests share: one engine, no Electron.
 * Every use case is a method here; an IPC handler or a CLI command validates
 * its input, calls one of them, and presents the result.
 */
export interface Engine {
  readonly dataFolder: string;
  info(): AppInfo;
  readonly settings: SettingsApi;
  readonly secrets: Secrets;
  readonly profiles: ProfilesApi;
  readonly diagnostics: DiagnosticsApi;
  readonly certificates: CertificatesApi;
  /** Saved syncs: a certificate source on disk pushed to saved appliances whenever it is renewed. */
  readonly syncs: SyncsApi;
  /** The Citrix Cloud connectivity allowlist: fetched versions kept for offline use, compared and exported. */
  readonly allowlist: AllowlistApi;
  /** Cloud Connect sites: one Console each, with its region, CCID, service URL, proxy and onboarding progress; one is active. */
  readonly sites: SitesApi;
  /** Cloud Connect status notifications: channels (secrets in the keychain), "Send test", and the outbox that delivers each once. */
  readonly notifications: NotificationsApi;
  /** The Cloud Connect status monitor: every site's state, refreshes on a schedule and on demand, the event log, notifications. */
  readonly cloudConnect: CloudConnectApi;
  /** Support bundles (a zip free of secrets that tells the story of a problem) and the session's log level. */
  readonly support: SupportApi;
  /** Site packs: sites and their profiles, syncs, channels and allowlist versions in one file, secrets sealed with a passphrase. */
  readonly packs: PacksApi;
  /** A file the user chose in the app (a dialog, a drop) becomes a token the window may hand back; see files/file-grants.ts. */
  grantFile(path: string): GrantedFile;
  /** The CA certificates (PEM) in a file the user chose, for a proxy profile's trust: certificates are public, the path is not shown. */
  readCaCertificates(file: FileRef): Promise<{ name: string; certificates: string[] }>;
  /** Asks a running task (started with a taskId) to stop at its next safe point; false when none runs under that id. */
  cancelTask(taskId: string): boolean;
  /** Long work running now (pushes, checks), with or without a task id: the app asks before quitting while there is any. */
  readonly runningTasks: number;
  /**
   * Interrupts all running work and resolves when it has stopped: a push starts no further appliance, undoes
   * what it applied on the ones in progress, logs out and records them as interrupted. For quitting the app.
   */
  interruptAll(): Promise<void>;
  /** Any error as a result row (code, message, hint, NITRO step and errorcode); the adapters' output scrubs it like everything else. */
  describeFailure(err: unknown): FailureInfo;
  /** For the adapters' own reports: every line is scrubbed of secrets the engine has seen. */
  readonly logger: Logger;
  readonly redactor: SecretRedactor;
  close(): void;
}

/** Everything the app, the CLI and the tests share: one engine, no Electron. */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const redactor = opts.redactor ?? new SecretRedactor();
  const logLevels = new LogLevelSwitch(opts.logLevel);
  const logFile = new RotatingLogFile({ folder: join(opts.dataFolder, LOGS_FOLDER), name: opts.logName ?? 'app' });
  const logger = createLogger(redactor, opts.logSink, { file: logFile, levels: logLevels });
  const vault =
    opts.vault ??
    (await openVault({ ...(opts.vaultService ? { service: opts.vaultService } : {}), memoryOnly: opts.memoryVault ?? false }));
  // Only a keychain that was wanted and did not answer is news; FIELDKIT_VAULT=memory is the user's own choice.
  if (vault.status.backend === 'memory' && !opts.memoryVault) {
    logger.warn(`Secrets will not be remembered: ${vault.status.reason ?? 'no keychain'}`);
  }
  const folder = await preparePrivateFolder(opts.dataFolder);
  for (const path of folder.tightened) logger.info(`Made ${path} private to this user`);
  for (const notice of folder.notices) logger.warn(notice.message);
  const settings = await SettingsStore.open(opts.dataFolder);
  for (const notice of settings.notices) logger.warn(notice.message);
  const profilesStore = await ProfilesStore.open(opts.dataFolder);
  for (const notice of profilesStore.notices) logger.warn(notice.message);
  const sitesStore = await SitesStore.open(opts.dataFolder);
  for (const notice of sitesStore.notices) logger.warn(notice.message);
  const notificationsStore = await NotificationsStore.open(opts.dataFolder);
  for (const notice of notificationsStore.notices) logger.warn(notice.message);
  const history = openHistoryDb(join(opts.dataFolder, 'history.sqlite'), opts.migrations ?? allMigrations);
  for (const notice of history.notices) logger.warn(notice.message);
  // Every history row, whichever feature writes it, is scrubbed in this one place.
  const historyDb = redactingDatabase(history.db, redactor);
  const tasks = new TaskRegistry();
  const bundles = new BundleSession();
  const secrets = new Secrets(vault, redactor);
  const profiles = createProfilesApi(profilesStore, secrets);
  const appVersion = opts.appVersion ?? '0.0.0';
  const files = new FileGrants();
  const pushHistory = new CertPushHistory(historyDb);
  const certificatesDeps: Omit<CertificatesDeps, 'bundles'> = {
    appliances: profiles.appliances,
    files,
    history: pushHistory,
    tasks,
    redactor,
    // Syncs are made below, from these same deps: asked only when the expiry view is read.
    syncCoverage: () => syncs.coverage(),
  };
  const syncHistory = new SyncHistory(historyDb);
  const syncs = createSyncsApi({
    store: profilesStore,
    files,
    secrets,
    history: syncHistory,
    pushHistory,
    appliances: profiles.appliances,
    openCertificates: () => {
      const own = new BundleSession();
      return { certificates: createCertificatesApi({ ...certificatesDeps, bundles: own }), discard: (id) => own.end(id, 'replaced') };
    },
  });
  if (opts.watchSyncs) {
    await syncs.startBackgroundWatch({
      ...(typeof opts.watchSyncs === 'object' ? opts.watchSyncs : {}),
      onEvent: (e) => logger.area('syncs').info(`Sync ${e.syncName}: ${e.message}`),
    });
  }
  const allowlistStore = new AllowlistStore(historyDb);
  const allowlist = createAllowlistApi({
    store: allowlistStore,
    limiter: allowlistRateLimiter(opts.dataFolder),
    proxies: profiles.proxies,
    redactor,
    tasks,
    ...opts.allowlistOverrides,
  });
  const sites = createSitesApi({
    store: sitesStore,
    proxies: profiles.proxies,
    ...(opts.diagnosticsOverrides?.catalog ? { catalog: opts.diagnosticsOverrides.catalog } : {}),
  });
  const notifyOptions = opts.notifications ?? {};
  const notifications = createNotificationsApi({
    store: notificationsStore,
    outbox: new NotificationOutbox(historyDb),
    secrets,
    redactor,
    proxies: profiles.proxies,
    logger: logger.area('notifications'),
    desktop: notifyOptions.desktop,
    ...(notifyOptions.now ? { now: notifyOptions.now } : {}),
    ...(notifyOptions.random ? { random: notifyOptions.random } : {}),
    ...(notifyOptions.overrides ? { overrides: notifyOptions.overrides } : {}),
  });
  const packs = createPacksApi({
    dataFolder: opts.dataFolder,
    appVersion,
    sites: sitesStore,
    profiles: profilesStore,
    notifications: notificationsStore,
    allowlist: allowlistStore,
    secrets,
    redactor,
    files,
    now: () => new Date(),
  });
  if (notifyOptions.deliver) notifications.startDelivery(typeof notifyOptions.deliver === 'object' ? notifyOptions.deliver : {});
  const diagnostics = createDiagnosticsApi({
    proxies: profiles.proxies,
    history: new DiagnosticsHistory(historyDb),
    tasks,
    redactor,
    logger: logger.area('diagnostics'),
    files,
    overrides: opts.diagnosticsOverrides ?? {},
    allowlistVersion: (versionId) => {
      // The newest is the one versions() names, after it has put the baseline in on a first start.
      const id = versionId ?? allowlist.versions().current?.version.id;
      const document = allowlist.document({ versionId: id });
      const info = id === undefined ? undefined : allowlistStore.info(id);
      if (!info) throw new Error('No allowlist version is stored.');
      return { info, document };
    },
  });
  const monitorOptions = opts.cloudConnectMonitor ?? {};
  const now = monitorOptions.now ?? (() => new Date());
  const cloudConnect = createStatusMonitor({
    sites,
    store: new StatusStore(historyDb),
    refreshSite: (site, task, proxyPassword) => checkSite(site, { diagnostics, proxies: profiles.proxies, now }, task, proxyPassword),
    refreshIntervalHours: () => settings.get().cloudConnect.refreshIntervalHours,
    notify: (n) => {
      logger.info(`Cloud Connect: ${n.summary}`);
      notifications.enqueueNow(n);
      monitorOptions.notify?.(n);
    },
    tasks,
    logger,
    now,
    ...(monitorOptions.tickMs !== undefined ? { tickMs: monitorOptions.tickMs } : {}),
  });
  if (opts.watchCloudConnect) cloudConnect.start();
  const certificates = createCertificatesApi({ ...certificatesDeps, bundles });
  const support = createSupportApi({
    redactor,
    levels: logLevels,
    logger: logger.area('support'),
    sources: {
      about: () => ({
        fieldkit: appVersion,
        electron: opts.electronVersion ?? 'not the app: the fieldkit command line',
        node: process.versions.node,
        os: { platform: process.platform, release: release(), version: osVersion(), arch: arch() },
        keychain: secrets.vaultStatus,
        dataFolderNotices: [...folder.notices, ...settings.notices, ...profilesStore.notices, ...history.notices],
      }),
      settings: () => settings.get(),
      profiles: async () => ({
        proxies: await profiles.proxies.list(),
        appliances: await profiles.appliances.list(),
        sites: await sites.list(),
        notificationChannels: await notifications.channels(),
        syncs: await syncs.list(),
      }),
      diagnosticRuns: (limit) => diagnostics.history({ limit }),
      exportRun: (runId, format) => diagnostics.export({ runId, format }),
      cloudConnectEvents: (limit) => cloudConnect.events({ limit }),
      outbox: (limit) => notifications.outbox({ statuses: OutboxStatus.options, limit }),
      pushes: (limit) => certificates.history({ limit }),
      syncRuns: (limit) => syncHistory.recentRuns(limit),
      allowlistVersions: () => allowlist.versions(),
      logFiles: () => logFilesIn(logFile.folder),
    },
    async rememberSavedSecrets() {
      // A keychain that refuses (locked, gone) leaves the redaction pass its patterns; the bundle is still written.
      const refs = async <T>(list: () => Promise<T[]>, toRefs: (item: T) => SecretRef[]) => (await list().catch(() => [])).flatMap(toRefs);
      const all = [
        ...(await refs(
          () => profiles.proxies.list(),
          (p) => [{ kind: 'proxy-password', profileId: p.profile.id }],
        )),
        ...(await refs(
          () => profiles.appliances.list(),
          (p) => [{ kind: 'appliance-password', profileId: p.profile.id }],
        )),
        ...(await refs(
          () => notifications.channels(),
          (c) => [
            { kind: 'notification-secret', profileId: c.channel.id },
            { kind: 'notification-signing-key', profileId: c.channel.id },
          ],
        )),
        ...(await refs(
          () => syncs.list(),
          (sync) => [{ kind: 'pfx-passphrase', profileId: sync.id }],
        )),
      ];
      for (const ref of all) await secrets.reveal(ref).catch(() => null);
    },
  });
  return {
    dataFolder: opts.dataFolder,
    info: () => ({ name: 'Fieldkit', version: appVersion, platform: process.platform, vault: secrets.vaultStatus }),
    settings: {
      get: () => settings.get(),
      update: (patch) => settings.update(patch),
      get notices() {
        return [
          ...folder.notices,
          ...settings.notices,
          ...profilesStore.notices,
          ...sitesStore.notices,
          ...notificationsStore.notices,
          ...history.notices,
        ];
      },
    },
    secrets,
    profiles,
    diagnostics,
    certificates,
    syncs,
    allowlist,
    sites,
    notifications,
    cloudConnect,
    support,
    packs,
    grantFile: (path) => files.grant(path),
    readCaCertificates: async (file) => {
      const { path, name } = files.resolve(file, 'file');
      return { name, certificates: (await readCaFile(path, 'file')).map((c) => c.pem) };
    },
    cancelTask: (taskId) => tasks.cancel(taskId),
    get runningTasks() {
      return tasks.size;
    },
    interruptAll: () => tasks.interruptAll(),
    describeFailure: (err) => failureInfo(err),
    logger,
    redactor,
    close: () => {
      void syncs.stopBackgroundWatch();
      void notifications.stopDelivery();
      void cloudConnect.stop();
      tasks.cancelAll();
      bundles.clear();
      history.close();
    },
  };
}

/**
 * The engine the CLI opens: the data folder from FIELDKIT_HOME or the platform
 * default, secrets in memory only when FIELDKIT_VAULT=memory.
 */
export function openEngineFromEnvironment(
  env: NodeJS.ProcessEnv,
  opts: { appVersion: string; logSink?: LogSink; redactor?: SecretRedactor; logLevel?: LogLevel },
): Promise<Engine> {
  return createEngine({
    dataFolder: resolveDataFolder(env),
    appVersion: opts.appVersion,
    logName: 'cli',
    ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
    memoryVault: env['FIELDKIT_VAULT'] === 'memory',
    migrations: allMigrations,
    ...(opts.logSink ? { logSink: opts.logSink } : {}),
    ...(opts.redactor ? { redactor: opts.redactor } : {}),
  });
}

export type { DiagnosticsCheckInput, DiagnosticsProxy, LabOverrides } from './diagnostics/diagnostics-api.ts';
export type { FileRef } from './files/file-grants.ts';
export type { ApplianceRef, BundleFileRefs, PlanOutcome } from './certificates/certificates-api.ts';
export type { TaskControl } from './tasks/task-control.ts';
export type { SupportApi } from './support/support-api.ts';
export type {
  AllowlistCurrent,
  AllowlistExport,
  AllowlistExportInput,
  AllowlistFetchInput,
  AllowlistFetchResult,
} from './allowlist/allowlist-api.ts';
export type { CloudConnectApi, MonitorActivity } from './cloud-connect/status-monitor.ts';
export type { PackExportInput, PackImportInput } from './packs/packs-api.ts';
export type { SyncCoverage, SyncSaveInput, SyncSourceRefs } from './syncs/syncs-api.ts';
export { SecretRedactor } from './log/secret-redactor.ts';
export { DEFAULT_FLEET_CONCURRENCY } from './certificates/fleet-push.ts';
