import { z } from 'zod';
import type { ErrorInfo } from './error-catalog.ts';
import type { ChannelName, EventName } from './ipc-channels.ts';
import { SecretRef, SecretState, SecretValue, VaultStatus } from './schemas/secrets.ts';
import { Settings, SettingsPatch, StorageNotice } from './schemas/settings.ts';

const NoInput = z.strictObject({}).optional();

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
} as const satisfies Record<ChannelName, ChannelSpec>;

/** Every main-to-renderer event, with the schema of its payload. */
export const events = {
  notice: z.strictObject({ level: z.enum(['info', 'warning', 'error']), message: z.string(), hint: z.string().optional() }),
} as const satisfies Record<EventName, z.ZodType>;

export type Channels = typeof channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Channels[K]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** What the preload puts on window.fieldkit: one named function per channel, and an event subscription. */
export type FieldkitApi = {
  [K in ChannelName]: (input?: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
