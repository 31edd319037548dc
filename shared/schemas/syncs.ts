import { z } from 'zod';
import { CertkeyName, FailureInfo, PartitionName, PushOutcome, VserverTarget } from './certificates.ts';
import { ProfileId } from './secrets.ts';
import { singleLine } from './network-names.ts';

/**
 * Saved syncs: a certificate source on disk (an ACME client's output, a file
 * share a PKI team drops renewals into) pushed to saved appliances whenever it
 * is renewed. Kept in profiles.json; a PFX passphrase lives in the keychain
 * under the sync's id. Paths stay in the engine: what the window sees of a
 * source is its files' names (SyncView).
 */

export const SyncName = z
  .string()
  .min(1, 'A sync needs a name.')
  .max(40, 'A sync name is at most 40 characters.')
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'A sync name uses lower-case letters, digits and dashes (like "web" or "shop-example"), no dash at the ends.',
  );

const SourcePath = z
  .string()
  .min(1, 'A source file is required.')
  .max(4096, 'A file path is at most 4096 characters.')
  .refine((p) => !p.includes('\0'), 'A file path cannot hold a NUL character.');

export const SyncSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pem'), cert: SourcePath, key: SourcePath, chain: SourcePath.optional() }),
  z.strictObject({ kind: z.literal('pfx'), pfx: SourcePath }),
]);
export type SyncSource = z.infer<typeof SyncSource>;

export const SyncDestination = z.strictObject({
  applianceId: ProfileId,
  /** An admin partition other than the profile's own. */
  partition: PartitionName.optional(),
});
export type SyncDestination = z.infer<typeof SyncDestination>;

export const SyncOptions = z.strictObject({
  /** Change the certkey in place on renewal: its name and bindings stay. */
  preserve: z.boolean().default(true),
  /** After a successful run, remove the expired or replaced certkeys this sync created. */
  removeExpired: z.boolean().default(false),
  nameSchema: singleLine('The naming schema', 200).min(1, 'The naming schema is empty.').optional(),
  /** The certkey to keep updating; defaults to the naming schema or what the push finds. */
  certkeyName: CertkeyName.optional(),
});
export type SyncOptions = z.infer<typeof SyncOptions>;

export const Sync = z.strictObject({
  id: ProfileId,
  name: SyncName,
  description: singleLine('A description', 500).optional(),
  source: SyncSource,
  destinations: z.array(SyncDestination).min(1, 'A sync needs at least one appliance.').max(500),
  vservers: z.array(VserverTarget).max(100).default([]),
  options: SyncOptions.default({ preserve: true, removeExpired: false }),
});
export type Sync = z.infer<typeof Sync>;
export type SyncInput = z.input<typeof Sync>;

/** What a sync's run did on one appliance. */
export const SyncApplianceResult = z.strictObject({
  applianceId: z.string(),
  appliance: z.string(),
  outcome: PushOutcome,
  certkey: z.string().optional(),
  error: FailureInfo.optional(),
  /** Certkeys this sync had created before that the run removed (remove expired). */
  removed: z.array(z.string()).default([]),
  removalError: FailureInfo.optional(),
});
export type SyncApplianceResult = z.infer<typeof SyncApplianceResult>;

/**
 * "unchanged": the source holds the certificate the last successful run pushed; nothing was sent.
 * "failed": the source could not be read, or at least one appliance failed.
 */
export const SyncRunOutcome = z.enum(['succeeded', 'unchanged', 'failed', 'interrupted']);
export type SyncRunOutcome = z.infer<typeof SyncRunOutcome>;

export const SyncRun = z.strictObject({
  syncId: z.string(),
  syncName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  outcome: SyncRunOutcome,
  /** Why it ran: the user, a deploy hook (the CLI's run), or the watch. */
  trigger: z.enum(['manual', 'watch']),
  serialHex: z.string().optional(),
  notAfter: z.string().optional(),
  subject: z.string().optional(),
  appliances: z.array(SyncApplianceResult),
  error: FailureInfo.optional(),
});
export type SyncRun = z.infer<typeof SyncRun>;

/** A sync as the window sees it: the source's file names, never their paths. */
export const SyncView = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  source: z.strictObject({
    kind: z.enum(['pem', 'pfx']),
    files: z.array(z.strictObject({ role: z.enum(['cert', 'key', 'chain', 'pfx']), name: z.string() })),
  }),
  destinations: z.array(SyncDestination),
  vservers: z.array(VserverTarget),
  options: z.strictObject({
    preserve: z.boolean(),
    removeExpired: z.boolean(),
    nameSchema: z.string().optional(),
    certkeyName: z.string().optional(),
  }),
  passphraseSaved: z.boolean(),
  lastRun: SyncRun.optional(),
  /** The last run that pushed or found nothing to push: the certificate the appliances have. */
  lastSuccess: SyncRun.optional(),
});
export type SyncView = z.infer<typeof SyncView>;

/** What the watch reports as it goes, in the CLI and the app alike. */
export const SyncWatchEvent = z.strictObject({
  syncName: z.string(),
  at: z.string(),
  kind: z.enum(['watching', 'changed', 'waiting', 'unchanged', 'run-started', 'run-finished', 'error', 'stopped']),
  message: z.string(),
  run: SyncRun.optional(),
});
export type SyncWatchEvent = z.infer<typeof SyncWatchEvent>;
