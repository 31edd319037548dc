import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, FakeClock, FakeNetwork, HOUR, startMonitorRig, type MonitorRig } from '../support/status-monitor-fixture.ts';

/**
 * The status monitor over days of simulated time: real sites.json and SQLite,
 * a fake clock the test moves and a fake network it breaks and mends.
 */
let clock: FakeClock;
let network: FakeNetwork;
let rig: MonitorRig;

beforeEach(async () => {
  clock = new FakeClock();
  network = new FakeNetwork(clock);
  rig = await startMonitorRig(clock, network);
});
afterEach(() => rig.close());

const kinds = () => rig.sent.map((n) => n.kind);
const stateOf = async (siteId: string) => (await rig.monitor.status({ site: siteId }))[0]!.state;

/** Moves the clock in steps as the minute timer would see it, running the schedule at each step. */
async function live(ms: number, step = 30 * 60_000): Promise<void> {
  for (let passed = 0; passed < ms; passed += step) {
    clock.advance(Math.min(step, ms - passed));
    await rig.monitor.tick();
  }
}

describe('the status monitor over days', () => {
  it('follows the documented rules: problem, reminders every six hours, one recovery, Disconnect, Pending never notifies, restart continues', async () => {
    const site = await rig.sites.save({ name: 'Berlin DC', region: 'commercial', serviceUrl: 'acme.agent.adm.cloud.com' });
    expect(await stateOf(site.id)).toBe('pending');

    // Onboarding under way, endpoints failing: Pending, refreshed on schedule, never a notification.
    network.down.add('trust.citrixnetworkapi.net');
    await live(DAY);
    expect(await stateOf(site.id)).toBe('pending');
    expect(network.refreshes).toHaveLength(4);
    expect(rig.sent).toEqual([]);

    // "Login Successful": the next pass refreshes at once, and the network now works.
    network.down.clear();
    clock.advance(HOUR);
    await rig.sites.recordAction(site.id, { kind: 'connected' });
    await rig.monitor.tick();
    expect(await stateOf(site.id)).toBe('connected');
    expect(rig.sent).toEqual([]);

    // Breaks: one problem at the next refresh.
    await live(6 * HOUR);
    network.down.add('trust.citrixnetworkapi.net');
    await live(6 * HOUR);
    expect(await stateOf(site.id)).toBe('error');
    expect(kinds()).toEqual(['problem']);
    const problem = rig.sent[0]!;
    expect(problem.failures).toEqual([
      { host: 'trust.citrixnetworkapi.net', failure: 'Required service URL not reachable (Connection refused)' },
    ]);
    expect(problem.lasDaysLeft).toBe(30);

    // Stays broken: a reminder every six hours, not at each half-hour pass.
    await live(13 * HOUR);
    expect(kinds()).toEqual(['problem', 'reminder', 'reminder']);

    // A restart (a new process) continues with the bookkeeping from SQLite: the next reminder, numbered on.
    await rig.restart();
    await live(6 * HOUR);
    expect(kinds()).toEqual(['problem', 'reminder', 'reminder', 'reminder']);
    expect(rig.sent.at(-1)!.id).toBe(`${problem.id.replace(/:problem$/, '')}:reminder-3`);
    const [status] = await rig.monitor.status({ site: site.id });
    expect(status!.failingSince).toBe(problem.since);
    expect(status!.lasDaysLeft).toBe(29);

    // Mended: a single recovery, then quiet.
    network.down.clear();
    await live(2 * DAY);
    expect(kinds()).toEqual(['problem', 'reminder', 'reminder', 'reminder', 'recovery']);
    expect(rig.sent.at(-1)!.summary).toMatch(/^Cloud Connect for Berlin DC is Connected again after \d+ (hours|days?) in Error\.$/);
    expect((await rig.monitor.status({ site: site.id }))[0]).not.toHaveProperty('failingSince');

    // The admin records a Disconnect: a problem, reminders while it lasts, and refreshes no longer move the site.
    await rig.sites.recordAction(site.id, { kind: 'disconnect', note: 'moving tenant' });
    expect(await stateOf(site.id)).toBe('disconnected');
    await live(7 * HOUR);
    expect(await stateOf(site.id)).toBe('disconnected');
    expect(kinds().slice(5)).toEqual(['problem', 'reminder']);

    // Onboarding again: Pending, and no notification while Pending, however long and however broken.
    await rig.sites.restartOnboarding(site.id);
    network.down.add('accounts.cloud.com');
    const before = rig.sent.length;
    await live(2 * DAY);
    expect(await stateOf(site.id)).toBe('pending');
    expect(rig.sent.length).toBe(before);

    // Every transition is in the event log, newest first, filterable by state.
    const events = rig.monitor.events({ siteId: site.id });
    expect(events.map((e) => e.to)).toEqual(['pending', 'disconnected', 'connected', 'error', 'connected', 'pending']);
    expect(events.at(-1)).not.toHaveProperty('from');
    expect(rig.monitor.events({ state: 'error' }).map((e) => e.reason)).toEqual([
      'trust.citrixnetworkapi.net: Required service URL not reachable (Connection refused)',
    ]);

    // Nothing was sent twice.
    expect(new Set(rig.sent.map((n) => n.id)).size).toBe(rig.sent.length);
  });

  it('a laptop waking after days refreshes what is due once, and sends one reminder, not one per missed slot', async () => {
    const site = await rig.sites.save({ name: 'Lab', region: 'commercial' });
    await rig.sites.recordAction(site.id, { kind: 'connected' });
    await rig.monitor.tick();
    network.down.add('acme.agent.adm.cloud.com');
    await live(6 * HOUR);
    expect(kinds()).toEqual(['problem']);
    const refreshes = network.refreshes.length;
    clock.advance(3 * DAY);
    await rig.monitor.tick();
    await rig.monitor.tick();
    expect(network.refreshes.length).toBe(refreshes + 1);
    expect(kinds()).toEqual(['problem', 'reminder']);
    expect((await rig.monitor.status())[0]!.lasDaysLeft).toBe(27);
  });

  it('never refreshes a site twice at once: the schedule and "Refresh Cloud Connect Status" join the running refresh', async () => {
    const site = await rig.sites.save({ name: 'Lab', region: 'commercial' });
    network.hold();
    const scheduled = rig.monitor.tick();
    const secondPass = rig.monitor.tick();
    const onDemand = rig.monitor.refresh({ site: 'lab' });
    const another = rig.monitor.refresh();
    await new Promise((r) => setTimeout(r, 20));
    expect(network.refreshes).toHaveLength(1);
    network.release();
    await Promise.all([scheduled, secondPass]);
    const [a, b] = await Promise.all([onDemand, another]);
    expect(a[0]!.lastRefresh?.runId).toBe(b[0]!.lastRefresh?.runId);
    expect(a[0]!.siteId).toBe(site.id);
    expect(network.refreshes).toHaveLength(1);
  });

  it('stopping the schedule during a refresh records nothing, and a later start refreshes again', async () => {
    const site = await rig.sites.save({ name: 'Lab', region: 'commercial' });
    network.hold();
    const pass = rig.monitor.tick();
    await new Promise((r) => setTimeout(r, 10));
    const stopped = rig.monitor.stop();
    network.release();
    await Promise.all([pass, stopped]);
    expect(network.refreshes).toHaveLength(1);
    expect((await rig.monitor.status({ site: site.id }))[0]!.lastRefresh).toBeUndefined();
    await rig.monitor.tick();
    expect(network.refreshes).toHaveLength(2);
    expect((await rig.monitor.status({ site: site.id }))[0]!.lastRefresh).toBeDefined();
  });

  it('a refresh that could not run is recorded with its reason and moves nothing', async () => {
    const site = await rig.sites.save({ name: 'Lab', region: 'commercial' });
    await rig.sites.recordAction(site.id, { kind: 'connected' });
    await rig.monitor.tick();
    expect(await stateOf(site.id)).toBe('connected');
    network.cannotRun = "The site's proxy profile no longer exists: pick another one for the site.";
    const [status] = await rig.monitor.refresh({ site: site.id });
    expect(status!.state).toBe('connected');
    expect(status!.lastRefresh).toMatchObject({ error: network.cannotRun, endpoints: [] });
    expect(status!.failingSince).toBeUndefined();
    expect(kinds()).toEqual([]);
  });

  it('sees what another process recorded on the site (the CLI) the next time it looks', async () => {
    const site = await rig.sites.save({ name: 'Lab', region: 'commercial' });
    await rig.sites.recordAction(site.id, { kind: 'connected' });
    await rig.monitor.tick();
    const other = await startMonitorRigSharing();
    await other.recordAction(site.id, { kind: 'disconnect' });
    expect(await stateOf(site.id)).toBe('disconnected');
    expect(rig.monitor.events({ siteId: site.id })[0]).toMatchObject({ from: 'connected', to: 'disconnected' });
  });
});

