import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportStartFailure } from '../../electron/main/start-failure.ts';
import { startTestEngine } from '../support/test-engine.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';

function fakeShell() {
  const calls: string[] = [];
  return {
    calls,
    shell: {
      dialog: { showErrorBox: (title: string, content: string) => calls.push(`box: ${title} | ${content}`) },
      app: {
        releaseSingleInstanceLock: () => calls.push('release lock'),
        exit: (code: number) => calls.push(`exit ${code}`),
      },
    },
  };
}

describe('a start that fails', () => {
  it('shows the reason and the fix in a window, frees the single-instance lock, then exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-start-'));
    const inTheWay = join(dir, 'Fieldkit');
    writeFileSync(inTheWay, 'not a folder');
    const err = await startTestEngine({ dataFolder: inTheWay, vault: new MemoryVault('test') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const { calls, shell } = fakeShell();
    reportStartFailure(shell, err);
    expect(calls).toEqual([
      `box: Fieldkit could not start | Fieldkit could not create its data folder ${inTheWay}: a file of that name is in the way.\n\n` +
        'Check that the disk is not full and that the data folder is writable.',
      'release lock',
      'exit 1',
    ]);
  });

  it('shows an unexpected error by its own words', () => {
    const { calls, shell } = fakeShell();
    reportStartFailure(shell, new Error('window could not be created'));
    expect(calls[0]).toBe('box: Fieldkit could not start | window could not be created');
  });
});
