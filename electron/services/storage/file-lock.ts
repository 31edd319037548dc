import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { PRIVATE_FILE_MODE } from './private-folder.ts';

export interface FileLockOptions {
  /** How long to wait for another Fieldkit (the app, the CLI) to finish its write. */
  waitMs?: number;
  /** A lock older than this is left over from a crash: a write holds it for milliseconds. */
  staleMs?: number;
}

const RETRY_MS = 25;

/**
 * Runs `fn` while holding `<path>.lock`, created exclusively (open 'wx'), so the
 * app and the CLI never read-modify-write the same file at once. A lock whose
 * owner is gone (its process no longer runs, or it is older than staleMs) is
 * taken over; otherwise the caller waits up to waitMs.
 */
export async function withFileLock<R>(path: string, fn: () => Promise<R>, opts: FileLockOptions = {}): Promise<R> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + (opts.waitMs ?? 5_000);
  const staleMs = opts.staleMs ?? 10_000;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', PRIVATE_FILE_MODE);
      await handle.writeFile(JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new FieldkitError('STORAGE_FAILED', `Fieldkit could not lock ${path} for writing: ${(err as Error).message}`);
      }
    }
    if (await takeOverIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) {
      throw new FieldkitError(
        'STORAGE_FAILED',
        `${path} is being written by another Fieldkit (the app or the command line) and stayed locked; nothing was saved.`,
        { hint: `Try again. If no other Fieldkit is running, delete ${lockPath}.` },
      );
    }
    await sleep(RETRY_MS);
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

/** True when the lock was left by a crash and has been cleared away. */
async function takeOverIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(lockPath)).mtimeMs;
  } catch {
    return true; // Released meanwhile: try again at once.
  }
  let owner: number | undefined;
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as { pid?: unknown };
    if (typeof parsed.pid === 'number') owner = parsed.pid;
  } catch {
    // Half-written by an owner that is still starting, or one that crashed right then: judged by age alone.
  }
  if (ageMs < staleMs && (owner === undefined || isRunning(owner))) return false;
  // Renamed before removal, so two processes clearing the same stale lock cannot both remove it and then each other's new one.
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await rename(lockPath, aside);
    await unlink(aside);
  } catch {
    // Someone else cleared it first.
  }
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
