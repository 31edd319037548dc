import type { ConnectionState, StatusEvent, StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import { durationInWords, STATE_IN_SENTENCE } from '../../../shared/cloud-connect-status-words.ts';
import { isBad } from './status-machine.ts';

/**
 * When Cloud Connect status notifications are sent, as the Console
 * documentation says: on Connected → Disconnected or Error (problem), on
 * Disconnected or Error → Connected (one recovery), and again every six hours
 * while a site stays Disconnected or Error (reminder). Pending never notifies.
 * Pure: the monitor keeps the bookkeeping in SQLite and hands the
 * notifications to the outbox, which sends each id once.
 */

export const REMINDER_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Per site: the bad spell under way, so reminders keep their rhythm across a restart. */
export interface NotificationBook {
  /** The event that began the spell: it makes the ids of the spell's notifications. */
  spellEventId?: number | undefined;
  spellSince?: string | undefined;
  /** The last problem or reminder, or the spell's start when none was sent. */
  lastSentAt?: string | undefined;
  reminders: number;
}

export const EMPTY_BOOK: NotificationBook = { reminders: 0 };

/** What the notifications say about the site now. */
export interface SiteSnapshot {
  siteId: string;
  siteName: string;
  state: ConnectionState;
  failures: Array<{ host: string; failure: string }>;
  lasDaysLeft?: number | undefined;
}

export interface RuleOutcome {
  notifications: StatusNotification[];
  book: NotificationBook;
}

/** What a transition (one event of the log) sends, and the bookkeeping after it. */
export function onTransition(event: StatusEvent, site: SiteSnapshot, book: NotificationBook): RuleOutcome {
  const wasBad = isBad(event.from);
  if (isBad(event.to)) {
    if (wasBad) return { notifications: [], book };
    const spell: NotificationBook = { spellEventId: event.id, spellSince: event.at, lastSentAt: event.at, reminders: 0 };
    if (event.from !== 'connected') return { notifications: [], book: spell };
    return { notifications: [notification('problem', `${event.id}:problem`, site, event.at, spell, event.from)], book: spell };
  }
  if (wasBad && event.to === 'connected') {
    const since = book.spellSince ?? event.at;
    return {
      notifications: [notification('recovery', `${event.id}:recovery`, site, event.at, { ...book, spellSince: since }, event.from)],
      book: EMPTY_BOOK,
    };
  }
  return { notifications: [], book: EMPTY_BOOK };
}

/** The reminder due now, if the site has stayed bad six hours since the last one; after a sleep, one reminder, not one per missed slot. */
export function dueReminder(site: SiteSnapshot, book: NotificationBook, now: Date): RuleOutcome {
  if (!isBad(site.state) || book.spellEventId === undefined || book.lastSentAt === undefined) return { notifications: [], book };
  if (now.getTime() - Date.parse(book.lastSentAt) < REMINDER_INTERVAL_MS) return { notifications: [], book };
  const at = now.toISOString();
  const next: NotificationBook = { ...book, lastSentAt: at, reminders: book.reminders + 1 };
  return { notifications: [notification('reminder', `${book.spellEventId}:reminder-${next.reminders}`, site, at, next)], book: next };
}

function notification(
  kind: 'problem' | 'reminder' | 'recovery',
  key: string,
  site: SiteSnapshot,
  at: string,
  book: NotificationBook,
  previousState?: ConnectionState,
): StatusNotification {
  const failures = kind === 'recovery' ? [] : site.failures;
  return {
    // The same on every retry and after a restart: the outbox sends each id once.
    id: `cloudconnect:${site.siteId}:${key}`,
    kind,
    siteId: site.siteId,
    siteName: site.siteName,
    state: site.state,
    ...(previousState ? { previousState } : {}),
    at,
    ...(book.spellSince ? { since: book.spellSince } : {}),
    failures,
    ...(kind !== 'recovery' && site.lasDaysLeft !== undefined ? { lasDaysLeft: site.lasDaysLeft } : {}),
    summary: summaryLine(kind, site, at, book.spellSince, previousState),
  };
}

function summaryLine(
  kind: 'problem' | 'reminder' | 'recovery',
  site: SiteSnapshot,
  at: string,
  since: string | undefined,
  previousState: ConnectionState | undefined,
): string {
  const lasting = since ? durationInWords(Date.parse(at) - Date.parse(since)) : undefined;
  const head = `Cloud Connect for ${site.siteName}`;
  if (kind === 'recovery') {
    const before = previousState ? ` ${STATE_IN_SENTENCE[previousState]}` : '';
    return `${head} is Connected again${lasting ? ` after ${lasting}${before}` : ''}.`;
  }
  const state = STATE_IN_SENTENCE[site.state];
  const what = kind === 'problem' ? `is ${state}` : `is still ${state}${lasting ? ` after ${lasting}` : ''}`;
  return `${head} ${what}: ${detail(site)}.`;
}

function detail(site: SiteSnapshot): string {
  if (site.state === 'disconnected') return 'a Disconnect was recorded, so every Cloud Connect feature of this Console is stopped';
  const n = site.failures.length;
  if (n === 0) return 'a required endpoint is not reachable from here';
  const hosts = site.failures.map((f) => f.host).join(', ');
  const las = site.lasDaysLeft !== undefined ? `; about ${site.lasDaysLeft} days left before the LAS activation blob would lapse` : '';
  return `${n} required endpoint${n === 1 ? '' : 's'} not reachable (${hosts})${las}`;
}
