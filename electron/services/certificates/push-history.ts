import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { DatabaseSync } from 'node:sqlite';
import type { FailureInfo, HistoryPush, RollbackReport, StepRecord } from '../../../shared/schemas/certificates.ts';
import type { MigrationSet } from '../storage/history-db.ts';
import type { CreatedCertkey } from './push-plan.ts';

/**
 * What Fieldkit did to which appliance, step by step, with the NITRO errorcode
 * of any failure; and which certkeys Fieldkit created, so that removal never
 * touches one it did not put there.
 */
export const CERT_PUSH_MIGRATIONS: MigrationSet = {
  name: 'cert-pushes',
  steps: [
    `CREATE TABLE cert_push (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       operation TEXT NOT NULL,
       appliance TEXT NOT NULL,
       host TEXT NOT NULL,
       port INTEGER NOT NULL,
       partition TEXT NOT NULL,
       profile_id TEXT,
       certkey TEXT,
       plan_digest TEXT,
       started_at TEXT NOT NULL,
       finished_at TEXT,
       outcome TEXT,
       error_code TEXT,
       error_message TEXT,
       nitro_errorcode INTEGER,
       rollback_json TEXT
     );
     CREATE INDEX cert_push_by_host ON cert_push (host, port, started_at);
     CREATE TABLE cert_push_step (
       push_id INTEGER NOT NULL REFERENCES cert_push(id) ON DELETE CASCADE,
       step_index INTEGER NOT NULL,
       kind TEXT NOT NULL,
       label TEXT NOT NULL,
       status TEXT NOT NULL,
       nitro_errorcode INTEGER,
       message TEXT,
       at TEXT NOT NULL,
       PRIMARY KEY (push_id, step_index)
     );
     CREATE TABLE cert_owned_certkey (
       host TEXT NOT NULL,
       port INTEGER NOT NULL,
       partition TEXT NOT NULL,
       certkey TEXT NOT NULL,
       role TEXT NOT NULL,
       cert_file TEXT NOT NULL,
       key_file TEXT,
       subject TEXT,
       serial TEXT,
       not_after TEXT,
       push_id INTEGER REFERENCES cert_push(id) ON DELETE SET NULL,
       created_at TEXT NOT NULL,
       removed_at TEXT,
       PRIMARY KEY (host, port, partition, certkey)
     );`,
  ],
};

export interface ApplianceKey {
  host: string;
  port: number;
  partition: string;
}

export interface OwnedCertkey extends CreatedCertkey {
  createdAt: string;
  pushId?: number;
}

interface PushRow {
  id: number;
  operation: string;
  appliance: string;
  host: string;
  partition: string;
  certkey: string | null;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
  error_code: string | null;
  error_message: string | null;
}

interface StepRow {
  step_index: number;
  kind: string;
  label: string;
  status: string;
  nitro_errorcode: number | null;
  message: string | null;
  at: string;
}

export class CertPushHistory {
  private readonly db: DatabaseSync;
  private readonly now: () => Date;

  constructor(db: DatabaseSync, opts: { now?: () => Date } = {}) {
    this.db = db;
    this.now = opts.now ?? (() => new Date());
    const has = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cert_owned_certkey'`).get();
    if (!has)
      throw new FieldkitError('HISTORY_NOT_READY', 'The history database lacks the certificate push tables (migration set "cert-pushes").');
  }

  startPush(
    p: { operation: 'push' | 'remove'; appliance: string; profileId?: string; certkey?: string; planDigest?: string } & ApplianceKey,
  ): number {
    const r = this.db
      .prepare(
        'INSERT INTO cert_push (operation, appliance, host, port, partition, profile_id, certkey, plan_digest, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        p.operation,
        p.appliance,
        p.host,
        p.port,
        p.partition,
        p.profileId ?? null,
        p.certkey ?? null,
        p.planDigest ?? null,
        this.now().toISOString(),
      );
    return Number(r.lastInsertRowid);
  }

  setPlan(pushId: number, certkey: string, planDigest: string): void {
    this.db.prepare('UPDATE cert_push SET certkey = ?, plan_digest = ? WHERE id = ?').run(certkey, planDigest, pushId);
  }

