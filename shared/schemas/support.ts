import { z } from 'zod';

/** What the redaction pass removes; a support bundle's manifest counts each kind per file, never quoting a value. */
export const RedactionKind = z.enum([
  /** A secret Fieldkit holds (a saved password, a channel's webhook URL, a passphrase), in any form it is echoed in. */
  'known-secret',
  'password',
  'private-key',
  'token',
  'webhook-url',
  'authorization-header',
  'cookie-header',
  'nitro-session',
  'url-credentials',
]);
export type RedactionKind = z.infer<typeof RedactionKind>;

export const RedactionCounts = z.partialRecord(RedactionKind, z.number().int().min(1));
export type RedactionCounts = z.infer<typeof RedactionCounts>;

/** How much the log files record: the level can be raised for the session (the app's Support page, the CLI's --verbose). */
export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

export const SupportSectionId = z.enum([
  'about',
  'settings',
  'diagnostics',
  'cloud-connect-events',
  'notifications',
  'certificate-history',
  'allowlist',
  'logs',
]);
export type SupportSectionId = z.infer<typeof SupportSectionId>;

export const SupportFileInfo = z.strictObject({
  /** The file's path inside the zip. */
  name: z.string(),
  /** After redaction: what the bundle will hold. */
  bytes: z.number().int().min(0),
  /** Rows, runs or log lines it holds, when it is a list. */
  items: z.number().int().min(0).optional(),
  redactions: RedactionCounts,
});
export type SupportFileInfo = z.infer<typeof SupportFileInfo>;

export const SupportSection = z.strictObject({
  id: SupportSectionId,
  title: z.string(),
  /** What the section holds, in the user's words ("the last 5 connectivity checks"). */
  summary: z.string(),
  files: z.array(SupportFileInfo),
  /** Why the section is empty or partial (no checks yet, the event log is not kept by this version). */
  note: z.string().optional(),
});
export type SupportSection = z.infer<typeof SupportSection>;

/** What a bundle would hold, shown before it is written. */
export const SupportPreview = z.strictObject({
  sections: z.array(SupportSection),
  totalBytes: z.number().int().min(0),
  /** Every redaction across the bundle, by kind. */
  redactions: RedactionCounts,
});
export type SupportPreview = z.infer<typeof SupportPreview>;

/** A bundle written: its name (never its path, for the window), its size and what was redacted. */
export const SupportBundleResult = z.strictObject({
  fileName: z.string(),
  bytes: z.number().int().min(0),
  files: z.number().int().min(0),
  redactions: RedactionCounts,
});
export type SupportBundleResult = z.infer<typeof SupportBundleResult>;
