import { z } from 'zod';
import { hostOrAddress, netscalerName, Port, singleLine } from './network-names.ts';
import { ProfileId } from './secrets.ts';

/**
 * Certificate pushes to NetScaler ADC appliances: profiles, bundle reports,
 * plans, progress, results, inventory and history. Everything here is plain
 * JSON (ISO strings, numbers, PEM strings) so it can cross IPC as is. Private
 * keys and passwords never appear in any of these shapes.
 */

/** A SHA-256 fingerprint as Node prints it (upper-case hex pairs joined by colons), however it was typed or copied. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[:\s]/g, '').toUpperCase();
  return hex.match(/../g)?.join(':') ?? hex;
}

export const Sha256Fingerprint = z
  .string()
  .refine((s) => /^[0-9A-F]{64}$/i.test(s.replace(/[:\s]/g, '')), 'A SHA-256 fingerprint is 64 hex digits (colons allowed).')
  .transform(normalizeFingerprint);

export const ApplianceTrust = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('ca'),
    caPem: z
      .string()
      .max(65_536, 'The CA certificate is larger than 64 KiB.')
      .includes('-----BEGIN CERTIFICATE-----', { message: 'The CA file must hold at least one PEM certificate.' }),
  }),
  z.strictObject({ mode: z.literal('pinned'), fingerprint256: Sha256Fingerprint }),
]);
export type ApplianceTrust = z.infer<typeof ApplianceTrust>;

/** The management address of an appliance. */
export const ApplianceHost = hostOrAddress('The NSIP or host name');

export const PartitionName = netscalerName('A partition name');

export const ApplianceProfile = z.strictObject({
  id: ProfileId,
  /** What the user calls it; messages name the appliance by this. */
  name: singleLine('An appliance name', 100).min(1).optional(),
  host: ApplianceHost,
  port: Port.default(443),
  username: singleLine('A NITRO user name', 127).min(1, 'A NITRO user name is required.'),
  partition: PartitionName.optional(),
  trust: ApplianceTrust,
  /** The other node of an HA pair, used only to confirm that it received the certificate after a push. */
  peerProfileId: ProfileId.optional(),
});
export type ApplianceProfile = z.infer<typeof ApplianceProfile>;
export type ApplianceProfileInput = z.input<typeof ApplianceProfile>;

/** What a management interface presented, for the user to accept (trust on first use). */
export const PresentedCertificate = z.strictObject({
  host: z.string(),
  port: z.number(),
  fingerprint256: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  selfSigned: z.boolean(),
  /** Whether the system's trusted CAs would accept it for this host name. */
  trustedBySystem: z.boolean(),
  pem: z.string(),
});
export type PresentedCertificate = z.infer<typeof PresentedCertificate>;

export const HaState = z.enum(['standalone', 'primary', 'secondary', 'unknown']);
export type HaState = z.infer<typeof HaState>;

