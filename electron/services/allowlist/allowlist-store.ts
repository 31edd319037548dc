import { tablesAtFirstUse } from '../storage/history-db.ts';
import type { DatabaseSync } from 'node:sqlite';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { AllowlistDocument, AllowlistVersionInfo, type AllowlistFormat, type AllowlistQuery } from '../../../shared/schemas/allowlist.ts';
import type { MigrationSet } from '../storage/history-db.ts';

/**
 * Every allowlist version Fieldkit fetched (or the bundled baseline), kept
 * for offline use and for comparing: the answer exactly as the API sent it,
 * the document made from it, and how it was asked for (parameters, base URL,
 * Citrix-TransactionId, Last-Modified).
 */
export const ALLOWLIST_MIGRATIONS: MigrationSet = {
  name: 'allowlist',
  steps: [
    `CREATE TABLE allowlist_version (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       source TEXT NOT NULL,
       fetched_at TEXT NOT NULL,
       base_url TEXT,
       customer_id TEXT,
       format TEXT NOT NULL,
       geo TEXT NOT NULL,
       direction TEXT NOT NULL,
       transaction_id TEXT,
       version TEXT NOT NULL,
       valid_until TEXT,
       last_modified TEXT,
       service_count INTEGER NOT NULL,
       endpoint_count INTEGER NOT NULL,
       raw_text TEXT,
       document_json TEXT NOT NULL
     );
     CREATE INDEX allowlist_version_by_query ON allowlist_version (format, geo, direction, customer_id, id);`,
    `ALTER TABLE allowlist_version ADD COLUMN cache_control TEXT;`,
  ],
};

export interface NewAllowlistVersion {
  source: 'api' | 'baseline';
  fetchedAt: string;
  baseUrl?: string | undefined;
  query: { customerId?: string | undefined; format: AllowlistFormat; geo: AllowlistQuery['geo']; direction: AllowlistQuery['direction'] };
  transactionId?: string | undefined;
  lastModified?: string | undefined;
  /** The answer's Cache-Control: within its max-age, a fetch with the same parameters is not sent again. */
  cacheControl?: string | undefined;
  /** The answer's text as received; absent for the baseline. */
  rawText?: string | undefined;
  document: AllowlistDocument;
}

function counts(doc: AllowlistDocument): { services: number; endpoints: number } {
  let endpoints = 0;
  for (const s of doc.services) for (const e of s.endpoints) endpoints += e.fqdns.length + e.cidrs.length;
  return { services: doc.services.length, endpoints };
}

const COLUMNS =
  'id, source, fetched_at, base_url, customer_id, format, geo, direction, transaction_id, version, valid_until, last_modified, cache_control, service_count, endpoint_count';

export class AllowlistStore {
  /** The database, its tables checked at first use. */
  private readonly database: () => DatabaseSync;

  constructor(db: DatabaseSync) {
    this.database = tablesAtFirstUse(db, 'allowlist_version', 'the allowlist tables (migration set "allowlist")');
  }

  private get db(): DatabaseSync {
    return this.database();
  }

