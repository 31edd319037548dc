import { z } from 'zod';
import { Ccid } from './diagnostics.ts';
import { Region } from './endpoint-catalog.ts';
import { hasControlCharacter, singleLine } from './network-names.ts';
import { ProfileId } from './secrets.ts';

/**
 * A site: one NetScaler Console on-prem an admin takes to Cloud Connect and
 * keeps there. Its region, CCID, service URL and proxy are typed once and
 * flow into Check Connectivity, the allowlist and the status monitor.
 */

export const SITES_VERSION = 1;

export const SiteId = ProfileId;

/** The three onboarding workflows of the Cloud Connect documentation. */
export const WorkflowId = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type WorkflowId = z.infer<typeof WorkflowId>;

/** What the admin did in Console after connecting, as the documentation's "Other options" name them, and when. */
export const SiteActionKind = z.enum(['connected', 'modify-tenant', 'modify-proxy', 'disconnect']);
export type SiteActionKind = z.infer<typeof SiteActionKind>;

export const SiteAction = z.strictObject({
  kind: SiteActionKind,
  at: z.iso.datetime(),
  note: singleLine('A note', 500).optional(),
});
export type SiteAction = z.infer<typeof SiteAction>;

/** A step or prerequisite the admin ticked, and when. */
export const Ticked = z.strictObject({ at: z.iso.datetime() });

/**
 * How far the guided onboarding got: saved per site so a half-done onboarding
 * resumes. Step and prerequisite ids come from the guide (shared/cloud-connect-guide.ts).
 */
export const OnboardingProgress = z.strictObject({
  workflow: WorkflowId.optional(),
  steps: z.record(z.string().max(64), Ticked),
  prerequisites: z.record(z.string().max(64), Ticked),
  /** The admin saw "Login Successful" and Console shows Connected: from here the status monitor judges the connection. */
  confirmedAt: z.iso.datetime().optional(),
});
export type OnboardingProgress = z.infer<typeof OnboardingProgress>;

/** The Console's address as the admin types it: a host, an address, or an https:// URL. */
export const ConsoleAddress = z
  .string()
  .trim()
  .min(1)
  .max(300, 'The Console address is longer than 300 characters.')
  .regex(/^[A-Za-z0-9[]\S*$/, 'Enter the Console address as a host name, an IP address or an https:// URL.')
  .refine((u) => !hasControlCharacter(u), 'The Console address contains control characters.');

/** A Console service URL or host as the admin pastes it; the engine checks it against the region. */
export const SiteServiceUrl = z
  .string()
  .trim()
  .max(300, 'The service URL is longer than 300 characters.')
  .regex(/^[A-Za-z0-9]\S*$/, 'Enter the service URL as NetScaler Console service shows it (a host name or https:// URL).')
  .refine((u) => !hasControlCharacter(u), 'The service URL contains control characters.');

export const Site = z.strictObject({
  id: SiteId,
  name: singleLine('A site name', 80).min(1, 'Give the site a name.'),
  consoleAddress: ConsoleAddress.optional(),
  /** As the admin typed it ("14.1-66.12"); shared/cloud-connect-builds.ts reads it. */
  consoleBuild: singleLine('A build', 60).optional(),
  region: Region,
  ccid: Ccid.optional(),
  serviceUrl: SiteServiceUrl.optional(),
  /** The saved proxy profile NetScaler Console uses to reach Citrix Cloud; none: Console goes direct. */
  proxyProfileId: ProfileId.optional(),
  notes: z
    .string()
    .max(4000, 'Notes are at most 4000 characters.')
    // Lines and tabs are the notes' own; any other control character is not something a person typed.
    .refine((t) => !hasControlCharacter(t.replace(/[\n\r\t]/g, ' ')), 'The notes contain control characters.')
    .optional(),
  onboarding: OnboardingProgress,
  /** Newest last. */
  actions: z.array(SiteAction).max(500),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Site = z.infer<typeof Site>;

/** What the user edits; the engine keeps id (when new), onboarding, actions and timestamps. */
export const SiteDetails = Site.pick({
  name: true,
  consoleAddress: true,
  consoleBuild: true,
  region: true,
  ccid: true,
  serviceUrl: true,
  proxyProfileId: true,
  notes: true,
}).extend({ id: SiteId.optional() });
export type SiteDetails = z.infer<typeof SiteDetails>;

export const SitesFile = z.strictObject({
  version: z.literal(SITES_VERSION),
  activeSiteId: SiteId.optional(),
  sites: z.array(Site).max(1000),
});
export type SitesFile = z.infer<typeof SitesFile>;
