import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';

/**
 * A feature's own tables: each feature (diagnostics, certificate pushes, status
 * events) declares its migrations under its own name, applied in order once.
 */
export interface MigrationSet {
  name: string;
  steps: string[];
}

export interface HistoryDb {
  db: DatabaseSync;
  close: () => void;
}

/** The embedded history database (node:sqlite, no native build). ":memory:" for a throwaway one. */
export function openHistoryDb(path: string, sets: MigrationSet[]): HistoryDb {
  let db: DatabaseSync;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new DatabaseSync(path);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000;');
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (set_name TEXT NOT NULL, step INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (set_name, step))',
    );
  } catch (err) {
    throw new FieldkitError('STORAGE_FAILED', `Fieldkit could not open its history database ${path}: ${(err as Error).message}`);
  }
  const applied = db.prepare('SELECT step FROM schema_migrations WHERE set_name = ?');
  const record = db.prepare('INSERT INTO schema_migrations (set_name, step, applied_at) VALUES (?, ?, ?)');
  for (const set of sets) {
    const done = new Set((applied.all(set.name) as Array<{ step: number }>).map((r) => r.step));
    set.steps.forEach((sql, step) => {
      if (done.has(step)) return;
      db.exec('BEGIN');
      try {
        db.exec(sql);
        record.run(set.name, step, new Date().toISOString());
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw new FieldkitError(
          'STORAGE_FAILED',
          `The history database could not be upgraded (${set.name} step ${step}): ${(err as Error).message}`,
        );
      }
    });
  }
  return { db, close: () => db.close() };
}
