import { tablesAtFirstUse } from '../storage/history-db.ts';
import type { DatabaseSync } from 'node:sqlite';
import { ConnectionState, RefreshResult, type StatusEvent } from '../../../shared/schemas/cloud-connect-status.ts';
import type { MigrationSet } from '../storage/history-db.ts';
import type { NotificationBook } from './notification-rules.ts';

/**
 * Each site's status (state, since when, the last refresh, since when it has
 * been failing, the notification bookkeeping) and the event log of every
 * transition: a restart continues where the monitor stopped, and the CLI and
 * the app see the same.
 */
export const CLOUD_CONNECT_MIGRATIONS: MigrationSet = {
  name: 'cloud-connect',
  steps: [
    `CREATE TABLE cloud_connect_site (
       site_id TEXT PRIMARY KEY,
       site_name TEXT NOT NULL,
       state TEXT NOT NULL,
       since TEXT NOT NULL,
       site_marker TEXT NOT NULL,
       last_refresh_at TEXT,
       last_refresh_json TEXT,
       failing_since TEXT,
       spell_event_id INTEGER,
       spell_since TEXT,
       last_sent_at TEXT,
       reminders INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE cloud_connect_event (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       site_id TEXT NOT NULL,
       site_name TEXT NOT NULL,
       at TEXT NOT NULL,
       from_state TEXT,
       to_state TEXT NOT NULL,
       reason TEXT NOT NULL
     );
     CREATE INDEX cloud_connect_event_by_site ON cloud_connect_event (site_id, id);`,
  ],
};

/** One site's row. */
export interface StoredSiteStatus {
  siteId: string;
  siteName: string;
  state: ConnectionState;
  since: string;
  /** What the site's saved facts were when last applied (confirmedAt, last Disconnect): a change made elsewhere is seen by comparing. */
  siteMarker: string;
  lastRefresh?: RefreshResult | undefined;
  failingSince?: string | undefined;
  book: NotificationBook;
}

type Row = Record<string, string | number | null>;

export class StatusStore {
  /** The database, its tables checked at first use. */
  private readonly database: () => DatabaseSync;

  constructor(db: DatabaseSync) {
    this.database = tablesAtFirstUse(db, 'cloud_connect_site', 'the Cloud Connect tables (migration set "cloud-connect")');
  }

  private get db(): DatabaseSync {
    return this.database();
  }

  get(siteId: string): StoredSiteStatus | undefined {
    const row = this.db.prepare('SELECT * FROM cloud_connect_site WHERE site_id = ?').get(siteId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  all(): StoredSiteStatus[] {
    return (this.db.prepare('SELECT * FROM cloud_connect_site').all() as Row[]).map(fromRow);
  }

  put(s: StoredSiteStatus): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO cloud_connect_site
           (site_id, site_name, state, since, site_marker, last_refresh_at, last_refresh_json, failing_since,
            spell_event_id, spell_since, last_sent_at, reminders)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.siteId,
        s.siteName,
        s.state,
        s.since,
        s.siteMarker,
        s.lastRefresh?.at ?? null,
        s.lastRefresh ? JSON.stringify(s.lastRefresh) : null,
        s.failingSince ?? null,
        s.book.spellEventId ?? null,
        s.book.spellSince ?? null,
        s.book.lastSentAt ?? null,
        s.book.reminders,
      );
  }

  /** A removed site's status goes; its events stay in the log under its name. */
  forget(siteId: string): void {
    this.db.prepare('DELETE FROM cloud_connect_site WHERE site_id = ?').run(siteId);
  }

  addEvent(e: Omit<StatusEvent, 'id'>): StatusEvent {
    const row = this.db
      .prepare(
        'INSERT INTO cloud_connect_event (site_id, site_name, at, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      )
      .get(e.siteId, e.siteName, e.at, e.from ?? null, e.to, e.reason) as { id: number };
    return { id: Number(row.id), ...e };
  }

  /** Newest first. */
  events(filter: { siteId?: string | undefined; state?: ConnectionState | undefined; limit: number }): StatusEvent[] {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (filter.siteId !== undefined) {
      where.push('site_id = ?');
      args.push(filter.siteId);
    }
    if (filter.state !== undefined) {
      where.push('to_state = ?');
      args.push(filter.state);
    }
    const sql = `SELECT * FROM cloud_connect_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as Row[]).map((r) => ({
      id: Number(r['id']),
      siteId: String(r['site_id']),
      siteName: String(r['site_name']),
      at: String(r['at']),
      ...(r['from_state'] !== null ? { from: ConnectionState.parse(r['from_state']) } : {}),
      to: ConnectionState.parse(r['to_state']),
      reason: String(r['reason']),
    }));
  }

  /** Several writes that stand or fall together (a transition, its event and its notifications' bookkeeping). */
  inTransaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }
}

function fromRow(r: Row): StoredSiteStatus {
  const refresh = r['last_refresh_json'] === null ? undefined : RefreshResult.safeParse(JSON.parse(String(r['last_refresh_json'])));
  const opt = (k: string) => (r[k] === null || r[k] === undefined ? undefined : String(r[k]));
  return {
    siteId: String(r['site_id']),
    siteName: String(r['site_name']),
    state: ConnectionState.parse(r['state']),
    since: String(r['since']),
    siteMarker: String(r['site_marker']),
    lastRefresh: refresh?.success ? refresh.data : undefined,
    failingSince: opt('failing_since'),
    book: {
      spellEventId: r['spell_event_id'] === null ? undefined : Number(r['spell_event_id']),
      spellSince: opt('spell_since'),
      lastSentAt: opt('last_sent_at'),
      reminders: Number(r['reminders'] ?? 0),
    },
  };
}
