import { allMigrations } from '../../electron/services/migrations.ts';
import { openHistoryDb } from '../../electron/services/storage/history-db.ts';

/**
 * A second Fieldkit process for the history tests: waits until the given
 * moment (so several start together), then opens the history database and
 * applies every feature's migrations, as an engine does at start.
 */
const [path, startAt] = process.argv.slice(2);
if (!path || !startAt) throw new Error('usage: history-opener <database> <epoch ms>');
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
const history = openHistoryDb(path, allMigrations);
history.close();
