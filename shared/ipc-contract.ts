import { z } from 'zod';
import type { ErrorInfo } from './error-catalog.ts';
import type { ChannelName, EventName, PRELOAD_ONLY_CHANNELS } from './ipc-channels.ts';
import { SecretRef, SecretState, SecretValue, VaultStatus } from './schemas/secrets.ts';
import { Settings, SettingsPatch, StorageNotice } from './schemas/settings.ts';
import {
  ApplianceHost,
  ApplianceProfile,
  BundleReport,
  ConnectionTestResult,
  FailureInfo,
  FleetSummary,
  HistoryPush,
  Inventory,
  PlanView,
  PresentedCertificate,
  PushOptions,
  RemovalOptions,
  ApprovedRemoval,
  RemovalResult,
  VserverTarget,
} from './schemas/certificates.ts';
import { FleetExpiry, FleetExpiryInput } from './schemas/certificate-expiry.ts';
import {
  AllowlistCheckSource,
  Ccid,
  DiagnosticsRun,
  ExportOptions,
  PhaseTimeouts,
  ProxyTestResult,
  RunComparison,
  RunListItem,
} from './schemas/diagnostics.ts';
import { Region } from './schemas/endpoint-catalog.ts';
import { FileDialogOptions, GrantedFile, GrantedFileRef } from './schemas/files.ts';
import { hasControlCharacter, hostOrAddress, Port, singleLine } from './schemas/network-names.ts';
import { ApplianceProfileState, ProxyProfileState, SavedProxyProfile } from './schemas/profiles.ts';
import { ProfileId, SecretValue as Password } from './schemas/secrets.ts';
import { TaskId, TaskProgress } from './schemas/tasks.ts';
import { VerifyInput, VerifyReport } from './schemas/certificate-verify.ts';
import { AnsibleExportSummary } from './schemas/ansible-export.ts';
import {
  AllowlistDiff,
  AllowlistDocument,
  AllowlistFilter,
  AllowlistQuery,
  AllowlistVersionInfo,
  CustomerId,
  ExportKind,
} from './schemas/allowlist.ts';
import { ConnectionState, SiteStatus, StatusEvent } from './schemas/cloud-connect-status.ts';
import { Site, SiteActionKind, SiteDetails, SiteId, WorkflowId } from './schemas/sites.ts';
import { ONBOARDING_STEP_IDS, PREREQUISITE_IDS } from './cloud-connect-guide.ts';
import { SyncDestination, SyncName, SyncOptions, SyncRun, SyncView } from './schemas/syncs.ts';
import { LogLevel, SupportBundleResult, SupportPreview } from './schemas/support.ts';
import {
  ConflictResolution,
  PackChoices,
  PackExportOptions,
  PackExportResult,
  PackImportResult,
  PackInspection,
  PackItemKey,
  PackPreview,
} from './schemas/site-packs.ts';
import { ChannelId, ChannelSaveInput, ChannelTestResult, ChannelView, OutboxEntry, OutboxStatus } from './schemas/notifications.ts';
import { OPENED_SITE_PACKS_MAX } from './site-pack-file.ts';

const NoInput = z.strictObject({}).optional();
const Ok = z.strictObject({ ok: z.boolean() });

/** Ids the engine made (runs, bundles: UUIDs) and catalog endpoint ids, bounded so nothing oversized is kept or echoed. */
const EngineId = z
  .string()
  .min(1)
  .max(64, 'An id is at most 64 characters.')
  .regex(/^[A-Za-z0-9-]+$/, 'An id uses letters, digits and dashes.');
const EndpointId = z
  .string()
  .min(1)
  .max(100, 'An endpoint id is at most 100 characters.')
  .regex(/^[a-z0-9-]+$/, 'An endpoint id uses lower-case letters, digits and dashes.');
const ApplianceIds = z.array(ProfileId).min(1, 'Pick at least one appliance.').max(200, 'At most 200 appliances at once.');
/** A Console service URL or host as the admin pastes it; the engine checks it against the region (endpoint-catalog.ts). */
const ServiceUrl = z
  .string()
  .trim()
  .max(300, 'The service URL is longer than 300 characters.')
  .regex(/^[A-Za-z0-9]\S*$/, 'Enter the service URL as NetScaler Console service shows it (a host name or https:// URL).')
  .refine((u) => !hasControlCharacter(u), 'The service URL contains control characters.');

