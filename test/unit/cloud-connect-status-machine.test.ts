import { describe, expect, it } from 'vitest';
import type { ConnectionState, RefreshResult, StatusEvent } from '../../shared/schemas/cloud-connect-status.ts';
import { transition, TRANSITIONS, type StatusInput } from '../../electron/services/cloud-connect/status-machine.ts';
import { dueReminder, EMPTY_BOOK, onTransition, REMINDER_INTERVAL_MS } from '../../electron/services/cloud-connect/notification-rules.ts';

const at = '2026-03-02T08:00:00.000Z';
const ok: RefreshResult = { siteId: 's1', at, allReachable: true, endpoints: [{ host: 'trust.citrixnetworkapi.net', reachable: true }] };
const failing: RefreshResult = {
  siteId: 's1',
  at,
  allReachable: false,
  endpoints: [{ host: 'trust.citrixnetworkapi.net', reachable: false, failure: 'SSL certificate verification failed (x)' }],
};
const notRun: RefreshResult = { siteId: 's1', at, allReachable: false, endpoints: [], error: "The site's proxy profile no longer exists" };

const refresh = (result: RefreshResult, confirmed = true): StatusInput => ({ kind: 'refresh', result, confirmed });
const to = (from: ConnectionState | undefined, input: StatusInput) => transition(from, input)?.to;

describe('the Cloud Connect state machine', () => {
  it('starts a site Pending while onboarding is under way or just confirmed, Disconnected when Disconnect was recorded last', () => {
    expect(to(undefined, { kind: 'first-seen', phase: 'onboarding' })).toBe('pending');
    expect(to(undefined, { kind: 'first-seen', phase: 'confirmed' })).toBe('pending');
    expect(to(undefined, { kind: 'first-seen', phase: 'disconnected' })).toBe('disconnected');
  });

  it('a confirmed site is Connected when a refresh reaches every required endpoint, Error when one is not reachable', () => {
    expect(to('pending', refresh(ok))).toBe('connected');
    expect(to('pending', refresh(failing))).toBe('error');
    expect(to('connected', refresh(failing))).toBe('error');
    expect(to('error', refresh(ok))).toBe('connected');
    // Staying put is no transition (no event in the log).
    expect(to('connected', refresh(ok))).toBeUndefined();
    expect(to('error', refresh(failing))).toBeUndefined();
  });

  it('a refresh never moves a site whose onboarding is not confirmed, nor a Disconnected site, nor when it could not run', () => {
    expect(to('pending', refresh(ok, false))).toBeUndefined();
    expect(to('pending', refresh(failing, false))).toBeUndefined();
    expect(to('disconnected', refresh(ok))).toBeUndefined();
    expect(to('disconnected', refresh(failing))).toBeUndefined();
    for (const from of ['connected', 'error', 'pending'] as const) expect(to(from, refresh(notRun))).toBeUndefined();
  });

  it('a Disconnect recorded by the admin moves any other state to Disconnected; restarting the onboarding moves to Pending', () => {
    for (const from of ['pending', 'connected', 'error'] as const) expect(to(from, { kind: 'disconnected' })).toBe('disconnected');
    for (const from of ['connected', 'error', 'disconnected'] as const) expect(to(from, { kind: 'onboarding-restarted' })).toBe('pending');
    expect(to('disconnected', { kind: 'confirmed' })).toBe('pending');
    expect(to('connected', { kind: 'confirmed' })).toBeUndefined();
  });

  it('every row leads somewhere else and is written in words', () => {
    for (const row of TRANSITIONS) {
      expect(row.from).not.toContain(row.to);
      expect(row.when.length).toBeGreaterThan(10);
    }
  });
});

const site = {
  siteId: 's1',
  siteName: 'Berlin DC',
  failures: [{ host: 'trust.citrixnetworkapi.net', failure: 'SSL certificate verification failed (x)' }],
};
const event = (id: number, from: ConnectionState | undefined, toState: ConnectionState, when = at): StatusEvent => ({
  id,
  siteId: 's1',
  siteName: 'Berlin DC',
  at: when,
  ...(from ? { from } : {}),
  to: toState,
  reason: 'x',
});

