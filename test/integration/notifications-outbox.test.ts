import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { GIVE_UP_AFTER_MS } from '../../electron/services/notifications/retry-schedule.ts';
import {
  startPagerDutyReceiver,
  startSlackReceiver,
  type PagerDutyReceiver,
  type SlackReceiver,
} from '../support/notification-receivers.ts';
import { fakeClock, startNotifyEngine, statusNotification, type FakeClock } from '../support/notification-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';

/**
 * Reliable delivery under a fake clock: retries with backoff (Retry-After
 * honoured), giving up with a visible error, delivery in order per site,
 * and nothing sent twice, also across a restart on the same data folder.
 */
let slack: SlackReceiver;
let pd: PagerDutyReceiver;
const open: TestEngine[] = [];
const folders: string[] = [];

beforeAll(async () => {
  [slack, pd] = await Promise.all([startSlackReceiver(), startPagerDutyReceiver()]);
});
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});
afterAll(async () => {
  await Promise.all([slack.close(), pd.close()]);
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

async function engineWithSlack(clock: FakeClock, opts: { dataFolder?: string; vault?: MemoryVault; save?: boolean } = {}) {
  const t = await startNotifyEngine({ clock, pagerDutyUrl: pd.eventsUrl, ...opts });
  open.push(t);
  if (opts.save !== false) {
    await t.engine.notifications.save({
      channel: { kind: 'slack', name: 'Ops', enabled: true, cloudConnectStatus: true },
      secret: slack.webhookUrl,
    });
  }
  return t;
}

const slackCount = () => slack.accepted.length;

describe('retries', () => {
  it('tries again with growing waits, and sends once the service is back', async () => {
    const clock = fakeClock();
    const t = await engineWithSlack(clock);
    const api = t.engine.notifications;
    slack.failNext({ status: 500, body: 'rollup_error' }, 2);
    await api.enqueue(statusNotification('problem', { at: clock.now().toISOString() }));
    const before = slackCount();

    expect(await api.deliverDue()).toEqual({ sent: 0, failed: 1, givenUp: 0 });
    let [row] = await api.outbox();
    // 30 s backoff, half of it fixed and half jittered (the test's jitter is 0.5): 22.5 s.
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Slack had a problem on its side (rollup_error).' });
    expect(Date.parse(row!.nextAttemptAt!) - clock.now().getTime()).toBe(22_500);

    clock.advance(10_000);
    expect(await api.deliverDue()).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    clock.advance(12_500);
    await api.deliverDue();
    [row] = await api.outbox();
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(Date.parse(row!.nextAttemptAt!) - clock.now().getTime()).toBe(45_000);

    clock.advance(45_000);
    expect(await api.deliverDue()).toEqual({ sent: 1, failed: 0, givenUp: 0 });
    expect(await api.outbox()).toEqual([]);
    expect((await api.outbox({ statuses: ['sent'] }))[0]).toMatchObject({ attempts: 3, channelName: 'Ops', channelKind: 'slack' });
    expect(slackCount()).toBe(before + 1);
  });

  it('waits as long as a 429 asks (Retry-After)', async () => {
    const clock = fakeClock();
    const t = await engineWithSlack(clock);
    slack.failNext({ status: 429, body: 'rate_limited', headers: { 'retry-after': '120' } });
    await t.engine.notifications.enqueue(statusNotification('problem', { at: clock.now().toISOString() }));
    await t.engine.notifications.deliverDue();
    const [row] = await t.engine.notifications.outbox();
    expect(row).toMatchObject({ status: 'failed', lastError: 'Slack asks to slow down (HTTP 429, rate limited).' });
    expect(Date.parse(row!.nextAttemptAt!) - clock.now().getTime()).toBe(120_000);
  });

  it('gives up at once on an answer that will not change, and says so', async () => {
    const clock = fakeClock();
    const t = await engineWithSlack(clock);
    slack.failNext({ status: 400, body: 'invalid_payload' });
    await t.engine.notifications.enqueue(statusNotification('problem', { at: clock.now().toISOString() }));
    expect(await t.engine.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, givenUp: 1 });
    const [row] = await t.engine.notifications.outbox();
    expect(row).toMatchObject({ status: 'given-up', attempts: 1 });
    expect(row!.lastError).toMatch(/^Slack refused the message as malformed \(invalid_payload\)\. \(not retried/);
  });

  it('gives up after twelve tries while the service stays down, with the last error', async () => {
    const clock = fakeClock();
    const t = await engineWithSlack(clock);
    const api = t.engine.notifications;
    slack.failNext({ status: 503, body: '' }, 100);
    const queuedAt = clock.now().getTime();
    await api.enqueue(statusNotification('problem', { at: clock.now().toISOString() }));
    const attempts: number[] = [];
    for (let i = 0; i < 40; i++) {
      const pass = await api.deliverDue();
      if (pass.failed || pass.givenUp) attempts.push(clock.now().getTime() - queuedAt);
      if (pass.givenUp) break;
      clock.advance(60_000 * 30);
    }
    const [row] = await api.outbox();
    expect(row).toMatchObject({ status: 'given-up', attempts: 12 });
    expect(row!.lastError).toMatch(/^Slack refused the message \(HTTP 503\)\. \(given up after 12 attempts\)$/);
    expect(attempts.at(-1)).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
    slack.clearFailures();
  });
});

describe('a day at most', () => {
  it('gives up once the next try would fall more than a day after queueing', async () => {
    const clock = fakeClock();
    const t = await engineWithSlack(clock);
    const api = t.engine.notifications;
    slack.failNext({ status: 429, body: 'rate_limited', headers: { 'retry-after': String(6 * 3600) } }, 10);
    await api.enqueue(statusNotification('problem', { at: clock.now().toISOString() }));
    const passes = [];
    for (let i = 0; i < 5; i++) {
      passes.push(await api.deliverDue());
      clock.advance(6 * 3600_000);
    }
    slack.clearFailures();
    expect(passes.map((p) => p.givenUp)).toEqual([0, 0, 0, 0, 1]);
    expect((await api.outbox())[0]).toMatchObject({ status: 'given-up', attempts: 5 });
    expect((await api.outbox())[0]!.lastError).toMatch(/given up 24 hours after it was queued/);
  });
});

describe('order per site', () => {
  it('holds a recovery back until the problem it resolves has gone out', async () => {
    const clock = fakeClock();
    const t = await startNotifyEngine({ clock, pagerDutyUrl: pd.eventsUrl });
    open.push(t);
    const api = t.engine.notifications;
    await api.save({
      channel: { kind: 'pagerduty', name: 'On call', enabled: true, cloudConnectStatus: true },
      secret: pd.routingKey,
    });
    const siteId = 'site-order';
    pd.failNext({ status: 500, body: '{}' });
    await api.enqueue(statusNotification('problem', { at: clock.now().toISOString(), siteId }));
    expect((await api.deliverDue()).failed).toBe(1);
    await api.enqueue(statusNotification('recovery', { at: clock.now().toISOString(), siteId }));
    expect(await api.deliverDue()).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    clock.advance(60_000);
    expect((await api.deliverDue()).sent).toBe(2);
    const mine = pd.events.filter((e) => e.dedup_key === `fieldkit-cloudconnect-${siteId}`);
    expect(mine.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(pd.alerts.get(`fieldkit-cloudconnect-${siteId}`)).toBe('resolved');
  });
});

describe('across a restart', () => {
  function restartable() {
    const dataFolder = mkdtempSync(join(tmpdir(), 'fieldkit-notify-'));
    folders.push(dataFolder);
    return { dataFolder, vault: new MemoryVault('kept across the restart') };
  }

  it('never sends one event twice, however often it is queued', async () => {
    const clock = fakeClock();
    const kept = restartable();
    const first = await engineWithSlack(clock, kept);
    const n = statusNotification('problem', { at: clock.now().toISOString() });
    const before = slackCount();
    await first.engine.notifications.enqueue(n);
    await first.engine.notifications.deliverDue();
    first.close();
    open.splice(open.indexOf(first), 1);

    const second = await engineWithSlack(clock, { ...kept, save: false });
    expect(await second.engine.notifications.enqueue(n)).toEqual({ queued: 0 });
    await second.engine.notifications.deliverDue();
    expect(slackCount()).toBe(before + 1);
  });

  it('retries a send that was under way when the process stopped, once, after the lease', async () => {
    const clock = fakeClock();
    const kept = restartable();
    const first = await engineWithSlack(clock, kept);
    await first.engine.notifications.enqueue(statusNotification('problem', { at: clock.now().toISOString() }));
    first.close();
    open.splice(open.indexOf(first), 1);
    // The process stopped between "sending" and the answer.
    const db = new DatabaseSync(join(kept.dataFolder, 'history.sqlite'));
    db.prepare(`UPDATE notification_outbox SET status = 'sending', attempts = 1, last_attempt_at = ?`).run(clock.now().toISOString());
    db.close();

    const before = slackCount();
    const second = await engineWithSlack(clock, { ...kept, save: false });
    expect(await second.engine.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    clock.advance(2 * 60_000);
    expect(await second.engine.notifications.deliverDue()).toEqual({ sent: 1, failed: 0, givenUp: 0 });
    expect(await second.engine.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    expect(slackCount()).toBe(before + 1);
    expect((await second.engine.notifications.outbox({ statuses: ['sent'] }))[0]).toMatchObject({ attempts: 2 });
  });
});

describe('the background loop', () => {
  it('delivers what is queued without being asked, and stops cleanly', async () => {
    const clock = fakeClock();
    const t = await engineWithSlack(clock);
    const api = t.engine.notifications;
    api.startDelivery({ intervalMs: 60_000 });
    const before = slackCount();
    await api.enqueue(statusNotification('problem', { at: clock.now().toISOString() }));
    await expect.poll(slackCount, { timeout: 5000 }).toBe(before + 1);
    await api.stopDelivery();
    await api.enqueue(statusNotification('reminder', { at: clock.now().toISOString() }));
    await new Promise((r) => setTimeout(r, 200));
    expect(slackCount()).toBe(before + 1);
    expect((await api.outbox())[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
