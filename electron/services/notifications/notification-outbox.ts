import { tablesAtFirstUse } from '../storage/history-db.ts';
import type { DatabaseSync } from 'node:sqlite';
import { StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import type { OutboxStatus } from '../../../shared/schemas/notifications.ts';
import type { MigrationSet } from '../storage/history-db.ts';

/**
 * The outbox: one row per notification and channel. The UNIQUE pair is what
 * makes delivery at most once per event: enqueueing the same notification
 * again, in this process or after a restart, adds nothing. ServiceNow
 * incidents opened per channel and site are kept beside it, so a reminder
 * becomes a work note and a recovery resolves the same incident.
 */
export const NOTIFICATION_MIGRATIONS: MigrationSet = {
  name: 'notifications',
  steps: [
    `CREATE TABLE notification_outbox (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       notification_id TEXT NOT NULL,
       channel_id TEXT NOT NULL,
       site_id TEXT NOT NULL,
       notification_json TEXT NOT NULL,
       status TEXT NOT NULL,
       attempts INTEGER NOT NULL DEFAULT 0,
       created_at TEXT NOT NULL,
       next_attempt_at TEXT,
       last_attempt_at TEXT,
       sent_at TEXT,
       last_error TEXT,
       UNIQUE (notification_id, channel_id)
     );
     CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
     CREATE TABLE servicenow_incident (
       channel_id TEXT NOT NULL,
       site_id TEXT NOT NULL,
       sys_id TEXT NOT NULL,
       number TEXT,
       opened_at TEXT NOT NULL,
       PRIMARY KEY (channel_id, site_id)
     );`,
  ],
};

export interface OutboxRow {
  id: number;
  notificationId: string;
  channelId: string;
  notification: StatusNotification;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  sentAt?: string;
  lastError?: string;
}

interface RawRow {
  id: number;
  notification_id: string;
  channel_id: string;
  notification_json: string;
  status: string;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  sent_at: string | null;
  last_error: string | null;
}

export interface OpenIncident {
  sysId: string;
  number?: string;
}

export class NotificationOutbox {
  /** The database, its tables checked at first use. */
  private readonly database: () => DatabaseSync;

  constructor(db: DatabaseSync) {
    this.database = tablesAtFirstUse(db, 'notification_outbox', 'the notification tables (migration set "notifications")');
  }

  private get db(): DatabaseSync {
    return this.database();
  }

  /** Adds the notification for each channel that does not have it yet; answers how many rows were new. */
  add(notification: StatusNotification, channelIds: readonly string[], at: string): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO notification_outbox
         (notification_id, channel_id, site_id, notification_json, status, attempts, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
    );
    let added = 0;
    for (const channelId of channelIds) {
      added += Number(insert.run(notification.id, channelId, notification.siteId, JSON.stringify(notification), at, at).changes);
    }
    return added;
  }

  /**
   * Rows to try now: due pending and failed ones, and ones left "sending" by
   * a process that stopped mid-request (older than the lease), oldest first.
   * A row waits while an older one for the same channel and site is still
   * undelivered, so a recovery never overtakes the problem it resolves.
   */
  due(now: string, leaseExpiredBefore: string, limit = 50): OutboxRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM notification_outbox AS row
         WHERE ((row.status IN ('pending', 'failed') AND row.next_attempt_at <= ?)
             OR (row.status = 'sending' AND row.last_attempt_at <= ?))
           AND NOT EXISTS (
             SELECT 1 FROM notification_outbox AS older
             WHERE older.channel_id = row.channel_id AND older.site_id = row.site_id AND older.id < row.id
               AND older.status IN ('pending', 'failed', 'sending'))
         ORDER BY row.id LIMIT ?`,
      )
      .all(now, leaseExpiredBefore, limit) as unknown as RawRow[];
    return rows.map(toRow);
  }

  /**
   * Takes the row for one attempt, if no other process took it first (the
   * app and `fieldkit cloudconnect watch` may share the data folder).
   */
  claim(row: OutboxRow, at: string): boolean {
    const result = this.db
      .prepare(
        `UPDATE notification_outbox SET status = 'sending', attempts = attempts + 1, last_attempt_at = ?
         WHERE id = ? AND status = ? AND attempts = ?`,
      )
      .run(at, row.id, row.status, row.attempts);
    return Number(result.changes) === 1;
  }

  markSent(id: number, at: string): void {
    this.db
      .prepare(`UPDATE notification_outbox SET status = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?`)
      .run(at, id);
  }

  markFailed(id: number, error: string, nextAttemptAt: string): void {
    this.db
      .prepare(`UPDATE notification_outbox SET status = 'failed', last_error = ?, next_attempt_at = ? WHERE id = ?`)
      .run(error, nextAttemptAt, id);
  }

  markGivenUp(id: number, error: string): void {
    this.db
      .prepare(`UPDATE notification_outbox SET status = 'given-up', last_error = ?, next_attempt_at = NULL WHERE id = ?`)
      .run(error, id);
  }

  /** Newest first; sent rows only when asked for. */
  list(opts: { statuses?: readonly OutboxStatus[]; limit?: number } = {}): OutboxRow[] {
    const statuses = opts.statuses ?? ['pending', 'sending', 'failed', 'given-up'];
    const marks = statuses.map(() => '?').join(', ');
    const rows = this.db
      .prepare(`SELECT * FROM notification_outbox WHERE status IN (${marks}) ORDER BY id DESC LIMIT ?`)
      .all(...statuses, opts.limit ?? 200) as unknown as RawRow[];
    return rows.map(toRow);
  }

  /** A removed channel's undelivered rows go: there is nowhere left to send them. */
  dropUndelivered(channelId: string): void {
    this.db.prepare(`DELETE FROM notification_outbox WHERE channel_id = ? AND status IN ('pending', 'failed', 'sending')`).run(channelId);
    this.db.prepare(`DELETE FROM servicenow_incident WHERE channel_id = ?`).run(channelId);
  }

  openIncident(channelId: string, siteId: string): OpenIncident | undefined {
    const row = this.db
      .prepare(`SELECT sys_id, number FROM servicenow_incident WHERE channel_id = ? AND site_id = ?`)
      .get(channelId, siteId) as { sys_id: string; number: string | null } | undefined;
    return row ? { sysId: row.sys_id, ...(row.number ? { number: row.number } : {}) } : undefined;
  }

  recordIncident(channelId: string, siteId: string, incident: OpenIncident, at: string): void {
    this.db
      .prepare(
        `INSERT INTO servicenow_incident (channel_id, site_id, sys_id, number, opened_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel_id, site_id) DO UPDATE SET sys_id = excluded.sys_id, number = excluded.number, opened_at = excluded.opened_at`,
      )
      .run(channelId, siteId, incident.sysId, incident.number ?? null, at);
  }

  closeIncident(channelId: string, siteId: string): void {
    this.db.prepare(`DELETE FROM servicenow_incident WHERE channel_id = ? AND site_id = ?`).run(channelId, siteId);
  }
}

function toRow(r: RawRow): OutboxRow {
  return {
    id: r.id,
    notificationId: r.notification_id,
    channelId: r.channel_id,
    notification: StatusNotification.parse(JSON.parse(r.notification_json)),
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    createdAt: r.created_at,
    ...(r.next_attempt_at ? { nextAttemptAt: r.next_attempt_at } : {}),
    ...(r.last_attempt_at ? { lastAttemptAt: r.last_attempt_at } : {}),
    ...(r.sent_at ? { sentAt: r.sent_at } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
  };
}