/** A stored allowlist version, as the engine numbered it. */
const AllowlistVersionId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** What an allowlist export is made of; the preview and the saved file take the same. */
const AllowlistExportRequest = z.strictObject({
  versionId: AllowlistVersionId.optional(),
  kind: ExportKind,
  filter: AllowlistFilter.extend({
    services: z
      .array(singleLine('A service name', 200).regex(/[A-Za-z0-9]/, 'A service name has letters or digits.'))
      .max(1000, 'At most 1000 services.')
      .optional(),
  }).optional(),
  customerId: CustomerId.optional(),
  /** Where a PAC file sends the listed hosts. */
  pacProxy: z.union([z.literal('DIRECT'), z.strictObject({ host: hostOrAddress('The PAC proxy host'), port: Port })]).optional(),
  ipVersion: z.union([z.literal(4), z.literal(6)]).optional(),
});
/** The preview shows the first lines only; the saved file is whole. */
export const ALLOWLIST_PREVIEW_LINES = 200;

/** Where Electron says a dropped file is: an absolute path, bounded. */
const DroppedPath = z
  .string()
  .max(4096, 'The dropped file is too deep in folders.')
  .refine(
    (p) => (p.startsWith('/') || /^[A-Za-z]:\\/.test(p) || p.startsWith('\\\\')) && !hasControlCharacter(p),
    'Drop a file from your computer.',
  );

/**
 * Tokens only: the window hands back files the user chose, never a path, and
 * never reads a private key; the engine does.
 */
const BundleFiles = z.union([
  z.strictObject({ cert: GrantedFileRef, key: GrantedFileRef, chain: GrantedFileRef.optional() }),
  z.strictObject({ pfx: GrantedFileRef }),
]);

/** A sync's source as the window gives it: files the user chose, as tokens. */
const SyncSourceFiles = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pem'), cert: GrantedFileRef, key: GrantedFileRef, chain: GrantedFileRef.optional() }),
  z.strictObject({ kind: z.literal('pfx'), pfx: GrantedFileRef }),
]);

interface ChannelSpec {
  input: z.ZodType;
  output: z.ZodType;
}

