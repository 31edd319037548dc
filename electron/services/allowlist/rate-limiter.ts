import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { withFileLock } from '../storage/file-lock.ts';
import { PRIVATE_FILE_MODE } from '../storage/private-folder.ts';

/**
 * The AllowList API allows 5 requests a minute per IP address. The app and
 * the CLI on one machine share that budget, so the log of recent requests
 * lives in a small file in the data folder, read and written under the file
 * lock: a sliding window, never more than `limit` requests in any `windowMs`.
 */
export const ALLOWLIST_RATE_LIMIT = { limit: 5, windowMs: 60_000 } as const;
export const RATE_LIMIT_FILE_NAME = 'allowlist-rate-limit.json';

export interface RateLimitWait {
  /** How long until a slot is free. */
  waitMs: number;
  /** When it is free, as an ISO time. */
  until: string;
}

export interface RateLimiter {
  /** Waits until a request may be sent, then counts it; resolves with the time it was counted (ms since the epoch). */
  acquire(signal?: AbortSignal, onWait?: (wait: RateLimitWait) => void): Promise<number>;
}

export interface FileRateLimiterOptions {
  /** The log file, normally `<data folder>/allowlist-rate-limit.json`. */
  file: string;
  limit?: number;
  windowMs?: number;
  now?: () => number;
}

interface LogFile {
  version: 1;
  /** When each recent request was sent, oldest first. */
  sent: number[];
}

async function readLog(file: string): Promise<number[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LogFile>;
    return Array.isArray(parsed.sent) ? parsed.sent.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [];
  } catch {
    // Missing, or torn by a crash: an empty log is at worst one window's worth too generous.
    return [];
  }
}

async function writeLog(file: string, sent: number[]): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const body: LogFile = { version: 1, sent };
  await writeFile(tmp, JSON.stringify(body), { mode: PRIVATE_FILE_MODE });
  await rename(tmp, file);
}

export function createFileRateLimiter(opts: FileRateLimiterOptions): RateLimiter {
  const limit = opts.limit ?? ALLOWLIST_RATE_LIMIT.limit;
  const windowMs = opts.windowMs ?? ALLOWLIST_RATE_LIMIT.windowMs;
  const now = opts.now ?? Date.now;

  /** Counts a request if a slot is free (returns its time), else says how long until one is. */
  const tryTake = () =>
    withFileLock(opts.file, async (): Promise<{ at: number } | { waitMs: number }> => {
      const logged = await readLog(opts.file);
      const at = now();
      // A time in the future is a clock that jumped back: kept, so the window still holds.
      const recent = logged.filter((t) => t > at - windowMs).sort((a, b) => a - b);
      if (recent.length < limit) {
        recent.push(at);
        await writeLog(opts.file, recent);
        return { at };
      }
      return { waitMs: Math.max(1, recent[recent.length - limit]! + windowMs - at) };
    });

  return {
    async acquire(signal, onWait) {
      for (;;) {
        if (signal?.aborted) throw new FieldkitError('TASK_CANCELLED');
        const taken = await tryTake();
        if ('at' in taken) return taken.at;
        onWait?.({ waitMs: taken.waitMs, until: new Date(now() + taken.waitMs).toISOString() });
        try {
          await sleep(taken.waitMs, undefined, signal ? { signal } : {});
        } catch {
          throw new FieldkitError('TASK_CANCELLED');
        }
      }
    },
  };
}

/** The machine-wide limiter the app and the CLI share, its log in the data folder. */
export function allowlistRateLimiter(dataFolder: string): RateLimiter {
  return createFileRateLimiter({ file: join(dataFolder, RATE_LIMIT_FILE_NAME) });
}
