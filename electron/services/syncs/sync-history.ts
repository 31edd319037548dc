import { tablesAtFirstUse } from '../storage/history-db.ts';
import type { DatabaseSync } from 'node:sqlite';
import { SyncRun } from '../../../shared/schemas/syncs.ts';
import type { ApplianceKey } from '../certificates/push-history.ts';
import type { MigrationSet } from '../storage/history-db.ts';

/**
 * Each sync's runs (so "last run" and the serial the appliances have survive
 * a restart), and which certkeys each sync created on which appliance, so a
 * sync's "remove expired" never touches a certkey another sync or a manual
 * push put there.
 */
export const SYNC_MIGRATIONS: MigrationSet = {
  name: 'cert-syncs',
  steps: [
    `CREATE TABLE sync_run (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       sync_id TEXT NOT NULL,
       started_at TEXT NOT NULL,
       outcome TEXT NOT NULL,
       serial TEXT,
       run_json TEXT NOT NULL
     );
     CREATE INDEX sync_run_by_sync ON sync_run (sync_id, id);
     CREATE TABLE sync_certkey (
       sync_id TEXT NOT NULL,
       host TEXT NOT NULL,
       port INTEGER NOT NULL,
       partition TEXT NOT NULL,
       certkey TEXT NOT NULL,
       role TEXT NOT NULL,
       serial TEXT,
       not_after TEXT,
       created_at TEXT NOT NULL,
       removed_at TEXT,
       PRIMARY KEY (sync_id, host, port, partition, certkey)
     );`,
  ],
};

export interface SyncCertkey {
  name: string;
  role: 'leaf' | 'chain';
  serialHex: string;
  notAfter: string;
}

/** A run that leaves the appliances with the source's certificate. */
const SETTLED = ['succeeded', 'unchanged'];

export class SyncHistory {
  /** The database, its tables checked at first use. */
  private readonly database: () => DatabaseSync;
  private readonly now: () => Date;

  constructor(db: DatabaseSync, opts: { now?: () => Date } = {}) {
    this.database = tablesAtFirstUse(db, 'sync_run', 'the sync tables (migration set "cert-syncs")');
    this.now = opts.now ?? (() => new Date());
  }

  private get db(): DatabaseSync {
    return this.database();
  }

  recordRun(run: SyncRun): void {
    this.db
      .prepare('INSERT INTO sync_run (sync_id, started_at, outcome, serial, run_json) VALUES (?, ?, ?, ?, ?)')
      .run(run.syncId, run.startedAt, run.outcome, run.serialHex ?? null, JSON.stringify(run));
  }

  lastRun(syncId: string): SyncRun | undefined {
    return this.parse(this.db.prepare('SELECT run_json FROM sync_run WHERE sync_id = ? ORDER BY id DESC LIMIT 1').get(syncId));
  }

  /** The newest runs of every sync, newest first (a support bundle's history). */
  recentRuns(limit: number): SyncRun[] {
    return this.db
      .prepare('SELECT run_json FROM sync_run ORDER BY id DESC LIMIT ?')
      .all(limit)
      .flatMap((row) => this.parse(row) ?? []);
  }

  /** The last run after which every appliance had the source's certificate: its serial is what a renewal must differ from. */
  lastSuccess(syncId: string): SyncRun | undefined {
    return this.parse(
      this.db
        .prepare(
          `SELECT run_json FROM sync_run WHERE sync_id = ? AND outcome IN (${SETTLED.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 1`,
        )
        .get(syncId, ...SETTLED),
    );
  }

  recordCreated(syncId: string, key: ApplianceKey, certkeys: SyncCertkey[]): void {
    const stmt = this.db.prepare(
      'INSERT OR REPLACE INTO sync_certkey (sync_id, host, port, partition, certkey, role, serial, not_after, created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
    );
    for (const c of certkeys)
      stmt.run(syncId, key.host, key.port, key.partition, c.name, c.role, c.serialHex, c.notAfter, this.now().toISOString());
  }

  /** The certkeys this sync created on that appliance and has not removed. */
  created(syncId: string, key: ApplianceKey): SyncCertkey[] {
    const rows = this.db
      .prepare(
        'SELECT certkey, role, serial, not_after FROM sync_certkey WHERE sync_id = ? AND host = ? AND port = ? AND partition = ? AND removed_at IS NULL ORDER BY created_at, certkey',
      )
      .all(syncId, key.host, key.port, key.partition) as Array<Record<string, string | null>>;
    return rows.map((r) => ({
      name: String(r['certkey']),
      role: r['role'] === 'chain' ? 'chain' : 'leaf',
      serialHex: String(r['serial'] ?? ''),
      notAfter: String(r['not_after'] ?? ''),
    }));
  }

  markRemoved(syncId: string, key: ApplianceKey, certkeys: string[]): void {
    const stmt = this.db.prepare(
      'UPDATE sync_certkey SET removed_at = ? WHERE sync_id = ? AND host = ? AND port = ? AND partition = ? AND certkey = ?',
    );
    for (const name of certkeys) stmt.run(this.now().toISOString(), syncId, key.host, key.port, key.partition, name);
  }

  /** A removed sync's runs and records go with it. */
  forget(syncId: string): void {
    this.db.prepare('DELETE FROM sync_run WHERE sync_id = ?').run(syncId);
    this.db.prepare('DELETE FROM sync_certkey WHERE sync_id = ?').run(syncId);
  }

  private parse(row: unknown): SyncRun | undefined {
    if (!row) return undefined;
    const parsed = SyncRun.safeParse(JSON.parse(String((row as { run_json: string }).run_json)));
    return parsed.success ? parsed.data : undefined;
  }
}