describe('two processes watching the same sites (the app and fieldkit cloudconnect watch or status)', () => {
  it('log each transition once and send each notification once', async () => {
    const site = await rig.sites.save({ name: 'Lab', region: 'commercial' });
    await rig.sites.recordAction(site.id, { kind: 'connected' });
    await rig.monitor.tick();
    const other = await startMonitorRig(clock, network, { dataFolder: rig.dataFolder });
    try {
      network.down.add('accounts.cloud.com');
      clock.advance(6 * HOUR);
      await Promise.all([rig.monitor.tick(), other.monitor.tick(), other.monitor.refresh()]);
      clock.advance(6 * HOUR);
      await Promise.all([rig.monitor.tick(), other.monitor.tick()]);
      expect([...rig.sent, ...other.sent].map((n) => n.kind).sort()).toEqual(['problem', 'reminder']);
      expect(rig.monitor.events({ state: 'error' })).toHaveLength(1);
    } finally {
      other.close();
    }
  });
});

/** A second sites API over the same data folder, as the CLI would open it. */
async function startMonitorRigSharing() {
  const { SitesStore } = await import('../../electron/services/sites/sites-store.ts');
  const { createSitesApi } = await import('../../electron/services/sites/sites-api.ts');
  const folder = rig.dataFolder;
  return createSitesApi({ store: await SitesStore.open(folder), proxies: { get: () => ({}) } as never, now: clock.now });
}