export const ConnectionTestResult = z.strictObject({
  appliance: z.string(),
  ok: z.literal(true),
  version: z.string(),
  haState: HaState,
  /** The other node's address, when the appliance is one node of an HA pair. */
  haPeer: z.string().optional(),
  partition: z.string().optional(),
  tookMs: z.number(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

// ---- bundles ----

export const ProblemSeverity = z.enum(['error', 'warning', 'info']);
export const BundleProblem = z.strictObject({
  code: z.string(),
  severity: ProblemSeverity,
  message: z.string(),
  hint: z.string(),
});
export type BundleProblem = z.infer<typeof BundleProblem>;

export const CertificateFacts = z.strictObject({
  subject: z.string(),
  commonName: z.string().optional(),
  issuer: z.string(),
  serialHex: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  daysLeft: z.number(),
  expired: z.boolean(),
  notYetValid: z.boolean(),
  sans: z.array(z.string()),
  fingerprint256: z.string(),
  isCa: z.boolean(),
  selfSigned: z.boolean(),
  keyType: z.string(),
  keyBits: z.number().optional(),
  curve: z.string().optional(),
});
export type CertificateFacts = z.infer<typeof CertificateFacts>;

export const BundleReport = z.strictObject({
  /** True when no problem has severity "error": the bundle may be pushed. */
  ok: z.boolean(),
  source: z.enum(['pem', 'pfx']),
  leaf: CertificateFacts.optional(),
  /** Intermediates in order, leaf's issuer first; the root is listed separately and never pushed. */
  chain: z.array(CertificateFacts),
  root: CertificateFacts.optional(),
  /**
   * How the chain ends: "open" below the root (the usual CA download: leaf and
   * intermediates), at a "root" the bundle holds (or a self-signed leaf), or at
   * a "gap" (an intermediate missing between given ones; an error).
   */
  chainEnd: z.enum(['open', 'root', 'gap']),
  /** The root clients must already trust, and whether this computer's trust store knows it. */
  clientRoot: z.strictObject({ subject: z.string(), knownHere: z.boolean() }),
  key: z
    .strictObject({
      type: z.string(),
      bits: z.number().optional(),
      curve: z.string().optional(),
      wasEncrypted: z.boolean(),
      matchesCertificate: z.boolean(),
    })
    .optional(),
  problems: z.array(BundleProblem),
});
export type BundleReport = z.infer<typeof BundleReport>;

// ---- push options, plan, progress, results ----

export const VserverTarget = z.strictObject({
  name: netscalerName('A vserver name', 127),
  /** Bind as an SNI certificate (the vserver must have SNI enabled). */
  sni: z.boolean().default(false),
});
export type VserverTarget = z.infer<typeof VserverTarget>;

export const CertkeyName = netscalerName('A certkey name');

/**
 * The placeholders a naming schema may use for file and certkey names.
 * `certificateId` stays the same across renewals: the sync's name, else the
 * certificate's common name (or first DNS name).
 */
export const NAME_SCHEMA_PLACEHOLDERS = ['certificateId', 'cn', 'serial', 'serial8', 'expiry', 'hash'] as const;
export type NameSchemaPlaceholder = (typeof NAME_SCHEMA_PLACEHOLDERS)[number];
/** The placeholders as a user writes them (double braces; single braces are accepted too), for labels and help. */
export const NAME_SCHEMA_HELP = NAME_SCHEMA_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ');

/**
 * A certkey keeps its name across renewals (it is renewed in place), so the default name says nothing that a
 * renewal makes false; files, and a certkey added beside another, get the expiry and part of the serial added.
 */
export const DEFAULT_NAME_SCHEMA = '{{certificateId}}';

/** What `{{certificateId}}` becomes when a sync names it: NetScaler name characters, no spaces. */
export const CertificateId = z
  .string()
  .min(1, 'A certificate id is required.')
  .max(40, 'A certificate id is at most 40 characters.')
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'A certificate id uses letters, digits and _ . - and starts with a letter, digit or _.');

export const PushOptions = z.strictObject({
  /**
   * The certkey to change in place (with preserve) or to create. Without it, preserve finds the certkey this
   * certificate renews on each appliance, and a new certkey is named by the naming schema.
   */
  certkeyName: CertkeyName.optional(),
  /** File and certkey names, from the placeholders in NAME_SCHEMA_HELP. */
  nameSchema: singleLine('The naming schema', 200).min(1, 'The naming schema is empty.').default(DEFAULT_NAME_SCHEMA),
  /** The stable name `{{certificateId}}` stands for (a sync's name); without it, the certificate's common name. */
  certificateId: CertificateId.optional(),
  vservers: z.array(VserverTarget).default([]),
  /**
   * Renewal in place (the default): the certkey this certificate renews keeps its name and bindings and gets the
   * new certificate. Off: a new certkey is added and the vservers' binding moves to it.
   */
  preserve: z.boolean().default(true),
  /** The user agreed that the renewed certificate may name other domains than the current one. */
  allowDomainChange: z.boolean().default(false),
  /** Refuse to push when the freshly computed plan differs from the one the user approved. */
  expectPlanDigest: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'A plan digest is 16 hex digits, as the plan showed it.')
    .optional(),
});
export type PushOptions = z.infer<typeof PushOptions>;
export type PushOptionsInput = z.input<typeof PushOptions>;

export const StepKind = z.enum([
  'login',
  'switch-partition',
  'read',
  'upload-file',
  'add-certkey',
  'update-certkey',
  'unlink-certkey',
  'link-certkey',
  'unbind-certkey',
  'bind-certkey',
  'delete-certkey',
  'delete-file',
  'ha-sync',
  'save-config',
  'logout',
]);
export type StepKind = z.infer<typeof StepKind>;

/** One NITRO call as shown to the user: file contents and passwords are replaced by a description. */
export const NitroCallView = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z.string(),
  body: z.unknown().optional(),
});
export type NitroCallView = z.infer<typeof NitroCallView>;

