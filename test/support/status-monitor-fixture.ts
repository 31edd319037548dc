import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointReach, RefreshResult, StatusNotification } from '../../shared/schemas/cloud-connect-status.ts';
import type { Site } from '../../shared/schemas/sites.ts';
import { createStatusMonitor, type CloudConnectApi, type MonitorActivity } from '../../electron/services/cloud-connect/status-monitor.ts';
import { CLOUD_CONNECT_MIGRATIONS, StatusStore } from '../../electron/services/cloud-connect/status-store.ts';
import { createLogger, silentSink } from '../../electron/services/log/logger.ts';
import { SecretRedactor } from '../../electron/services/log/secret-redactor.ts';
import { createProfilesApi } from '../../electron/services/profiles/saved-profiles.ts';
import { createSitesApi, type SitesApi } from '../../electron/services/sites/sites-api.ts';
import { SitesStore } from '../../electron/services/sites/sites-store.ts';
import { openHistoryDb, type HistoryDb } from '../../electron/services/storage/history-db.ts';
import { ProfilesStore } from '../../electron/services/storage/profiles-store.ts';
import { TaskRegistry } from '../../electron/services/tasks/task-registry.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { Secrets } from '../../electron/services/vault/secrets.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A wall clock the test moves: hours and days pass at once, like a laptop waking from sleep. */
export class FakeClock {
  private t: number;
  constructor(start = '2026-03-02T08:00:00.000Z') {
    this.t = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * The network as the fake refresh sees it: every required host is reachable
 * unless put in `down`. `gate` holds refreshes until it is opened (to catch an overlap).
 */
export class FakeNetwork {
  readonly hosts = ['trust.citrixnetworkapi.net', 'acme.agent.adm.cloud.com', 'accounts.cloud.com'];
  readonly down = new Set<string>();
  /** Set to make a refresh unable to run (a deleted proxy profile). */
  cannotRun: string | undefined;
  refreshes: Array<{ siteId: string; at: string }> = [];
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  private readonly clock: FakeClock;
  constructor(clock: FakeClock) {
    this.clock = clock;
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  readonly refresh = async (site: Site): Promise<RefreshResult> => {
    const at = this.clock.now().toISOString();
    this.refreshes.push({ siteId: site.id, at });
    if (this.gate) await this.gate;
    if (this.cannotRun) return { siteId: site.id, at, allReachable: false, endpoints: [], error: this.cannotRun };
    const endpoints = this.hosts.map((host): EndpointReach =>
      this.down.has(host)
        ? { host, reachable: false, failure: 'Required service URL not reachable (Connection refused)', phasesMs: { dns: 1, tcp: 2 } }
        : { host, reachable: true, phasesMs: { dns: 1, tcp: 2, tls: 5, http: 9 } },
    );
    return { siteId: site.id, at, runId: `run-${this.refreshes.length}`, allReachable: endpoints.every((e) => e.reachable), endpoints };
  };
}

export interface MonitorRig {
  monitor: CloudConnectApi;
  sites: SitesApi;
  dataFolder: string;
  sent: StatusNotification[];
  activity: MonitorActivity[];
  /** The monitor as a new process would open it: same data folder and database, fresh objects. */
  restart(): Promise<void>;
  close(): void;
}

/**
 * The status monitor over real parts (sites.json, the SQLite history with the
 * cloud-connect migrations) with a fake clock and a fake network, so days of
 * schedule run in milliseconds.
 */
export async function startMonitorRig(
  clock: FakeClock,
  network: FakeNetwork,
  opts: { intervalHours?: number; dataFolder?: string } = {},
): Promise<MonitorRig> {
  const folder = opts.dataFolder ?? mkdtempSync(join(tmpdir(), 'fieldkit-cc-status-'));
  const sent: StatusNotification[] = [];
  const activity: MonitorActivity[] = [];
  let history: HistoryDb | undefined;
  const rig = {} as MonitorRig;

  async function open(): Promise<void> {
    const redactor = new SecretRedactor();
    const secrets = new Secrets(new MemoryVault('test'), redactor);
    const proxies = createProfilesApi(await ProfilesStore.open(folder), secrets).proxies;
    const sites = createSitesApi({ store: await SitesStore.open(folder), proxies, now: clock.now });
    history = openHistoryDb(join(folder, 'history.sqlite'), [CLOUD_CONNECT_MIGRATIONS], clock.now);
    const monitor = createStatusMonitor({
      sites,
      store: new StatusStore(history.db),
      refreshSite: (site) => network.refresh(site),
      refreshIntervalHours: () => opts.intervalHours ?? 6,
      notify: (n) => sent.push(n),
      tasks: new TaskRegistry(),
      logger: createLogger(redactor, silentSink),
      now: clock.now,
    });
    monitor.onActivity((a) => activity.push(a));
    rig.monitor = monitor;
    rig.sites = sites;
  }

  await open();
  rig.sent = sent;
  rig.dataFolder = folder;
  rig.activity = activity;
  rig.restart = async () => {
    await rig.monitor.stop();
    history?.close();
    await open();
  };
  rig.close = () => {
    void rig.monitor.stop();
    history?.close();
    if (!opts.dataFolder) rmSync(folder, { recursive: true, force: true });
  };
  return rig;
}
