import type { DatabaseSync } from 'node:sqlite';

/** The status monitor's event log (its own migration set); older data folders and builds without the monitor have none. */
export const CLOUD_CONNECT_EVENTS_TABLE = 'cloud_connect_events';

/**
 * The newest rows of the Cloud Connect event log, newest first, as the table
 * holds them: the support bundle shows them as they are, whatever columns the
 * monitor keeps. Undefined when the table does not exist.
 */
export function readCloudConnectEvents(db: DatabaseSync, limit: number): Array<Record<string, unknown>> | undefined {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`).get(CLOUD_CONNECT_EVENTS_TABLE);
  if (!table) return undefined;
  try {
    return db.prepare(`SELECT * FROM ${CLOUD_CONNECT_EVENTS_TABLE} ORDER BY rowid DESC LIMIT ?`).all(limit);
  } catch {
    // A table declared WITHOUT ROWID has no insertion order to go by: its rows as the table keeps them.
    return db.prepare(`SELECT * FROM ${CLOUD_CONNECT_EVENTS_TABLE} LIMIT ?`).all(limit);
  }
}
