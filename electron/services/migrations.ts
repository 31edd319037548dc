import type { MigrationSet } from './storage/history-db.ts';

/** Every feature's history tables, applied when the engine opens the database. */
export const allMigrations: MigrationSet[] = [];
