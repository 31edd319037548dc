import { z } from 'zod';
import { FailureInfo } from './certificates.ts';
import { ProfileId } from './secrets.ts';

/**
 * Certificate expiry across every saved appliance: one row per certkey,
 * soonest first, and one row per appliance that could not be read.
 */

/** How far ahead the view looks, in days. */
export const ExpiryWindowDays = z.number().int().min(0).max(3650);
export const DEFAULT_EXPIRY_WINDOW_DAYS = 30;

/** expired: past its notAfter; expiring: within the window; valid: beyond it; unknown: the appliance gave no date. */
export const ExpiryState = z.enum(['expired', 'expiring', 'valid', 'unknown']);
export type ExpiryState = z.infer<typeof ExpiryState>;

export const ExpiryCertkeyRow = z.strictObject({
  kind: z.literal('certkey'),
  applianceId: z.string(),
  appliance: z.string(),
  partition: z.string(),
  certkey: z.string(),
  commonName: z.string().optional(),
  subject: z.string(),
  notAfter: z.string().optional(),
  daysLeft: z.number().optional(),
  state: ExpiryState,
  /** Where it is bound: vserver names (SNI marked). */
  boundTo: z.array(z.strictObject({ vserver: z.string(), sni: z.boolean() })),
  createdByFieldkit: z.boolean(),
  /** The saved sync that renews it, when one does. */
  coveredBy: z.string().optional(),
});
export type ExpiryCertkeyRow = z.infer<typeof ExpiryCertkeyRow>;

export const ExpiryErrorRow = z.strictObject({
  kind: z.literal('error'),
  applianceId: z.string(),
  appliance: z.string(),
  error: FailureInfo,
});
export type ExpiryErrorRow = z.infer<typeof ExpiryErrorRow>;

export const ExpiryRow = z.discriminatedUnion('kind', [ExpiryCertkeyRow, ExpiryErrorRow]);
export type ExpiryRow = z.infer<typeof ExpiryRow>;

export const FleetExpiry = z.strictObject({
  within: z.number(),
  checkedAt: z.string(),
  /** Appliances that could not be read first, then certkeys soonest first. */
  rows: z.array(ExpiryRow),
  appliances: z.strictObject({ asked: z.number(), read: z.number(), failed: z.number() }),
  /** Certkeys expired or expiring within the window. */
  due: z.number(),
});
export type FleetExpiry = z.infer<typeof FleetExpiry>;

export const FleetExpiryInput = z.strictObject({
  within: ExpiryWindowDays.optional(),
  /** Saved appliances to read; all of them when left out. */
  applianceIds: z.array(ProfileId).max(1000).optional(),
});
