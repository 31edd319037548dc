import { ALLOWLIST_MIGRATIONS } from './allowlist/allowlist-store.ts';
import { CERT_PUSH_MIGRATIONS } from './certificates/push-history.ts';
import { DIAGNOSTICS_MIGRATIONS } from './diagnostics/diagnostics-history.ts';
import { NOTIFICATION_MIGRATIONS } from './notifications/notification-outbox.ts';
import { SYNC_MIGRATIONS } from './syncs/sync-history.ts';
import { CLOUD_CONNECT_MIGRATIONS } from './cloud-connect/status-store.ts';
import type { MigrationSet } from './storage/history-db.ts';

/** Every feature's history tables, applied when the engine opens the database. */
export const allMigrations: MigrationSet[] = [
  DIAGNOSTICS_MIGRATIONS,
  CERT_PUSH_MIGRATIONS,
  SYNC_MIGRATIONS,
  ALLOWLIST_MIGRATIONS,
  NOTIFICATION_MIGRATIONS,
  CLOUD_CONNECT_MIGRATIONS,
];
