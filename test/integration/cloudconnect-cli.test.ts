import { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listenForInterrupts } from '../../electron/cli/interrupt-signals.ts';
import { runCli as runFieldkit } from '../../electron/cli/run-cli.ts';
import { registerCloudConnectCommand } from '../../electron/cli/commands/cloudconnect.ts';
import { registerDiagnoseCommand } from '../../electron/cli/commands/diagnose.ts';
import type { StatusNotification } from '../../shared/schemas/cloud-connect-status.ts';
import { startBasicAuthProxy } from '../support/basic-auth-proxy.ts';
import { runCli } from '../support/cli-runner.ts';
import { createTestPki, publicLeaf, scenarioCatalog, type TestPki } from '../support/diagnostics-fixtures.ts';
import { parsePrometheusText } from '../support/prometheus-text.ts';
import { FakeClock, HOUR } from '../support/status-monitor-fixture.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { startHttpsOrigin, startSwitchableRelay, type LocalServer } from '../support/tls-origins.ts';

/**
 * fieldkit cloudconnect status and watch against local endpoints standing for
 * the region's required URLs: one that stays up, one that goes down and comes back.
 */
const STEADY = 'trust.fieldkit.test';
const FLAKY = 'service.fieldkit.test';

let pki: TestPki;
let origin: LocalServer;
let relay: LocalServer & { up: boolean };
let te: TestEngine;
let clock: FakeClock;
let notified: StatusNotification[];

beforeAll(async () => {
  pki = await createTestPki();
  origin = await startHttpsOrigin(await publicLeaf(pki, [STEADY, FLAKY]));
  relay = await startSwitchableRelay(origin.port);
});
afterAll(async () => {
  await relay.close();
  await origin.close();
});

beforeEach(async () => {
  relay.up = true;
  clock = new FakeClock(new Date().toISOString());
  notified = [];
  te = await startTestEngine({
    memoryVault: true,
    diagnosticsOverrides: {
      catalog: scenarioCatalog([STEADY, FLAKY]),
      resolverOverrides: { [STEADY]: '127.0.0.1', [FLAKY]: '127.0.0.1' },
      portOverrides: { [STEADY]: origin.port, [FLAKY]: relay.port },
      extraTrustAnchors: [pki.publicRoot.certPem],
    },
    cloudConnectMonitor: { now: clock.now, tickMs: 20, notify: (n) => notified.push(n) },
  });
});
afterEach(() => te.close());

const cli = (argv: string[], opts: { interrupt?: AbortSignal; out?: string[] } = {}) =>
  runCli(registerCloudConnectCommand, ['cloudconnect', ...argv], {}, te, opts);

async function connectedSite(name = 'Berlin DC') {
  const site = await te.engine.sites.save({ name, region: 'commercial' });
  await te.engine.sites.recordAction(site.id, { kind: 'connected' });
  return site;
}