  recordStep(pushId: number, rec: StepRecord): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO cert_push_step (push_id, step_index, kind, label, status, nitro_errorcode, message, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        pushId,
        rec.index,
        rec.kind,
        rec.label,
        rec.status,
        rec.error?.nitroErrorcode ?? null,
        rec.error?.message ?? null,
        this.now().toISOString(),
      );
  }

  finishPush(pushId: number, r: { outcome: string; error?: FailureInfo; rollback?: RollbackReport }): void {
    this.db
      .prepare(
        'UPDATE cert_push SET finished_at = ?, outcome = ?, error_code = ?, error_message = ?, nitro_errorcode = ?, rollback_json = ? WHERE id = ?',
      )
      .run(
        this.now().toISOString(),
        r.outcome,
        r.error?.code ?? null,
        r.error?.message ?? null,
        r.error?.nitroErrorcode ?? null,
        r.rollback ? JSON.stringify(r.rollback) : null,
        pushId,
      );
  }

  recordOwned(key: ApplianceKey, created: CreatedCertkey[], pushId?: number): void {
    const stmt = this.db.prepare(
      'INSERT OR REPLACE INTO cert_owned_certkey (host, port, partition, certkey, role, cert_file, key_file, subject, serial, not_after, push_id, created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
    );
    for (const c of created) {
      stmt.run(
        key.host,
        key.port,
        key.partition,
        c.name,
        c.role,
        c.certFile,
        c.keyFile ?? null,
        c.subject,
        c.serialHex,
        c.notAfter,
        pushId ?? null,
        this.now().toISOString(),
      );
    }
  }

  ownedCertkeys(key: ApplianceKey): OwnedCertkey[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM cert_owned_certkey WHERE host = ? AND port = ? AND partition = ? AND removed_at IS NULL ORDER BY created_at, certkey',
      )
      .all(key.host, key.port, key.partition) as Array<Record<string, string | number | null>>;
    return rows.map((r) => {
      const o: OwnedCertkey = {
        name: String(r['certkey']),
        role: r['role'] === 'chain' ? 'chain' : 'leaf',
        certFile: String(r['cert_file']),
        subject: String(r['subject'] ?? ''),
        serialHex: String(r['serial'] ?? ''),
        notAfter: String(r['not_after'] ?? ''),
        createdAt: String(r['created_at']),
      };
      if (r['key_file'] !== null) o.keyFile = String(r['key_file']);
      if (r['push_id'] !== null) o.pushId = Number(r['push_id']);
      return o;
    });
  }

  markRemoved(key: ApplianceKey, certkey: string): void {
    this.db
      .prepare('UPDATE cert_owned_certkey SET removed_at = ? WHERE host = ? AND port = ? AND partition = ? AND certkey = ?')
      .run(this.now().toISOString(), key.host, key.port, key.partition, certkey);
  }

  /** Pushes to this appliance that started and never recorded an outcome, oldest first. */
  unfinishedPushes(key: ApplianceKey, exceptId?: number): HistoryPush[] {
    const ids = this.db
      .prepare(
        `SELECT id FROM cert_push WHERE operation = 'push' AND host = ? AND port = ? AND partition = ? AND finished_at IS NULL AND id != ? ORDER BY id`,
      )
      .all(key.host, key.port, key.partition, exceptId ?? -1) as Array<{ id: number }>;
    const wanted = new Set(ids.map((r) => r.id));
    if (wanted.size === 0) return [];
    return this.listPushes({ host: key.host, port: key.port, limit: 1000 })
      .filter((p) => wanted.has(p.id))
      .reverse();
  }

  listPushes(opts: { limit?: number; host?: string; port?: number } = {}): HistoryPush[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 100, 1000));
    const rows = (opts.host !== undefined
      ? this.db
          .prepare('SELECT * FROM cert_push WHERE host = ? AND (? IS NULL OR port = ?) ORDER BY id DESC LIMIT ?')
          .all(opts.host, opts.port ?? null, opts.port ?? null, limit)
      : this.db.prepare('SELECT * FROM cert_push ORDER BY id DESC LIMIT ?').all(limit)) as unknown as PushRow[];
    const stepsOf = this.db.prepare('SELECT * FROM cert_push_step WHERE push_id = ? ORDER BY step_index');
    return rows.map((r) => {
      const push: HistoryPush = {
        id: r.id,
        operation: r.operation === 'remove' ? 'remove' : 'push',
        appliance: r.appliance,
        host: r.host,
        startedAt: r.started_at,
        steps: (stepsOf.all(r.id) as unknown as StepRow[]).map((s) => ({
          index: s.step_index,
          kind: s.kind,
          label: s.label,
          status: s.status,
          at: s.at,
          ...(s.nitro_errorcode !== null ? { nitroErrorcode: s.nitro_errorcode } : {}),
          ...(s.message !== null ? { message: s.message } : {}),
        })),
      };
      if (r.partition !== 'default') push.partition = r.partition;
      if (r.certkey !== null) push.certkey = r.certkey;
      if (r.finished_at !== null) push.finishedAt = r.finished_at;
      if (r.outcome !== null) push.outcome = r.outcome;
      if (r.error_code !== null) push.errorCode = r.error_code;
      if (r.error_message !== null) push.errorMessage = r.error_message;
      return push;
    });
  }
}
