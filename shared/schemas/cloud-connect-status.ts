import { z } from 'zod';
import { SiteId } from './sites.ts';

/**
 * The Cloud Connect status of a site as Fieldkit watches it from the network
 * it runs in, in the four states of NetScaler Console. The transitions are
 * written down once, in electron/services/cloud-connect/status-machine.ts.
 */

export const ConnectionState = z.enum(['connected', 'disconnected', 'pending', 'error']);
export type ConnectionState = z.infer<typeof ConnectionState>;

/** Console's own words for each state. */
export const STATE_LABELS: Record<ConnectionState, string> = {
  connected: 'Connected',
  disconnected: 'Disconnected',
  pending: 'Pending',
  error: 'Error',
};

/** A required endpoint as one refresh found it. */
export const EndpointReach = z.strictObject({
  host: z.string(),
  reachable: z.boolean(),
  /** Console's wording when the seed gives one ("SSL certificate verification failed"), else the check's own words. */
  failure: z.string().optional(),
  /** Milliseconds per phase that ran (dns, connect, proxyConnect, tls, http). */
  phasesMs: z.record(z.string(), z.number()).optional(),
});
export type EndpointReach = z.infer<typeof EndpointReach>;

/** One refresh: the reachability of the required URLs, from here, through the site's proxy. */
export const RefreshResult = z.strictObject({
  siteId: SiteId,
  at: z.string(),
  /** The Check Connectivity run it was, in history. */
  runId: z.string().optional(),
  allReachable: z.boolean(),
  endpoints: z.array(EndpointReach),
  /**
   * Why the refresh could not judge the site: the check could not run (no proxy password, proxy profile deleted;
   * endpoints is then empty), or this computer has no network (endpoints says what failed).
   */
  error: z.string().optional(),
});
export type RefreshResult = z.infer<typeof RefreshResult>;

/** A transition (or the first state) of a site: one row of the event log, shown like Console's System Events. */
export const StatusEvent = z.strictObject({
  id: z.number().int(),
  siteId: SiteId,
  siteName: z.string(),
  at: z.string(),
  from: ConnectionState.optional(),
  to: ConnectionState,
  /** In words: "trust.citrixnetworkapi.net not reachable (SSL certificate verification failed)", "Disconnect recorded". */
  reason: z.string(),
});
export type StatusEvent = z.infer<typeof StatusEvent>;

/** A site's status as the app and `fieldkit cloudconnect status` show it. */
export const SiteStatus = z.strictObject({
  siteId: SiteId,
  siteName: z.string(),
  state: ConnectionState,
  /** When the site entered this state. */
  since: z.string(),
  lastRefresh: RefreshResult.optional(),
  nextRefreshAt: z.string().optional(),
  /** Since when the required endpoints have been failing, unbroken; absent while they are reachable. */
  failingSince: z.string().optional(),
  /** The LAS activation blob is valid 30 days and refreshed daily while Console reaches Citrix Cloud: days left if the failure lasts. */
  lasDaysLeft: z.number().optional(),
});
export type SiteStatus = z.infer<typeof SiteStatus>;

/**
 * What the notification channels are asked to say: decided by the status
 * monitor's rules, delivered by the outbox. The id is the same on every retry
 * and across restarts, so one event is never sent twice.
 */
export const StatusNotification = z.strictObject({
  id: z.string(),
  /** problem: left Connected; reminder: still Disconnected or Error six hours on; recovery: back to Connected; test: "Send test". */
  kind: z.enum(['problem', 'reminder', 'recovery', 'test']),
  siteId: SiteId,
  siteName: z.string(),
  state: ConnectionState,
  previousState: ConnectionState.optional(),
  at: z.string(),
  /** When the current bad spell began (problem, reminder, recovery). */
  since: z.string().optional(),
  /** Required endpoints not reachable at the last refresh, in words. */
  failures: z.array(z.strictObject({ host: z.string(), failure: z.string() })),
  lasDaysLeft: z.number().optional(),
  /** One line a person reads first: "Cloud Connect for Berlin DC is in Error: 2 required endpoints not reachable". */
  summary: z.string(),
});
export type StatusNotification = z.infer<typeof StatusNotification>;

/** How a refresh goes, as the taskProgress event (kind 'cloud-connect') reports it: site by site, endpoint by endpoint. */
export const CloudConnectProgress = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('refresh-started'), sites: z.array(z.strictObject({ siteId: SiteId, siteName: z.string() })) }),
  z.strictObject({
    type: z.literal('endpoint-checked'),
    siteId: SiteId,
    host: z.string(),
    completed: z.number().int(),
    total: z.number().int(),
  }),
  z.strictObject({ type: z.literal('site-refreshed'), status: SiteStatus }),
]);
export type CloudConnectProgress = z.infer<typeof CloudConnectProgress>;