  add(v: NewAllowlistVersion): AllowlistVersionInfo {
    const c = counts(v.document);
    const r = this.db
      .prepare(
        `INSERT INTO allowlist_version (source, fetched_at, base_url, customer_id, format, geo, direction, transaction_id, version,
           valid_until, last_modified, service_count, endpoint_count, raw_text, document_json, cache_control)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        v.source,
        v.fetchedAt,
        v.baseUrl ?? null,
        v.query.customerId ?? null,
        v.query.format,
        v.query.geo,
        v.query.direction,
        v.transactionId ?? null,
        v.document.version,
        v.document.validUntil ?? null,
        v.lastModified ?? null,
        c.services,
        c.endpoints,
        v.rawText ?? null,
        JSON.stringify(v.document),
        v.cacheControl ?? null,
      );
    return this.info(Number(r.lastInsertRowid))!;
  }

  /** A stored version as it was added: what a site pack carries to another machine. */
  stored(id: number): NewAllowlistVersion {
    const info = this.info(id);
    const row = this.db.prepare('SELECT raw_text FROM allowlist_version WHERE id = ?').get(id) as { raw_text: string | null } | undefined;
    if (!info || !row) throw new FieldkitError('ALLOWLIST_VERSION_NOT_FOUND', `There is no stored allowlist version ${id}.`);
    return {
      source: info.source,
      fetchedAt: info.fetchedAt,
      baseUrl: info.baseUrl,
      query: info.query,
      transactionId: info.transactionId,
      lastModified: info.lastModified,
      cacheControl: info.cacheControl,
      rawText: row.raw_text ?? undefined,
      document: this.document(id),
    };
  }

  /** Adds them all or none (a site pack's import). */
  addAll(versions: NewAllowlistVersion[]): AllowlistVersionInfo[] {
    this.db.exec('BEGIN');
    try {
      const added = versions.map((v) => this.add(v));
      this.db.exec('COMMIT');
      return added;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Newest first. */
  list(limit = 200): AllowlistVersionInfo[] {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM allowlist_version ORDER BY id DESC LIMIT ?`).all(limit);
    return rows.map((r) => toInfo(r as Row));
  }

  info(id: number): AllowlistVersionInfo | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM allowlist_version WHERE id = ?`).get(id);
    return row ? toInfo(row as Row) : undefined;
  }

  document(id: number): AllowlistDocument {
    const row = this.db.prepare('SELECT document_json FROM allowlist_version WHERE id = ?').get(id) as
      { document_json: string } | undefined;
    if (!row) throw new FieldkitError('ALLOWLIST_VERSION_NOT_FOUND', `There is no stored allowlist version ${id}.`);
    return AllowlistDocument.parse(JSON.parse(row.document_json));
  }

  /** The newest version fetched with the same parameters: its Last-Modified makes the next fetch conditional. */
  newestFor(q: NewAllowlistVersion['query']): AllowlistVersionInfo | undefined {
    const row = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM allowlist_version WHERE source = 'api' AND format = ? AND geo = ? AND direction = ?
           AND customer_id IS ? ORDER BY id DESC LIMIT 1`,
      )
      .get(q.format, q.geo, q.direction, q.customerId ?? null);
    return row ? toInfo(row as Row) : undefined;
  }

  /** The newest of any kind, fetched or baseline: what offline use falls back to. */
  newest(): AllowlistVersionInfo | undefined {
    return this.list(1)[0];
  }
}

type Row = Record<string, string | number | null>;

function toInfo(r: Row): AllowlistVersionInfo {
  const opt = (v: string | number | null | undefined) => (v === null || v === undefined ? undefined : String(v));
  const info: AllowlistVersionInfo = {
    id: Number(r['id']),
    source: r['source'] === 'baseline' ? 'baseline' : 'api',
    fetchedAt: String(r['fetched_at']),
    query: {
      format: r['format'] === 'zscaler' ? 'zscaler' : 'json',
      geo: String(r['geo']) as AllowlistVersionInfo['query']['geo'],
      direction: String(r['direction']) as AllowlistVersionInfo['query']['direction'],
    },
    version: String(r['version']),
    serviceCount: Number(r['service_count']),
    endpointCount: Number(r['endpoint_count']),
  };
  const customerId = opt(r['customer_id']);
  if (customerId !== undefined) info.query.customerId = customerId;
  const baseUrl = opt(r['base_url']);
  if (baseUrl !== undefined) info.baseUrl = baseUrl;
  const tx = opt(r['transaction_id']);
  if (tx !== undefined) info.transactionId = tx;
  const validUntil = opt(r['valid_until']);
  if (validUntil !== undefined) info.validUntil = validUntil;
  const lastModified = opt(r['last_modified']);
  if (lastModified !== undefined) info.lastModified = lastModified;
  const cacheControl = opt(r['cache_control']);
  if (cacheControl !== undefined) info.cacheControl = cacheControl;
  return AllowlistVersionInfo.parse(info);
}