/** Every request/response channel, with runtime schemas for what goes in and what comes out. */
export const channels = {
  appInfo: {
    input: NoInput,
    output: z.strictObject({ name: z.string(), version: z.string(), platform: z.string(), vault: VaultStatus }),
  },
  vaultStatus: { input: NoInput, output: VaultStatus },
  secretStatus: { input: z.strictObject({ ref: SecretRef }), output: SecretState },
  secretSave: { input: z.strictObject({ ref: SecretRef, value: SecretValue }), output: SecretState },
  secretDelete: { input: z.strictObject({ ref: SecretRef }), output: SecretState },
  settingsGet: { input: NoInput, output: Settings },
  settingsUpdate: { input: z.strictObject({ patch: SettingsPatch }), output: Settings },
  storageNotices: { input: NoInput, output: z.array(StorageNotice) },
  /** Asks a running task (a check, a push) to stop at its next safe point; false when no such task runs. */
  taskCancel: { input: z.strictObject({ taskId: TaskId }), output: Ok },
  /**
   * The desktop app's file picker: the file the user chose comes back as a
   * token and its name, nothing when they cancelled. Elsewhere it answers
   * NOT_AVAILABLE_HERE.
   */
  openFileDialog: { input: FileDialogOptions, output: z.strictObject({ file: GrantedFile.optional() }) },
  /**
   * A file dropped on the window. Only the preload sends this path, which it
   * got from Electron for a File the user dropped (PRELOAD_ONLY_CHANNELS); the
   * page calls grantDroppedFile(file) and gets the token and the name.
   */
  grantDroppedFile: { input: z.strictObject({ path: DroppedPath }), output: GrantedFile },
  /**
   * Site packs the operating system asked the app to open (a double-click, the file association) since the last
   * call, each granted as a token; every file is handed over once. The sitePacksOpened event says when to ask.
   */
  openedSitePacks: { input: NoInput, output: z.strictObject({ files: z.array(GrantedFile).max(OPENED_SITE_PACKS_MAX) }) },

  proxyProfilesList: { input: NoInput, output: z.array(ProxyProfileState) },
  proxyProfileSave: { input: z.strictObject({ profile: SavedProxyProfile, password: Password.optional() }), output: ProxyProfileState },
  proxyProfileDelete: { input: z.strictObject({ id: ProfileId }), output: Ok },
  proxyTest: { input: z.strictObject({ proxyProfileId: ProfileId, region: Region.optional() }), output: ProxyTestResult },
  /** The CA certificates of a file the user chose (a proxy's CA for SSL interception), as PEM text for a proxy profile. */
  caFileRead: {
    input: z.strictObject({ file: GrantedFileRef }),
    output: z.strictObject({ name: z.string(), certificates: z.array(z.string()) }),
  },
  diagnosticsRun: {
    input: z.strictObject({
      taskId: TaskId,
      region: Region,
      ccid: Ccid.optional(),
      serviceUrl: ServiceUrl.optional(),
      proxyProfileId: ProfileId.optional(),
      caFiles: z.array(GrantedFileRef).max(20, 'At most 20 CA files.').optional(),
      timeouts: PhaseTimeouts.partial().optional(),
      /** Check what a stored allowlist version lists instead of the region's catalog. */
      endpoints: z.strictObject({ fromAllowlist: AllowlistCheckSource }).optional(),
    }),
    output: DiagnosticsRun,
  },
  diagnosticsRerunEndpoint: {
    input: z.strictObject({ taskId: TaskId, runId: EngineId, endpointId: EndpointId }),
    output: DiagnosticsRun,
  },
  diagnosticsHistory: {
    input: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }).optional(),
    output: z.array(RunListItem),
  },
  diagnosticsGet: { input: z.strictObject({ runId: EngineId }), output: DiagnosticsRun },
  diagnosticsCompare: { input: z.strictObject({ beforeRunId: EngineId, afterRunId: EngineId }), output: RunComparison },
  diagnosticsExport: {
    input: z.strictObject({ runId: EngineId, format: z.enum(['html', 'json']), options: ExportOptions.optional() }),
    output: z.strictObject({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  },

  applianceProfilesList: { input: NoInput, output: z.array(ApplianceProfileState) },
  applianceProfileSave: {
    input: z.strictObject({ profile: ApplianceProfile, password: Password.optional() }),
    output: ApplianceProfileState,
  },
  applianceProfileDelete: { input: z.strictObject({ id: ProfileId }), output: Ok },
  applianceFetchCertificate: {
    input: z.strictObject({ host: ApplianceHost, port: Port }),
    output: PresentedCertificate,
  },
  applianceTestConnection: { input: z.strictObject({ applianceId: ProfileId }), output: ConnectionTestResult },
  bundleLoad: {
    input: z.strictObject({ files: BundleFiles, passphrase: Password.optional() }),
    output: z.strictObject({ bundleId: z.string(), report: BundleReport }),
  },
  certPlan: {
    input: z.strictObject({
      bundleId: EngineId,
      applianceIds: ApplianceIds,
      options: PushOptions,
    }),
    output: z.array(
      z.union([z.strictObject({ applianceId: ProfileId, plan: PlanView }), z.strictObject({ applianceId: ProfileId, error: FailureInfo })]),
    ),
  },
  /** The plan as an Ansible playbook: the main process asks where to save it (a new folder); the window gets file names only. */
  certExportAnsible: {
    input: z.strictObject({ bundleId: EngineId, applianceIds: ApplianceIds, options: PushOptions }),
    output: AnsibleExportSummary,
  },
  certPush: {
    input: z.strictObject({
      taskId: TaskId,
      bundleId: EngineId,
      applianceIds: ApplianceIds,
      options: PushOptions,
    }),
    output: FleetSummary,
  },
  certInventory: { input: z.strictObject({ applianceId: ProfileId }), output: Inventory },
  certRemove: {
    input: z.strictObject({
      applianceId: ProfileId,
      options: RemovalOptions,
      dryRun: z.boolean().default(false),
      approved: ApprovedRemoval.optional(),
    }),
    output: RemovalResult,
  },
  certExpiry: { input: FleetExpiryInput.optional(), output: FleetExpiry },
  certHistory: { input: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }).optional(), output: z.array(HistoryPush) },
  certVerify: { input: VerifyInput.extend({ applianceId: ProfileId }), output: VerifyReport },

  syncsList: { input: NoInput, output: z.array(SyncView) },
  syncSave: {
    input: z.strictObject({
      /** Absent: a new sync. */
      id: ProfileId.optional(),
      name: SyncName,
      description: singleLine('A description', 500).optional(),
      /** Absent on a change: the files stay as they were. */
      source: SyncSourceFiles.optional(),
      destinations: z.array(SyncDestination).min(1, 'Pick at least one appliance.').max(200, 'At most 200 appliances.'),
      vservers: z.array(VserverTarget).max(100).default([]),
      options: SyncOptions,
      /** Kept in the keychain; an empty string forgets the saved one. */
      passphrase: z.union([Password, z.literal('')]).optional(),
    }),
    output: SyncView,
  },
  syncDelete: { input: z.strictObject({ id: ProfileId }), output: Ok },
  syncRun: { input: z.strictObject({ taskId: TaskId, id: ProfileId, force: z.boolean().default(false) }), output: SyncRun },

  /** Stored versions, newest first, and the one in use with its age and validity (the bundled baseline on a first start). */
  allowlistVersions: {
    input: NoInput,
    output: z.strictObject({
      versions: z.array(AllowlistVersionInfo),
      current: z.strictObject({ version: AllowlistVersionInfo, ageHours: z.number(), pastValidUntil: z.boolean() }).optional(),
    }),
  },
  /** Fetches from the AllowList API and stores the version; rate-limit waits come as taskProgress (kind 'allowlist'). */
  allowlistFetch: {
    input: z.strictObject({
      taskId: TaskId,
      query: AllowlistQuery,
      region: Region.optional(),
      baseUrl: singleLine('The API base URL', 300)
        .regex(/^https:\/\/[A-Za-z0-9]\S*$/, 'The API base URL starts with https://, e.g. https://api.cloud.com/connectivity.')
        .optional(),
      proxyProfileId: ProfileId.optional(),
      /** Ask even while the stored answer is fresh by its Cache-Control. */
      force: z.boolean().optional(),
    }),
    output: z.strictObject({
      version: AllowlistVersionInfo,
      notModified: z.boolean(),
      /** Absent when nothing was asked: the stored answer is fresh by its Cache-Control. */
      transactionId: z.string().optional(),
      fresh: z.boolean().optional(),
    }),
  },
  allowlistDocument: { input: z.strictObject({ versionId: AllowlistVersionId.optional() }).optional(), output: AllowlistDocument },
  allowlistDiff: { input: z.strictObject({ from: AllowlistVersionId, to: AllowlistVersionId }), output: AllowlistDiff },
  /** The export's first ALLOWLIST_PREVIEW_LINES lines, and how many it has in all. */
  allowlistExportPreview: {
    input: AllowlistExportRequest,
    output: z.strictObject({
      fileName: z.string(),
      mediaType: z.string(),
      content: z.string(),
      totalLines: z.number().int(),
      truncated: z.boolean(),
      warnings: z.array(z.string()),
    }),
  },
  /** The whole export, written where the user says in the main process's save dialog; the window gets the file name only. */
  allowlistExportSave: {
    input: AllowlistExportRequest,
    output: z.strictObject({ saved: z.boolean(), fileName: z.string().optional() }),
  },

  notifyChannelsList: { input: NoInput, output: z.array(ChannelView) },
  /** Secrets go in (write-only) and never come back: the answer says whether one is saved. */
  notifyChannelSave: { input: ChannelSaveInput, output: ChannelView },
  notifyChannelRemove: { input: z.strictObject({ id: ChannelId }), output: Ok },
  /** "Send test": the vendor's answer in words, scrubbed of the channel's secrets. */
  notifyChannelTest: { input: z.strictObject({ id: ChannelId }), output: ChannelTestResult },
  notifyOutbox: {
    input: z
      .strictObject({
        statuses: z.array(OutboxStatus).min(1).max(5).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .optional(),
    output: z.array(OutboxEntry),
  },
  /** Every site's Cloud Connect status (or one site's) as last refreshed; nothing is checked. */
  cloudConnectStatus: { input: z.strictObject({ siteId: SiteId.optional() }).optional(), output: z.array(SiteStatus) },
  /** "Refresh Cloud Connect Status": checks every site (or one) now; progress as taskProgress (kind 'cloud-connect'). */
  cloudConnectRefresh: { input: z.strictObject({ taskId: TaskId, siteId: SiteId.optional() }), output: z.array(SiteStatus) },
  /** The event log, newest first, like Console's System Events. */
  cloudConnectEvents: {
    input: z
      .strictObject({ siteId: SiteId.optional(), state: ConnectionState.optional(), limit: z.number().int().min(1).max(1000).optional() })
      .optional(),
    output: z.array(StatusEvent),
  },
  /** Every site and which one is active (its region, CCID, service URL and proxy are the defaults of every check). */
  sitesList: { input: NoInput, output: z.strictObject({ sites: z.array(Site), activeSiteId: SiteId.optional() }) },
  /** Adds a site (no id) or changes its details; onboarding progress and actions are the engine's to keep. */
  siteSave: { input: SiteDetails, output: Site },
  siteDelete: { input: z.strictObject({ siteId: SiteId }), output: Ok },
  siteSetActive: { input: z.strictObject({ siteId: SiteId }), output: Site },
  siteChooseWorkflow: { input: z.strictObject({ siteId: SiteId, workflow: WorkflowId }), output: Site },
  /** Ticks or unticks one step or prerequisite the guide names (shared/cloud-connect-guide.ts). */
  siteTick: {
    input: z.discriminatedUnion('list', [
      z.strictObject({
        siteId: SiteId,
        list: z.literal('steps'),
        id: z.enum(ONBOARDING_STEP_IDS as [string, ...string[]]),
        done: z.boolean(),
      }),
      z.strictObject({
        siteId: SiteId,
        list: z.literal('prerequisites'),
        id: z.enum(PREREQUISITE_IDS as [string, ...string[]]),
        done: z.boolean(),
      }),
    ]),
    output: Site,
  },
  /** What the admin did in Console: connected ("Login Successful", then Connected), modify-tenant, modify-proxy, disconnect. */
  siteRecordAction: {
    input: z.strictObject({ siteId: SiteId, kind: SiteActionKind, note: singleLine('A note', 500).optional() }),
    output: Site,
  },
  siteRestartOnboarding: { input: z.strictObject({ siteId: SiteId }), output: Site },

  /** What a support bundle would hold (sections, file names, sizes, counts, what would be removed), before it is written. */
  supportPreview: { input: NoInput, output: SupportPreview },
  /** Gathers and writes the bundle where the user says in the main process's save dialog; the window gets the file name only. */
  supportBundleSave: { input: NoInput, output: z.strictObject({ saved: z.boolean(), bundle: SupportBundleResult.optional() }) },
  logLevelGet: { input: NoInput, output: z.strictObject({ level: LogLevel }) },
  /** For this session only: the next start logs at the usual level. */
  logLevelSet: { input: z.strictObject({ level: LogLevel }), output: z.strictObject({ level: LogLevel }) },

  /** What can go in a site pack: sites, appliances, syncs and channels by id and name. */
  packChoices: { input: NoInput, output: PackChoices },
  /** Asks where to save (the main process's save dialog), then writes the pack; the passphrase goes in and never comes back. */
  packExportSave: {
    input: z.strictObject({
      siteIds: z.array(ProfileId).min(1, 'Choose at least one site.').max(200),
      applianceIds: z.array(ProfileId).max(500).optional(),
      syncIds: z.array(ProfileId).max(500).optional(),
      channelIds: z.array(ProfileId).max(200).optional(),
      include: PackExportOptions,
      passphrase: Password.optional(),
    }),
    output: z.strictObject({ saved: z.boolean(), result: PackExportResult.optional() }),
  },
  packInspect: { input: z.strictObject({ file: GrantedFileRef, passphrase: Password.optional() }), output: PackInspection },
  packPreviewImport: { input: z.strictObject({ file: GrantedFileRef, passphrase: Password.optional() }), output: PackPreview },
  packImport: {
    input: z.strictObject({
      file: GrantedFileRef,
      passphrase: Password.optional(),
      resolutions: z.record(PackItemKey, ConflictResolution).default({}),
    }),
    output: PackImportResult,
  },
} as const satisfies Record<ChannelName, ChannelSpec>;

/** Every main-to-renderer event, with the schema of its payload. */
export const events = {
  taskProgress: TaskProgress,
  /** The operating system handed the app site packs: the window takes them with openedSitePacks. */
  sitePacksOpened: z.strictObject({}),
} as const satisfies Record<EventName, z.ZodType>;

export type Channels = typeof channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Channels[K]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** A channel's input is optional only where its schema accepts nothing at all (appInfo, lists); elsewhere the types demand it. */
export type ChannelArgs<K extends ChannelName> = undefined extends ChannelInput<K> ? [input?: ChannelInput<K>] : [input: ChannelInput<K>];

/** The channels the page calls with the contract's input itself; the preload-only ones it reaches through their own function. */
export type PageChannelName = Exclude<ChannelName, keyof typeof PRELOAD_ONLY_CHANNELS>;

/** What the preload puts on window.fieldkit: one named function per channel, and an event subscription. */
export type FieldkitApi = {
  [K in PageChannelName]: (...args: ChannelArgs<K>) => Promise<Result<ChannelOutput<K>>>;
} & {
  /** A file the user dropped on the window; the preload finds where it is, the page gets a token and its name. */
  grantDroppedFile(file: File): Promise<Result<ChannelOutput<'grantDroppedFile'>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
