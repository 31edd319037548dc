import { z } from 'zod';
import type { ErrorInfo } from './error-catalog.ts';
import type { ChannelName, EventName } from './ipc-channels.ts';
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
  RemovalResult,
} from './schemas/certificates.ts';
import { DiagnosticsRun, ExportOptions, PhaseTimeouts, ProxyTestResult, RunComparison, RunListItem } from './schemas/diagnostics.ts';
import { Region } from './schemas/endpoint-catalog.ts';
import { Port } from './schemas/network-names.ts';
import { ApplianceProfileState, ProxyProfileState, SavedProxyProfile } from './schemas/profiles.ts';
import { ProfileId, SecretValue as Password } from './schemas/secrets.ts';
import { TaskId, TaskProgress } from './schemas/tasks.ts';

const NoInput = z.strictObject({}).optional();
const FilePath = z.string().trim().min(1, 'Give the path of the file.').max(4096);
const Ok = z.strictObject({ ok: z.boolean() });

/** Paths only: the window never reads a private key; the engine does. */
const BundleFiles = z.union([
  z.strictObject({ certPath: FilePath, keyPath: FilePath, chainPath: FilePath.optional() }),
  z.strictObject({ pfxPath: FilePath }),
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
  /** The desktop app's file picker; elsewhere it answers NOT_AVAILABLE_HERE and the user types the path. */
  /** Asks a running task (a check, a push) to stop at its next safe point; false when no such task runs. */
  taskCancel: { input: z.strictObject({ taskId: TaskId }), output: Ok },
  openFileDialog: {
    input: z.strictObject({
      title: z.string().max(200),
      filters: z.array(z.strictObject({ name: z.string(), extensions: z.array(z.string()) })).optional(),
    }),
    output: z.strictObject({ path: z.string().optional() }),
  },

  proxyProfilesList: { input: NoInput, output: z.array(ProxyProfileState) },
  proxyProfileSave: { input: z.strictObject({ profile: SavedProxyProfile, password: Password.optional() }), output: ProxyProfileState },
  proxyProfileDelete: { input: z.strictObject({ id: ProfileId }), output: Ok },
  proxyTest: { input: z.strictObject({ proxyProfileId: ProfileId, region: Region.optional() }), output: ProxyTestResult },
  diagnosticsRun: {
    input: z.strictObject({
      taskId: TaskId,
      region: Region,
      ccid: z.string().optional(),
      serviceUrl: z.string().optional(),
      proxyProfileId: ProfileId.optional(),
      caFiles: z.array(FilePath).max(20).optional(),
      timeouts: PhaseTimeouts.partial().optional(),
    }),
    output: DiagnosticsRun,
  },
  diagnosticsRerunEndpoint: {
    input: z.strictObject({ taskId: TaskId, runId: z.string(), endpointId: z.string() }),
    output: DiagnosticsRun,
  },
  diagnosticsHistory: {
    input: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }).optional(),
    output: z.array(RunListItem),
  },
  diagnosticsGet: { input: z.strictObject({ runId: z.string() }), output: DiagnosticsRun },
  diagnosticsCompare: { input: z.strictObject({ beforeRunId: z.string(), afterRunId: z.string() }), output: RunComparison },
  diagnosticsExport: {
    input: z.strictObject({ runId: z.string(), format: z.enum(['html', 'json']), options: ExportOptions.optional() }),
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
      bundleId: z.string(),
      applianceIds: z.array(ProfileId).min(1, 'Pick at least one appliance.'),
      options: PushOptions,
    }),
    output: z.array(
      z.union([z.strictObject({ applianceId: ProfileId, plan: PlanView }), z.strictObject({ applianceId: ProfileId, error: FailureInfo })]),
    ),
  },
  certPush: {
    input: z.strictObject({
      taskId: TaskId,
      bundleId: z.string(),
      applianceIds: z.array(ProfileId).min(1, 'Pick at least one appliance.'),
      options: PushOptions,
    }),
    output: FleetSummary,
  },
  certInventory: { input: z.strictObject({ applianceId: ProfileId }), output: Inventory },
  certRemove: {
    input: z.strictObject({ applianceId: ProfileId, options: RemovalOptions, dryRun: z.boolean().default(false) }),
    output: RemovalResult,
  },
  certHistory: { input: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }).optional(), output: z.array(HistoryPush) },
} as const satisfies Record<ChannelName, ChannelSpec>;

/** Every main-to-renderer event, with the schema of its payload. */
export const events = {
  taskProgress: TaskProgress,
} as const satisfies Record<EventName, z.ZodType>;

export type Channels = typeof channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Channels[K]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** A channel's input is optional only where its schema accepts nothing at all (appInfo, lists); elsewhere the types demand it. */
export type ChannelArgs<K extends ChannelName> = undefined extends ChannelInput<K> ? [input?: ChannelInput<K>] : [input: ChannelInput<K>];

/** What the preload puts on window.fieldkit: one named function per channel, and an event subscription. */
export type FieldkitApi = {
  [K in ChannelName]: (...args: ChannelArgs<K>) => Promise<Result<ChannelOutput<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