describe('the notification rules', () => {
  it('Connected → Error is a problem with a stable id, the failures and a summary in words', () => {
    const { notifications, book } = onTransition(event(7, 'connected', 'error'), { ...site, state: 'error', lasDaysLeft: 30 }, EMPTY_BOOK);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      id: 'cloudconnect:s1:7:problem',
      kind: 'problem',
      state: 'error',
      previousState: 'connected',
      since: at,
      lasDaysLeft: 30,
      failures: site.failures,
    });
    expect(notifications[0]!.summary).toBe(
      'Cloud Connect for Berlin DC is in Error: 1 required endpoint not reachable (trust.citrixnetworkapi.net); about 30 days left before the LAS activation blob would lapse.',
    );
    expect(book).toMatchObject({ spellEventId: 7, spellSince: at, lastSentAt: at, reminders: 0 });
  });

  it('Connected → Disconnected is a problem; Error → Disconnected sends nothing new', () => {
    const first = onTransition(event(3, 'connected', 'disconnected'), { ...site, state: 'disconnected', failures: [] }, EMPTY_BOOK);
    expect(first.notifications[0]!.summary).toContain('is Disconnected: a Disconnect was recorded');
    const again = onTransition(event(4, 'error', 'disconnected'), { ...site, state: 'disconnected' }, first.book);
    expect(again.notifications).toEqual([]);
    expect(again.book).toEqual(first.book);
  });

  it('Pending never notifies, whatever it moves to or from', () => {
    for (const [from, toState] of [
      [undefined, 'pending'],
      ['pending', 'connected'],
      ['pending', 'error'],
      ['error', 'pending'],
      ['connected', 'pending'],
    ] as const) {
      expect(onTransition(event(1, from, toState), { ...site, state: toState }, EMPTY_BOOK).notifications).toEqual([]);
    }
  });

  it('reminds every six hours while bad, once after a long sleep, with ids that count on', () => {
    const start = onTransition(event(9, 'connected', 'error'), { ...site, state: 'error' }, EMPTY_BOOK).book;
    const snap = { ...site, state: 'error' as const };
    const t0 = Date.parse(at);
    expect(dueReminder(snap, start, new Date(t0 + REMINDER_INTERVAL_MS - 1)).notifications).toEqual([]);
    const r1 = dueReminder(snap, start, new Date(t0 + REMINDER_INTERVAL_MS));
    expect(r1.notifications.map((n) => [n.id, n.kind])).toEqual([['cloudconnect:s1:9:reminder-1', 'reminder']]);
    expect(r1.notifications[0]!.summary).toBe(
      'Cloud Connect for Berlin DC is still in Error after 6 hours: 1 required endpoint not reachable (trust.citrixnetworkapi.net).',
    );
    const afterSleep = dueReminder(snap, r1.book, new Date(t0 + 3 * 24 * 3_600_000));
    expect(afterSleep.notifications.map((n) => n.id)).toEqual(['cloudconnect:s1:9:reminder-2']);
    expect(dueReminder(snap, afterSleep.book, new Date(t0 + 3 * 24 * 3_600_000 + 60_000)).notifications).toEqual([]);
    expect(dueReminder({ ...site, state: 'connected' }, start, new Date(t0 + REMINDER_INTERVAL_MS)).notifications).toEqual([]);
  });

  it('recovery is a single notification and ends the spell', () => {
    const start = onTransition(event(9, 'connected', 'error'), { ...site, state: 'error' }, EMPTY_BOOK).book;
    const back = onTransition(event(12, 'error', 'connected', '2026-03-02T15:30:00.000Z'), { ...site, state: 'connected' }, start);
    expect(back.notifications).toHaveLength(1);
    expect(back.notifications[0]).toMatchObject({
      id: 'cloudconnect:s1:12:recovery',
      kind: 'recovery',
      previousState: 'error',
      failures: [],
    });
    expect(back.notifications[0]!.summary).toBe('Cloud Connect for Berlin DC is Connected again after 7 hours in Error.');
    expect(back.book).toEqual(EMPTY_BOOK);
    expect(dueReminder({ ...site, state: 'connected' }, back.book, new Date('2026-03-05T00:00:00.000Z')).notifications).toEqual([]);
  });
});