describe('fieldkit cloudconnect status', () => {
  it('exits 0 only when every site asked is Connected; Pending and Error exit 1, in text and JSON', async () => {
    await te.engine.sites.save({ name: 'Tokyo', region: 'commercial' });
    const pending = await cli(['status']);
    expect(pending.code).toBe(1);
    expect(pending.out.join('\n')).toContain('Tokyo: Pending since');
    expect(pending.out.join('\n')).toContain('2 of 2 required endpoints reachable');
    // A one-shot status runs no further refresh: it names none.
    expect(pending.out.join('\n')).not.toMatch(/next refresh/i);

    await connectedSite();
    const one = await cli(['status', '--site', 'berlin dc', '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out[0]!)).toMatchObject([{ siteName: 'Berlin DC', state: 'connected' }]);

    relay.up = false;
    const broken = await cli(['status', '--site', 'Berlin DC']);
    expect(broken.code).toBe(1);
    const text = broken.out.join('\n');
    expect(text).toContain('Berlin DC: Error since');
    expect(text).toMatch(new RegExp(`Not Reachable +${FLAKY.replace(/\./g, '\\.')} +Required service URL not reachable`));
    expect(text).toContain('About 30 days left before the LAS activation blob would lapse. An estimate from here');
    expect(notified.map((n) => n.kind)).toEqual(['problem']);
  });

  it('--format nagios: one status line, the plugin exit codes, performance data per endpoint', async () => {
    const tokyo = await te.engine.sites.save({ name: 'Tokyo', region: 'commercial' });
    const warning = await cli(['status', '--site', 'Tokyo', '--format', 'nagios']);
    expect(warning.code).toBe(1);
    expect(warning.out).toHaveLength(1);
    expect(warning.out[0]).toMatch(
      new RegExp(
        `^CLOUDCONNECT WARNING - Tokyo is Pending, 2/2 required endpoints reachable \\| '${STEADY}'=\\d+ms;;;0 '${FLAKY}'=\\d+ms;;;0 'reachable'=2;;2:;0;2$`,
      ),
    );

    await te.engine.sites.recordAction(tokyo.id, { kind: 'connected' });
    const ok = await cli(['status', '--format', 'nagios']);
    expect(ok.code).toBe(0);
    expect(ok.out[0]).toMatch(/^CLOUDCONNECT OK - Tokyo is Connected, 2\/2 required endpoints reachable \| /);

    relay.up = false;
    const critical = await cli(['status', '--format', 'nagios']);
    expect(critical.code).toBe(2);
    expect(critical.out[0]).toContain(
      `CLOUDCONNECT CRITICAL - Tokyo is in Error, 1/2 required endpoints reachable (${FLAKY} Required service URL not reachable`,
    );
    expect(critical.out[0]).toContain(`'${FLAKY}'=U;;;0 'reachable'=1;;2:;0;2`);

    // Several sites: the worst state leads, each site's endpoints are labelled with its name.
    await te.engine.sites.save({ name: "O'Hare = Lab", region: 'commercial' });
    const many = await cli(['status', '--format', 'nagios']);
    expect(many.code).toBe(2);
    expect(many.out[0]).toMatch(/^CLOUDCONNECT CRITICAL - Tokyo: Error, .*; O'Hare = Lab: Pending, /);
    expect(many.out[0]).toContain(`'O_Hare _ Lab ${STEADY}'=`);
  });

  it('--format nagios says UNKNOWN (exit 3) when nothing could be checked: no site, an unknown site, a refresh that could not run', async () => {
    const none = await cli(['status', '--format', 'nagios']);
    expect(none).toMatchObject({
      code: 3,
      out: ['CLOUDCONNECT UNKNOWN - No Cloud Connect site is saved yet, so there is nothing to check or watch.'],
    });

    await te.engine.profiles.proxies.save({
      id: 'corp',
      name: 'Corp proxy',
      type: 'explicit',
      host: '127.0.0.1',
      port: 3128,
      username: 'svc',
    });
    await te.engine.sites.save({ name: 'Paris', region: 'commercial', proxyProfileId: 'corp' });
    const unknownSite = await cli(['status', '--site', 'Madrid', '--format', 'nagios']);
    expect(unknownSite).toMatchObject({ code: 3, out: ['CLOUDCONNECT UNKNOWN - There is no site "Madrid".'] });
    // In text the same mistake is bad input.
    expect((await cli(['status', '--site', 'Madrid'])).code).toBe(2);

    const noPassword = await cli(['status', '--format', 'nagios']);
    expect(noPassword.code).toBe(3);
    expect(noPassword.out[0]).toBe(
      'CLOUDCONNECT UNKNOWN - Paris is Pending, refresh could not run: The proxy profile "Corp proxy" has the username svc but no password in the keychain, so the site could not be checked.',
    );
    expect((await cli(['status', '--format', 'xml'])).code).toBe(2);
  });

  it('--format prometheus writes the exposition format, which parses back to the same facts', async () => {
    await connectedSite('Berlin "DC"\\1');
    relay.up = false;
    const r = await cli(['status', '--format', 'prometheus']);
    expect(r.code).toBe(0);
    const families = parsePrometheusText(r.out.join('\n'));
    const site = 'Berlin "DC"\\1';
    expect(families.get('fieldkit_cloudconnect_state')).toMatchObject({ type: 'gauge' });
    const state = families.get('fieldkit_cloudconnect_state')!.samples;
    expect(state.filter((s) => s.value === 1)).toEqual([{ labels: { site, state: 'error' }, value: 1 }]);
    expect(state).toHaveLength(4);
    expect(families.get('fieldkit_cloudconnect_endpoint_reachable')!.samples).toEqual([
      { labels: { site, host: STEADY }, value: 1 },
      { labels: { site, host: FLAKY }, value: 0 },
    ]);
    const phases = families.get('fieldkit_cloudconnect_endpoint_phase_seconds')!.samples.filter((s) => s.labels['host'] === STEADY);
    expect(phases.map((p) => p.labels['phase'])).toEqual(['dns', 'tcp', 'tls', 'http']);
    expect(phases.every((p) => p.value >= 0 && p.value < 5)).toBe(true);
    expect(families.get('fieldkit_cloudconnect_las_days_left')!.samples).toEqual([{ labels: { site }, value: 30 }]);
    expect(families.get('fieldkit_cloudconnect_refresh_ok')!.samples).toEqual([{ labels: { site }, value: 1 }]);
  });
});

describe('a site behind a proxy whose password is not in the keychain (a jump host, a service user)', () => {
  it('status and diagnose --site use FIELDKIT_PROXY_PASSWORD for the call, and never store it', async () => {
    const proxy = await startBasicAuthProxy('svc-fk', 'Jump-Host-Pw-7');
    try {
      await te.engine.profiles.proxies.save({ id: 'corp', type: 'explicit', host: '127.0.0.1', port: proxy.port, username: 'svc-fk' });
      const site = await te.engine.sites.save({ name: 'Gov DC', region: 'commercial', proxyProfileId: 'corp' });
      await te.engine.sites.recordAction(site.id, { kind: 'connected' });
      const env = { FIELDKIT_PROXY_PASSWORD: 'Jump-Host-Pw-7' };

      const without = await cli(['status']);
      expect(without.code).toBe(1);
      expect(without.out.join('\n')).toContain('has the username svc-fk but no password in the keychain');

      const r = await runCli(registerCloudConnectCommand, ['cloudconnect', 'status', '--json'], env, te);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out[0]!)).toMatchObject([{ siteName: 'Gov DC', state: 'connected' }]);
      expect(proxy.tunnels).toHaveLength(2);
      expect(proxy.refused).toBe(0);
      expect((await te.engine.profiles.proxies.list())[0]!.passwordSaved).toBe(false);

      const d = await runCli(registerDiagnoseCommand, ['diagnose', '--site', 'Gov DC', '--json'], env, te);
      expect(d.code).toBe(0);
      expect(proxy.tunnels).toHaveLength(4);
      expect(d.err.join('\n')).not.toMatch(/not set|no credentials/);
      expect(JSON.stringify(d)).not.toContain('Jump-Host-Pw-7');

      const noEnv = await runCli(registerDiagnoseCommand, ['diagnose', '--site', 'Gov DC', '--json'], {}, te);
      expect(noEnv.err).toContain(
        'fieldkit diagnose: The proxy has user svc-fk but no password (none in the keychain, FIELDKIT_PROXY_PASSWORD not set): no credentials are sent.',
      );
    } finally {
      await proxy.close();
    }
  });
});

describe('fieldkit cloudconnect watch', () => {
  it(
    'refreshes on the schedule, sees an endpoint go down and come back, notifies once each way, and stops cleanly on Ctrl-C',
    { timeout: 30_000 },
    async () => {
      await connectedSite();
      const out: string[] = [];
      const stop = new AbortController();
      const watching = cli(['watch'], { interrupt: stop.signal, out });
      await until(() => out.some((l) => l.includes('Berlin DC: Connected, 2 of 2 required endpoints reachable')));
      // Alive from the first line, before any refresh; each refresh says when the next one is.
      expect(out[0]).toBe(
        `Watching 1 Cloud Connect site (Berlin DC); next refresh ${clock.now().toISOString()} (Berlin DC); Ctrl-C stops.`,
      );
      expect(out.find((l) => l.includes(': Connected, '))).toMatch(
        /Berlin DC: Connected, 2 of 2 required endpoints reachable; next refresh \d{4}-/,
      );

      relay.up = false;
      clock.advance(6 * HOUR);
      await until(() => out.some((l) => l.includes('Berlin DC: Connected → Error')));
      await until(() => out.some((l) => l.includes('Notification (problem): Cloud Connect for Berlin DC is in Error')));

      relay.up = true;
      clock.advance(6 * HOUR);
      await until(() => out.some((l) => l.includes('Berlin DC: Error → Connected')));
      await until(() => out.some((l) => l.includes('Notification (recovery)')));

      stop.abort();
      const done = await watching;
      expect(done.code).toBe(0);
      expect(done.err).toEqual([]);
      expect(notified.map((n) => n.kind)).toEqual(['problem', 'recovery']);
      // Half-hour passes of the schedule refresh nothing between the six-hour marks.
      const refreshed = out.filter((l) => l.includes(': Connected, ') || l.includes(': Error, ')).length;
      expect(refreshed).toBe(3);
    },
  );

  it('Ctrl-C on a watch says the watch stops, not that anything on the appliances is undone', async () => {
    await connectedSite();
    const proc = Object.assign(new EventEmitter(), { pid: process.pid, kill: () => true }) as unknown as NodeJS.Process;
    const err: string[] = [];
    const interrupts = listenForInterrupts(proc, (t) => err.push(t));
    const out: string[] = [];
    const running = runFieldkit({
      argv: ['cloudconnect', 'watch'],
      io: { out: (t) => out.push(t), err: (t) => err.push(t) },
      version: '0.0.0-test',
      engine: () => Promise.resolve(te.engine),
      interrupts,
    });
    await until(() => out.some((l) => l.includes('Berlin DC: Connected, ')));
    proc.emit('SIGINT', 'SIGINT');
    expect(await running).toBe(0);
    interrupts.dispose();
    expect(err).toEqual([
      'fieldkit: SIGINT: stopping the watch; a refresh in progress is abandoned and not recorded, notifications already queued stay in the outbox.',
    ]);
  });

  it('refuses to watch when no site is saved', async () => {
    const r = await cli(['watch']);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('No Cloud Connect site is saved yet');
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
