import { closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { PRIVATE_FILE_MODE } from './private-folder.ts';

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
  /** A damaged database moved aside at open. */
  notices: StorageNotice[];
  close: () => void;
}

/**
 * A feature's tables, checked at first use rather than at engine start: an
 * engine opened with other feature tables only (a test) never touches them.
 * `what` names them for the error ("the sync tables (migration set "cert-syncs")").
 */
export function tablesAtFirstUse(db: DatabaseSync, table: string, what: string): () => DatabaseSync {
  let checked = false;
  return () => {
    if (!checked) {
      const has = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
      if (!has) throw new FieldkitError('HISTORY_NOT_READY', `The history database lacks ${what}.`);
      checked = true;
    }
    return db;
  };
}

/** SQLite's primary result codes for "this file is not a sound database". */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** How long a statement waits for another process's lock on the history before it fails. */
const BUSY_TIMEOUT_MS = 5_000;

/** The files SQLite keeps beside the database in WAL mode: they belong to it and go aside with it. */
const COMPANION_SUFFIXES = ['', '-wal', '-shm'];

class DamagedDatabase extends Error {}

/**
 * The embedded history database (node:sqlite, no native build). ":memory:" for
 * a throwaway one. A damaged file is moved aside as `<name>.corrupt-<time>`
 * and reported, like a damaged settings file: the history is worth less than
 * a start.
 */
export function openHistoryDb(path: string, sets: MigrationSet[], now: () => Date = () => new Date()): HistoryDb {
  try {
    return { ...openChecked(path), notices: [] };
  } catch (err) {
    if (!(err instanceof DamagedDatabase)) throw err;
    const keptAt = moveAside(path, now);
    const db = openChecked(path);
    return {
      ...db,
      notices: [
        {
          code: 'HISTORY_CORRUPT',
          message: `The history database could not be used because ${err.message}. It was moved aside and Fieldkit started with an empty history.`,
          hint: `The old file is kept at ${keptAt}. Send it to support if the history matters.`,
          keptAt,
          at: now().toISOString(),
        },
      ],
    };
  }

  function openChecked(at: string): Omit<HistoryDb, 'notices'> {
    let db: DatabaseSync | undefined;
    try {
      if (at !== ':memory:') {
        mkdirSync(dirname(at), { recursive: true });
        // Created private before SQLite sees it: SQLite gives its -wal and -shm files the database's own mode.
        closeSync(openSync(at, 'a', PRIVATE_FILE_MODE));
      }
      // The wait for a lock comes first: the app and the CLI may open the same new file at once, and the
      // switch to WAL and the first migration both need it.
      db = new DatabaseSync(at, { timeout: BUSY_TIMEOUT_MS });
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON;`);
      const opened = db;
      // SQLite answers "locked" at once, without waiting, when another process switches a new file to WAL at the same moment.
      whileLocked(() => opened.exec('PRAGMA journal_mode = WAL'));
      const check = db.prepare('PRAGMA quick_check(1)').get() as Record<string, unknown> | undefined;
      const verdict = check ? String(Object.values(check)[0]) : 'ok';
      if (verdict !== 'ok') throw new DamagedDatabase(`its pages are damaged (${verdict})`);
      db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (set_name TEXT NOT NULL, step INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (set_name, step))',
      );
      migrate(db, sets);
    } catch (err) {
      db?.close();
      if (err instanceof DamagedDatabase || err instanceof FieldkitError) throw err;
      const errcode = (err as { errcode?: number }).errcode;
      if (errcode !== undefined && [SQLITE_CORRUPT, SQLITE_NOTADB].includes(errcode & 0xff)) {
        throw new DamagedDatabase(`it is not a readable SQLite database (${(err as Error).message})`);
      }
      throw new FieldkitError('STORAGE_FAILED', `Fieldkit could not open its history database ${at}: ${(err as Error).message}`);
    }
    const open = db;
    return { db: open, close: () => open.close() };
  }
}

function moveAside(path: string, now: () => Date): string {
  const stamp = now().toISOString().replace(/[:.]/g, '-');
  for (const suffix of COMPANION_SUFFIXES) {
    const file = `${path}${suffix}`;
    try {
      if (existsSync(file)) renameSync(file, `${file}.corrupt-${stamp}`);
    } catch (err) {
      throw new FieldkitError(
        'STORAGE_FAILED',
        `The history database ${path} is damaged and could not be moved aside: ${(err as Error).message}. Move it away by hand and start Fieldkit again.`,
      );
    }
  }
  return `${path}.corrupt-${stamp}`;
}

function migrate(db: DatabaseSync, sets: MigrationSet[]): void {
  const applied = db.prepare('SELECT step FROM schema_migrations WHERE set_name = ?');
  const record = db.prepare('INSERT INTO schema_migrations (set_name, step, applied_at) VALUES (?, ?, ?)');
  for (const set of sets) {
    const done = new Set((applied.all(set.name) as Array<{ step: number }>).map((r) => r.step));
    set.steps.forEach((sql, step) => {
      if (done.has(step)) return;
      // IMMEDIATE takes the write lock before looking again: another process may have applied this step meanwhile.
      db.exec('BEGIN IMMEDIATE');
      try {
        if (appliedNow(db, set.name, step)) {
          db.exec('COMMIT');
          return;
        }
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
}

function appliedNow(db: DatabaseSync, setName: string, step: number): boolean {
  return db.prepare('SELECT 1 FROM schema_migrations WHERE set_name = ? AND step = ?').get(setName, step) !== undefined;
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

/** Runs a statement again, a few milliseconds apart and for as long as the busy timeout, while another process holds the lock. */
function whileLocked(statement: () => void): void {
  const until = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      statement();
      return;
    } catch (err) {
      const errcode = ((err as { errcode?: number }).errcode ?? 0) & 0xff;
      if ((errcode !== SQLITE_BUSY && errcode !== SQLITE_LOCKED) || Date.now() >= until) throw err;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}
