import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { DatabaseSync } from 'node:sqlite';
import { DiagnosticsRun, type RunListItem } from '../../../shared/schemas/diagnostics.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import type { MigrationSet } from '../storage/history-db.ts';
import { schemaError } from './diagnose-request.ts';

/** The diagnostics tables, for openHistoryDb(path, [..., DIAGNOSTICS_MIGRATIONS]). */
export const DIAGNOSTICS_MIGRATIONS: MigrationSet = {
  name: 'diagnostics',
  steps: [
    `CREATE TABLE diagnostics_runs (
       id TEXT PRIMARY KEY,
       started_at TEXT NOT NULL,
       region TEXT NOT NULL,
       verdict TEXT NOT NULL,
       headline TEXT NOT NULL,
       proxy TEXT,
       run_json TEXT NOT NULL
     )`,
    'CREATE INDEX diagnostics_runs_started ON diagnostics_runs (started_at DESC)',
  ],
};

// The allowlist version, CCID and service URL are read from the stored run itself, so older databases need no new column.
const LIST_COLUMNS = `SELECT id, started_at, region, verdict, headline, proxy,
  json_extract(run_json, '$.allowlist.versionId') AS allowlist_version_id,
  json_extract(run_json, '$.ccid') AS ccid,
  json_extract(run_json, '$.serviceUrlHost') AS service_url_host FROM diagnostics_runs`;

interface Row {
  id: string;
  started_at: string;
  region: string;
  verdict: string;
  headline: string;
  proxy: string | null;
  run_json: string;
  allowlist_version_id: number | null;
  ccid: string | null;
  service_url_host: string | null;
}

/**
 * Runs kept for later comparison. A run is validated before it is written, so
 * history never holds a partial or malformed run; re-checking one endpoint
 * saves the run again under the same id.
 */
export class DiagnosticsHistory {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  save(run: DiagnosticsRun): void {
    const parsed = DiagnosticsRun.safeParse(run);
    if (!parsed.success) throw schemaError(parsed.error, 'run');
    const r = parsed.data;
    const proxy = r.proxy ? (r.proxy.host ? `${r.proxy.host}:${r.proxy.port}` : r.proxy.type) : null;
    this.db
      .prepare(
        `INSERT INTO diagnostics_runs (id, started_at, region, verdict, headline, proxy, run_json) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET verdict = excluded.verdict, headline = excluded.headline, run_json = excluded.run_json`,
      )
      .run(r.id, r.startedAt, r.region, r.summary.verdict, r.summary.headline, proxy, JSON.stringify(r));
  }

  get(id: string): DiagnosticsRun {
    const row = this.db.prepare('SELECT * FROM diagnostics_runs WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new FieldkitError('DIAG_RUN_NOT_FOUND', `No diagnostics run is saved under ${id}.`, { field: 'runId' });
    return DiagnosticsRun.parse(JSON.parse(row.run_json));
  }

  list(opts: { region?: Region; limit?: number } = {}): RunListItem[] {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
    const rows = (opts.region
      ? this.db.prepare(`${LIST_COLUMNS} WHERE region = ? ORDER BY started_at DESC LIMIT ?`).all(opts.region, limit)
      : this.db.prepare(`${LIST_COLUMNS} ORDER BY started_at DESC LIMIT ?`).all(limit)) as unknown as Row[];
    return rows.map((row) => {
      const item: RunListItem = {
        id: row.id,
        startedAt: row.started_at,
        region: row.region as Region,
        verdict: row.verdict as RunListItem['verdict'],
        headline: row.headline,
      };
      if (row.proxy) item.proxy = row.proxy;
      if (row.ccid) item.ccid = row.ccid;
      if (row.service_url_host) item.serviceUrlHost = row.service_url_host;
      if (row.allowlist_version_id !== null) item.allowlistVersionId = Number(row.allowlist_version_id);
      return item;
    });
  }

  delete(id: string): boolean {
    return Number(this.db.prepare('DELETE FROM diagnostics_runs WHERE id = ?').run(id).changes) > 0;
  }
}