export const PlanStepView = z.strictObject({
  index: z.number(),
  kind: StepKind,
  label: z.string(),
  call: NitroCallView,
  /** What the rollback would do if a later step failed. */
  undo: z.array(z.string()),
});
export type PlanStepView = z.infer<typeof PlanStepView>;

export const PlanView = z.strictObject({
  appliance: z.string(),
  partition: z.string().optional(),
  haState: HaState,
  certkey: z.string(),
  /** What the certkey becomes: created, changed in place, or already right. */
  certkeyAction: z.enum(['add', 'update', 'unchanged']),
  /** Why this certkey: named by the user, bound on the vserver, the same subject and names, or none found (a new one). */
  certkeyReason: z.string(),
  /** NITRO calls, in order, of the whole session: login, the reads this plan is based on, the changes, logout. */
  session: z.strictObject({ before: z.array(NitroCallView), reads: z.array(NitroCallView), after: z.array(NitroCallView) }),
  steps: z.array(PlanStepView),
  /** Things already right on the appliance, kept as they are. */
  alreadyRight: z.array(z.string()),
  warnings: z.array(z.string()),
  /** Stable digest of the changes; give it back as expectPlanDigest to push exactly this plan. */
  digest: z.string(),
});
export type PlanView = z.infer<typeof PlanView>;

