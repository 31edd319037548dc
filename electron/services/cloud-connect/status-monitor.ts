import pLimit from 'p-limit';
import { lasDaysLeft } from '../../../shared/cloud-connect-status-words.ts';
import { FieldkitError, isFieldkitError } from '../../../shared/fieldkit-error.ts';
import type {
  CloudConnectProgress,
  ConnectionState,
  RefreshResult,
  SiteStatus,
  StatusEvent,
  StatusNotification,
} from '../../../shared/schemas/cloud-connect-status.ts';
import type { Site } from '../../../shared/schemas/sites.ts';
import type { Logger } from '../log/logger.ts';
import type { SiteChange, SitesApi } from '../sites/sites-api.ts';
import type { ProxyPasswordOverride } from './site-check.ts';
import type { TaskControl } from '../tasks/task-control.ts';
import type { TaskRegistry } from '../tasks/task-registry.ts';
import { dueReminder, EMPTY_BOOK, onTransition, type NotificationBook, type SiteSnapshot } from './notification-rules.ts';
import { describeInput, isBad, transition, type SitePhase, type StatusInput } from './status-machine.ts';
import type { StatusStore, StoredSiteStatus } from './status-store.ts';

/** What the monitor did, for `fieldkit cloudconnect watch` and the log. */
export type MonitorActivity =
  | { kind: 'refreshed'; status: SiteStatus }
  | { kind: 'transition'; event: StatusEvent }
  | { kind: 'notification'; notification: StatusNotification };

export interface CloudConnectApi {
  /** Every site's status (or one site's, by id or name), as last refreshed; nothing is checked. */
  status(input?: { site?: string | undefined }): Promise<SiteStatus[]>;
  /** "Refresh Cloud Connect Status": checks every site (or one) now; a site already being refreshed is joined, not checked twice. */
  refresh(input?: { site?: string | undefined; proxyPassword?: ProxyPasswordOverride }, task?: TaskControl): Promise<SiteStatus[]>;
  /** The event log, newest first, like Console's System Events. */
  events(input?: { siteId?: string | undefined; state?: ConnectionState | undefined; limit?: number | undefined }): StatusEvent[];
  /** Runs the schedule while the app is open: every site is refreshed every refreshIntervalHours from its last refresh. */
  start(): void;
  stop(): Promise<void>;
  /** The schedule until the signal aborts (fieldkit cloudconnect watch), reporting what it does. */
  watch(control: {
    signal: AbortSignal;
    onActivity?: (activity: MonitorActivity) => void;
    proxyPassword?: ProxyPasswordOverride;
  }): Promise<void>;
  /** One pass of the schedule now: what is due is refreshed, reminders that are due are sent. The timer calls it. */
  tick(): Promise<void>;
  /** Called with everything the monitor does; returns a function that stops listening. */
  onActivity(listener: (activity: MonitorActivity) => void): () => void;
}

export interface StatusMonitorDeps {
  sites: SitesApi;
  store: StatusStore;
  /** One refresh of one site (site-check.ts); a stop (Ctrl-C, quitting) rejects, anything else is a result. */
  refreshSite(site: Site, task: TaskControl, proxyPassword?: ProxyPasswordOverride): Promise<RefreshResult>;
  refreshIntervalHours(): number;
  /** The outbox: called inside the transaction that records the transition, so an outbox in the same database is atomic with it. */
  notify(notification: StatusNotification): void;
  tasks: TaskRegistry;
  logger: Logger;
  now?: () => Date;
  /** How often the schedule looks at the clock; a laptop waking from sleep refreshes what is due within this. */
  tickMs?: number;
  /** Sites refreshed at once. */
  concurrency?: number;
}

const HOUR_MS = 3_600_000;
export const DEFAULT_TICK_MS = 60_000;

/**
 * The Cloud Connect status monitor: judges every site with the state machine
 * (status-machine.ts) from its refreshes and from what the admin records on
 * the site, logs every transition, and decides the notifications
 * (notification-rules.ts). The schedule runs by the wall clock: a timer wakes
 * at most every minute and compares the time with each site's due time, so a
 * laptop that slept through a refresh does it once on waking. A site is never
 * refreshed twice at once.
 */
