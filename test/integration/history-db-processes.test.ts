import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const folders: string[] = [];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('the history database opened by several processes at once', () => {
  it('is created, switched to WAL and migrated once, whichever process comes first, with none refused', async () => {
    // The app and the CLI started together on a fresh data folder; repeated, as a lock race shows only sometimes.
    for (let round = 0; round < 3; round++) {
      const folder = mkdtempSync(join(tmpdir(), 'fk-history-race-'));
      folders.push(folder);
      const startAt = Date.now() + 700;
      const runs = Array.from({ length: 4 }, () =>
        promisify(execFile)(process.execPath, ['test/support/history-opener.ts', join(folder, 'history.sqlite'), String(startAt)], {
          timeout: 30_000,
        }).then(
          () => 'opened',
          (err: Error) => err.message.split('\n').find((l) => l.startsWith('FieldkitError:')) ?? err.message,
        ),
      );
      expect(await Promise.all(runs)).toEqual(['opened', 'opened', 'opened', 'opened']);
    }
  });
});