export const StepStatus = z.enum(['running', 'done', 'failed', 'rolled-back', 'interrupted']);
export const ProgressEvent = z.strictObject({
  appliance: z.string(),
  /** "connect" and "plan" come before the steps; "rollback" undoes them; "verify" checks the HA secondary. */
  phase: z.enum(['connect', 'plan', 'step', 'rollback', 'verify', 'finish']),
  /** Index in the plan's steps; -1 outside the "step" and "rollback" phases. */
  stepIndex: z.number(),
  stepCount: z.number(),
  stepLabel: z.string(),
  status: StepStatus,
  message: z.string().optional(),
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const FailureInfo = z.strictObject({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  /** The step label that failed, or the phase ("login", "read", "plan"). */
  step: z.string().optional(),
  nitroErrorcode: z.number().optional(),
  httpStatus: z.number().optional(),
});
export type FailureInfo = z.infer<typeof FailureInfo>;

export const StepRecord = z.strictObject({
  index: z.number(),
  kind: StepKind,
  label: z.string(),
  status: z.enum(['done', 'failed', 'rolled-back', 'not-run']),
  error: FailureInfo.optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

export const RollbackReport = z.strictObject({
  /** Sentences saying what was put back ("Rebound certkey old to vserver vs1"). */
  restored: z.array(z.string()),
  /** Undo actions that failed: the appliance needs a look. */
  failed: z.array(z.strictObject({ action: z.string(), error: FailureInfo })),
});
export type RollbackReport = z.infer<typeof RollbackReport>;

export const SecondaryCheck = z.strictObject({
  checked: z.boolean(),
  hasCertkey: z.boolean().optional(),
  message: z.string(),
});
export type SecondaryCheck = z.infer<typeof SecondaryCheck>;

/** "interrupted": stopped by the user (cancel, Ctrl-C, quit); what it had applied was undone, as the rollback report says. */
export const PushOutcome = z.enum(['succeeded', 'unchanged', 'rolled-back', 'failed', 'interrupted']);
export type PushOutcome = z.infer<typeof PushOutcome>;

export const PushResult = z.strictObject({
  appliance: z.string(),
  host: z.string(),
  outcome: PushOutcome,
  certkey: z.string().optional(),
  plan: PlanView.optional(),
  steps: z.array(StepRecord),
  rollback: RollbackReport.optional(),
  error: FailureInfo.optional(),
  secondary: SecondaryCheck.optional(),
  /** Which history row holds this push, when history is kept. */
  historyId: z.number().optional(),
  /** A history write that failed; the push went on regardless. */
  historyProblem: FailureInfo.optional(),
  nitroRequests: z.number(),
  tookMs: z.number(),
});
export type PushResult = z.infer<typeof PushResult>;

export const FleetSummary = z.strictObject({
  succeeded: z.array(z.string()),
  unchanged: z.array(z.string()),
  rolledBack: z.array(z.string()),
  failed: z.array(z.string()),
  interrupted: z.array(z.string()),
  results: z.array(PushResult),
  tookMs: z.number(),
});
export type FleetSummary = z.infer<typeof FleetSummary>;

// ---- inventory, removal, history ----

export const InventoryEntry = z.strictObject({
  certkey: z.string(),
  subject: z.string(),
  commonName: z.string().optional(),
  issuer: z.string(),
  serialHex: z.string(),
  notAfter: z.string().optional(),
  daysLeft: z.number().optional(),
  status: z.string().optional(),
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
  linkedTo: z.string().optional(),
  /** The full chain, following links from this certkey. */
  chain: z.array(z.string()),
  bindings: z.array(z.strictObject({ vserver: z.string(), sni: z.boolean() })),
  expiringSoon: z.boolean(),
  expired: z.boolean(),
  createdByFieldkit: z.boolean(),
});
export type InventoryEntry = z.infer<typeof InventoryEntry>;

export const Inventory = z.strictObject({
  appliance: z.string(),
  partition: z.string().optional(),
  entries: z.array(InventoryEntry),
  soonDays: z.number(),
});
export type Inventory = z.infer<typeof Inventory>;

export const RemovalOptions = z.strictObject({
  /** Certkeys the user named: removed even if Fieldkit did not create them. */
  certkeys: z.array(CertkeyName).default([]),
  /** Also remove expired certkeys that Fieldkit created. */
  expired: z.boolean().default(false),
  /** Also remove Fieldkit's certkeys whose subject has a later-expiring certkey on the appliance, when nothing uses them. */
  replaced: z.boolean().default(false),
});
export type RemovalOptions = z.infer<typeof RemovalOptions>;
export type RemovalOptionsInput = z.input<typeof RemovalOptions>;

/** What a dry run showed, handed back to the real removal: it removes exactly this or nothing. */
export const ApprovedRemoval = z.strictObject({
  /** For the message when it no longer matches; the digest decides. */
  certkeys: z.array(CertkeyName).max(1000).optional(),
  planDigest: z.string().regex(/^[0-9a-f]{16}$/),
});
export type ApprovedRemoval = z.infer<typeof ApprovedRemoval>;

export const RemovalResult = z.strictObject({
  appliance: z.string(),
  outcome: PushOutcome,
  /** The certkeys the plan removes and why: the dry run's list, and the real run's. */
  certkeys: z.array(z.strictObject({ certkey: z.string(), why: z.string() })),
  /** Of the plan's steps and list: the real removal given it removes this plan or nothing. */
  planDigest: z.string(),
  /** What was removed: empty on a dry run and when anything failed. */
  removed: z.array(z.string()),
  skipped: z.array(z.strictObject({ certkey: z.string(), reason: z.string() })),
  steps: z.array(StepRecord),
  plan: z.array(PlanStepView),
  rollback: RollbackReport.optional(),
  error: FailureInfo.optional(),
  /** A history write that failed; the removal went on regardless. */
  historyProblem: FailureInfo.optional(),
});
export type RemovalResult = z.infer<typeof RemovalResult>;

export const HistoryStep = z.strictObject({
  index: z.number(),
  kind: z.string(),
  label: z.string(),
  status: z.string(),
  nitroErrorcode: z.number().optional(),
  message: z.string().optional(),
  at: z.string(),
});
export const HistoryPush = z.strictObject({
  id: z.number(),
  operation: z.enum(['push', 'remove']),
  appliance: z.string(),
  host: z.string(),
  partition: z.string().optional(),
  certkey: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  outcome: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  steps: z.array(HistoryStep),
});
export type HistoryPush = z.infer<typeof HistoryPush>;