export function createStatusMonitor(deps: StatusMonitorDeps): CloudConnectApi {
  const now = deps.now ?? (() => new Date());
  const limit = pLimit(deps.concurrency ?? 4);
  const inFlight = new Map<string, Promise<SiteStatus>>();
  const listeners = new Set<(a: MonitorActivity) => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking: Promise<void> | undefined;
  // Aborted by stop() (quitting, the end of a watch): refreshes under way stop without being recorded.
  let stopper = new AbortController();
  // The CLI's password for proxy profiles with no password in the keychain, while its watch runs; never stored.
  let watchProxyPassword: ProxyPasswordOverride | undefined;

  const emit = (activity: MonitorActivity) => {
    for (const l of listeners) {
      try {
        l(activity);
      } catch (err) {
        deps.logger.warn(`A Cloud Connect status listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  deps.sites.onChange((change) => {
    try {
      onSiteChange(change);
    } catch (err) {
      deps.logger.warn(`The Cloud Connect status of a site could not be updated: ${err instanceof Error ? err.message : String(err)}`);
    }
  });

  function onSiteChange(change: SiteChange): void {
    if (change.kind === 'removed') return deps.store.forget(change.siteId);
    const stored = reconcile(change.site);
    if (change.kind === 'onboarding-restarted') apply(change.site, stored, { kind: 'onboarding-restarted' });
    // Confirmed: the first refresh decides Connected or Error, at once while the schedule runs.
    if (change.kind === 'confirmed' && timer !== undefined) void refreshOne(change.site, {}).catch(() => undefined);
  }

  /**
   * The site's row, made on first sight and brought up to date with what the
   * admin recorded on the site meanwhile, here or in another process (the CLI).
   */
  function reconcile(site: Site): StoredSiteStatus {
    const facts = siteFacts(site);
    const stored = deps.store.get(site.id);
    if (!stored) {
      const first: StoredSiteStatus = {
        siteId: site.id,
        siteName: site.name,
        state: 'pending',
        since: now().toISOString(),
        siteMarker: facts.marker,
        book: EMPTY_BOOK,
      };
      return apply(site, first, { kind: 'first-seen', phase: facts.phase });
    }
    const input = inputFromMarkers(stored.siteMarker, site);
    const renamed = stored.siteName === site.name ? stored : { ...stored, siteName: site.name };
    if (input) return apply(site, renamed, input);
    if (renamed !== stored || stored.siteMarker !== facts.marker) {
      const updated = { ...renamed, siteMarker: facts.marker };
      deps.store.put(updated);
      return updated;
    }
    return stored;
  }

  /** Moves a site by the machine, logs the transition, and sends what the notification rules say: all in one transaction. */
  function apply(site: Site, stored: StoredSiteStatus, input: StatusInput): StoredSiteStatus {
    return deps.store.inTransaction(() => {
      // Judged from the row as it is inside the transaction: another process (the CLI beside the app) may have moved the site
      // since it was read, and must not make this one log the same transition or send the same notification again.
      const current = deps.store.get(site.id);
      if (input.kind === 'first-seen' && current) return current;
      if (input.kind === 'refresh' && current?.lastRefresh && current.lastRefresh.at > input.result.at) return current;
      const base = current ?? stored;
      const from = input.kind === 'first-seen' ? undefined : base.state;
      const at = input.kind === 'refresh' ? input.result.at : now().toISOString();
      const row = transition(from, input);
      let next: StoredSiteStatus = { ...base, siteName: site.name, siteMarker: siteFacts(site).marker };
      if (input.kind === 'refresh') {
        const { result } = input;
        next.lastRefresh = result;
        if (result.error === undefined) next.failingSince = result.allReachable ? undefined : (base.failingSince ?? result.at);
      }
      const sent: StatusNotification[] = [];
      let event: StatusEvent | undefined;
      if (row) {
        event = deps.store.addEvent({
          siteId: site.id,
          siteName: site.name,
          at,
          ...(from !== undefined ? { from } : {}),
          to: row.to,
          reason: describeInput(input),
        });
        next = { ...next, state: row.to, since: at };
        const outcome = onTransition(event, snapshot(next), next.book);
        next.book = outcome.book;
        sent.push(...outcome.notifications);
      }
      deps.store.put(next);
      for (const n of sent) handOver(n);
      queueMicrotask(() => {
        if (event) emit({ kind: 'transition', event });
        for (const n of sent) emit({ kind: 'notification', notification: n });
      });
      return next;
    });
  }

  function handOver(n: StatusNotification): void {
    try {
      deps.notify(n);
    } catch (err) {
      deps.logger.warn(`The notification "${n.summary}" could not be queued: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  function snapshot(s: StoredSiteStatus): SiteSnapshot {
    const failures = (s.lastRefresh?.endpoints ?? [])
      .filter((e) => !e.reachable)
      .map((e) => ({ host: e.host, failure: e.failure ?? 'Not reachable' }));
    const las = lasFor(s);
    return { siteId: s.siteId, siteName: s.siteName, state: s.state, failures, ...(las !== undefined ? { lasDaysLeft: las } : {}) };
  }

  function lasFor(s: StoredSiteStatus): number | undefined {
    return s.state === 'error' && s.failingSince ? lasDaysLeft(s.failingSince, now()) : undefined;
  }

  function dueAt(site: Site, s: StoredSiteStatus): number {
    const last = s.lastRefresh?.at;
    if (!last) return now().getTime();
    const confirmedAt = site.onboarding.confirmedAt;
    // Just confirmed: the refresh that decides Connected or Error is due at once.
    if (s.state === 'pending' && confirmedAt && last < confirmedAt && siteFacts(site).phase === 'confirmed') return Date.parse(confirmedAt);
    return Date.parse(last) + deps.refreshIntervalHours() * HOUR_MS;
  }

  function toStatus(site: Site, s: StoredSiteStatus): SiteStatus {
    const las = lasFor(s);
    return {
      siteId: s.siteId,
      siteName: s.siteName,
      state: s.state,
      since: s.since,
      ...(s.lastRefresh ? { lastRefresh: s.lastRefresh } : {}),
      nextRefreshAt: new Date(Math.max(dueAt(site, s), now().getTime())).toISOString(),
      ...(s.failingSince ? { failingSince: s.failingSince } : {}),
      ...(las !== undefined ? { lasDaysLeft: las } : {}),
    };
  }

  async function sitesAsked(site: string | undefined): Promise<Site[]> {
    if (site !== undefined) return [await deps.sites.get(site)];
    return deps.sites.list();
  }

  /** One site's refresh; a second request while it runs gets the same answer. */
  function refreshOne(site: Site, task: TaskControl, proxyPassword = watchProxyPassword): Promise<SiteStatus> {
    const running = inFlight.get(site.id);
    if (running) return running;
    const work = (async () => {
      const signal = task.signal ? AbortSignal.any([task.signal, stopper.signal]) : stopper.signal;
      const result = await deps.refreshSite(site, { signal, ...(task.onProgress ? { onProgress: task.onProgress } : {}) }, proxyPassword);
      // A stopped refresh says nothing about the endpoints: it is not recorded.
      if (signal.aborted) throw new FieldkitError('TASK_CANCELLED', 'The refresh was stopped.');
      // The site as saved now: the admin may have recorded something while the check ran.
      const current = await deps.sites.get(site.id).catch(() => undefined);
      if (!current) throw new FieldkitError('SITE_NOT_FOUND', `The site "${site.name}" was removed while it was being checked.`);
      const stored = reconcile(current);
      const next = apply(current, stored, { kind: 'refresh', result, confirmed: siteFacts(current).phase === 'confirmed' });
      const status = toStatus(current, next);
      queueMicrotask(() => emit({ kind: 'refreshed', status }));
      return status;
    })();
    inFlight.set(site.id, work);
    void work.finally(() => inFlight.delete(site.id)).catch(() => undefined);
    return work;
  }

  function sendDueReminders(sites: Site[]): void {
    for (const site of sites) {
      const sent = deps.store.inTransaction(() => {
        // Read inside the transaction, so two processes watching the same sites send one reminder, not two.
        const stored = deps.store.get(site.id);
        if (!stored || !isBad(stored.state)) return [];
        const outcome = dueReminder(snapshot(stored), stored.book, now());
        if (outcome.notifications.length === 0) return [];
        deps.store.put({ ...stored, book: outcome.book });
        for (const n of outcome.notifications) handOver(n);
        return outcome.notifications;
      });
      for (const n of sent) emit({ kind: 'notification', notification: n });
    }
  }

  async function tickOnce(): Promise<void> {
    // A stop during this pass ends it: nothing queued starts, nothing more is written.
    const { signal } = stopper;
    const sites = await deps.sites.list();
    const known = new Set(sites.map((s) => s.id));
    for (const stale of deps.store.all()) if (!known.has(stale.siteId)) deps.store.forget(stale.siteId);
    const due = sites.filter((site) => dueAt(site, reconcile(site)) <= now().getTime());
    await Promise.all(
      due.map((site) =>
        limit(async () => {
          if (signal.aborted) return;
          await refreshOne(site, { signal }).catch((err: unknown) => {
            if (!isFieldkitError(err) || err.code !== 'TASK_CANCELLED')
              deps.logger.warn(`Cloud Connect refresh of ${site.name} failed: ${String(err)}`);
          });
        }),
      ),
    );
    if (!signal.aborted) sendDueReminders(sites);
  }

  const api: CloudConnectApi = {
    async status(input = {}) {
      const sites = await sitesAsked(input.site);
      return sites.map((site) => toStatus(site, reconcile(site)));
    },
    async refresh(input = {}, task = {}) {
      const sites = await sitesAsked(input.site);
      if (sites.length === 0) throw new FieldkitError('NO_SITES');
      const progress = (event: CloudConnectProgress) => task.onProgress?.({ taskId: task.taskId ?? '', kind: 'cloud-connect', event });
      return deps.tasks.run(task, async (signal) => {
        progress({ type: 'refresh-started', sites: sites.map((s) => ({ siteId: s.id, siteName: s.name })) });
        return Promise.all(
          sites.map((site) =>
            limit(async () => {
              const status = await refreshOne(
                site,
                {
                  signal,
                  onProgress: (p) => {
                    if (p.kind === 'diagnostics' && p.event.type === 'endpoint-finished') {
                      const { completed, total, result } = p.event;
                      progress({ type: 'endpoint-checked', siteId: site.id, host: result.host, completed, total });
                    }
                  },
                },
                input.proxyPassword,
              );
              progress({ type: 'site-refreshed', status });
              return status;
            }),
          ),
        );
      });
    },
    events(input = {}) {
      return deps.store.events({ siteId: input.siteId, state: input.state, limit: input.limit ?? 200 });
    },
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => void api.tick(), deps.tickMs ?? DEFAULT_TICK_MS);
      void api.tick();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      const running = stopper;
      stopper = new AbortController();
      running.abort(new FieldkitError('TASK_CANCELLED', 'The Cloud Connect monitor stopped.'));
      await ticking;
    },
    async watch({ signal, onActivity, proxyPassword }) {
      const off = onActivity ? api.onActivity(onActivity) : () => undefined;
      watchProxyPassword = proxyPassword;
      const started = timer === undefined;
      if (started) api.start();
      try {
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          else signal.addEventListener('abort', () => resolve(), { once: true });
        });
      } finally {
        off();
        if (started) await api.stop();
        watchProxyPassword = undefined;
      }
    },
    tick() {
      // Never two passes at once: a slow refresh outlasting the timer's interval is not started again.
      ticking ??= tickOnce()
        .catch((err: unknown) => deps.logger.warn(`The Cloud Connect schedule failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => (ticking = undefined));
      return ticking;
    },
    onActivity(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return api;
}

/** Where the site's onboarding stands, and a marker of the facts that decide it, to see a change made elsewhere. */
export function siteFacts(site: Site): { phase: SitePhase; marker: string } {
  const confirmedAt = site.onboarding.confirmedAt;
  const lastDisconnect = lastDisconnectAt(site);
  const marker = `${confirmedAt ?? ''}|${lastDisconnect ?? ''}`;
  if (lastDisconnect !== undefined && lastDisconnect >= (confirmedAt ?? '')) return { phase: 'disconnected', marker };
  return { phase: confirmedAt ? 'confirmed' : 'onboarding', marker };
}

function lastDisconnectAt(site: Site): string | undefined {
  return site.actions.findLast((a) => a.kind === 'disconnect')?.at;
}

/** What the admin recorded since the marker was taken: a Disconnect, "Login Successful", or the onboarding started again. */
function inputFromMarkers(previous: string, site: Site): StatusInput | undefined {
  const [prevConfirmed = '', prevDisconnect = ''] = previous.split('|');
  const confirmedAt = site.onboarding.confirmedAt ?? '';
  const disconnect = lastDisconnectAt(site) ?? '';
  if (disconnect && disconnect !== prevDisconnect && disconnect >= confirmedAt) return { kind: 'disconnected' };
  if (confirmedAt && confirmedAt !== prevConfirmed) return { kind: 'confirmed' };
  if (!confirmedAt && prevConfirmed) return { kind: 'onboarding-restarted' };
  return undefined;
}

export type { NotificationBook };
