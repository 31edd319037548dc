import { z } from 'zod';
import { AllowlistDirection, AllowlistDocument, AllowlistFormat, AllowlistGeo } from './allowlist.ts';
import { ApplianceProfile } from './certificates.ts';
import { NotificationChannel } from './notifications.ts';
import { SavedProxyProfile } from './profiles.ts';
import { ProfileId, SecretKind, SecretValue } from './secrets.ts';
import { Site } from './sites.ts';
import { Sync } from './syncs.ts';

/**
 * A site pack (`<name>.fieldkit`): sites and what they need, carried to
 * another machine. The layout and its versions are documented in
 * docs/site-pack-format.md; a pack of every released format is kept in
 * test/fixtures/site-packs and must keep importing.
 */

export const PACK_FORMAT = 'fieldkit-site-pack';
/** 1: sites, proxy and appliance profiles, syncs and their certificate files, notification channels, allowlist versions, secrets.enc. */
export const PACK_FORMAT_VERSION = 1;
export const PACK_EXTENSION = '.fieldkit';

/** A file inside the pack, by its path in the zip. */
export const PackEntryName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/);

export const PackHolds = z.strictObject({
  sites: z.array(z.string().max(80)).max(1000),
  proxies: z.number().int().min(0),
  appliances: z.number().int().min(0),
  syncs: z.number().int().min(0),
  channels: z.number().int().min(0),
  allowlistVersions: z.number().int().min(0),
  certificateFiles: z.number().int().min(0),
  privateKeys: z.boolean(),
  secrets: z.boolean(),
});
export type PackHolds = z.infer<typeof PackHolds>;

export const PackManifest = z.strictObject({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.number().int().min(1),
  appVersion: z.string().max(64),
  createdAt: z.iso.datetime(),
  holds: PackHolds,
  /** Every entry but the manifest itself and secrets.enc (which GCM's tag protects, with this manifest as its AAD). */
  entries: z
    .array(z.strictObject({ name: PackEntryName, bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .max(2000),
});
export type PackManifest = z.infer<typeof PackManifest>;

/** A sync inside a pack: its source names files inside the pack; the key or the PFX only when private keys were included. */
export const PackSyncSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pem'), cert: PackEntryName, key: PackEntryName.optional(), chain: PackEntryName.optional() }),
  z.strictObject({ kind: z.literal('pfx'), pfx: PackEntryName.optional() }),
]);
export const PackSync = Sync.extend({ source: PackSyncSource });
export type PackSync = z.infer<typeof PackSync>;

export const PackSitesDocument = z.strictObject({ sites: z.array(Site).max(1000) });
export const PackProfilesDocument = z.strictObject({
  proxies: z.array(SavedProxyProfile).max(1000),
  appliances: z.array(ApplianceProfile).max(1000),
  syncs: z.array(PackSync).max(1000),
});
export const PackNotificationsDocument = z.strictObject({ channels: z.array(NotificationChannel).max(200) });

export const PackAllowlistVersion = z.strictObject({
  source: z.enum(['api', 'baseline']),
  fetchedAt: z.string().max(64),
  baseUrl: z.string().max(300).optional(),
  query: z.strictObject({
    customerId: z.string().max(64).optional(),
    format: AllowlistFormat,
    geo: AllowlistGeo,
    direction: AllowlistDirection,
  }),
  transactionId: z.string().max(128).optional(),
  lastModified: z.string().max(64).optional(),
  cacheControl: z.string().max(200).optional(),
  rawText: z.string().optional(),
  document: AllowlistDocument,
});
export type PackAllowlistVersion = z.infer<typeof PackAllowlistVersion>;
export const PackAllowlistDocument = z.strictObject({ versions: z.array(PackAllowlistVersion).max(500) });

/** The plaintext of secrets.enc: each secret by its kind and the pack's id of what it belongs to. */
export const PackSecrets = z.strictObject({
  secrets: z.array(z.strictObject({ kind: SecretKind, id: ProfileId, value: SecretValue })).max(5000),
});
export type PackSecrets = z.infer<typeof PackSecrets>;

// What the app and the CLI see.

export const PackItemKind = z.enum(['site', 'proxy', 'appliance', 'sync', 'channel', 'allowlist']);
export type PackItemKind = z.infer<typeof PackItemKind>;

export const ConflictResolution = z.enum(['keep-mine', 'take-theirs', 'keep-both']);
export type ConflictResolution = z.infer<typeof ConflictResolution>;

/** The key the user's resolutions are given under: the item's kind and its id in the pack ("site:3f2a…"). */
export const PackItemKey = z
  .string()
  .max(80)
  .regex(/^(site|proxy|appliance|sync|channel):[A-Za-z0-9][A-Za-z0-9._-]*$/);

export const PackPreviewItem = z.strictObject({
  key: z.string(),
  kind: PackItemKind,
  name: z.string(),
  /** add: new here; unchanged: this machine has it as the pack does; conflict: this machine has one of the same name, different. */
  action: z.enum(['add', 'unchanged', 'conflict']),
  /** For a conflict or an unchanged item: the name of this machine's one. */
  existing: z.string().optional(),
  /** For a conflict previewed with a resolution (the CLI's --dry-run --on-conflict): what the import would do with it. */
  resolution: ConflictResolution.optional(),
  /** The pack carries its password, key or passphrase (sealed). */
  carriesSecret: z.boolean(),
  /** What the user should know (a sync without its private key). */
  notes: z.array(z.string()),
});
export type PackPreviewItem = z.infer<typeof PackPreviewItem>;

export const PackSummary = z.strictObject({
  formatVersion: z.number().int(),
  appVersion: z.string(),
  createdAt: z.string(),
  holds: PackHolds,
});
export type PackSummary = z.infer<typeof PackSummary>;

export const PackPreview = z.strictObject({
  pack: PackSummary,
  items: z.array(PackPreviewItem),
  /** none: the pack holds no secrets; opened: the passphrase opened them and they will go into this machine's keychain. */
  secrets: z.enum(['none', 'opened']),
});
export type PackPreview = z.infer<typeof PackPreview>;

export const PackInspection = z.strictObject({
  pack: PackSummary,
  entries: z.array(z.strictObject({ name: z.string(), bytes: z.number() })),
  /** How many secrets of each kind the pack seals; only with the passphrase. */
  secrets: z.enum(['none', 'sealed', 'opened']),
  secretKinds: z.record(z.string(), z.number()).optional(),
});
export type PackInspection = z.infer<typeof PackInspection>;

export const PackImportResult = z.strictObject({
  items: z.array(
    z.strictObject({
      key: z.string(),
      kind: PackItemKind,
      name: z.string(),
      outcome: z.enum(['added', 'replaced', 'added-copy', 'unchanged', 'kept-mine']),
    }),
  ),
  secretsSaved: z.number().int(),
  notes: z.array(z.string()),
});
export type PackImportResult = z.infer<typeof PackImportResult>;

export const PackExportOptions = z.strictObject({
  privateKeys: z.boolean().default(false),
  secrets: z.boolean().default(false),
  allowlistVersions: z.boolean().default(false),
});

export const PackExportResult = z.strictObject({ fileName: z.string(), bytes: z.number().int(), holds: PackHolds });
export type PackExportResult = z.infer<typeof PackExportResult>;

const Choice = z.strictObject({ id: z.string(), name: z.string() });
/** What the export form offers: names and ids only (a sync's source paths stay in the engine). */
export const PackChoices = z.strictObject({
  sites: z.array(Choice),
  appliances: z.array(Choice),
  syncs: z.array(Choice.extend({ applianceIds: z.array(z.string()) })),
  channels: z.array(Choice.extend({ siteIds: z.array(z.string()).optional() })),
});
export type PackChoices = z.infer<typeof PackChoices>;
