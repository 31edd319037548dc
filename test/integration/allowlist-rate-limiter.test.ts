import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileRateLimiter, type RateLimitWait } from '../../electron/services/allowlist/rate-limiter.ts';

/** The AllowList API's limit held by one log file shared by the app and the CLI. */
const folder = mkdtempSync(join(tmpdir(), 'fk-allowlist-limit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The most slots taken in any window: for each slot, those in [t, t + window). */
function mostInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(...sorted.map((t) => sorted.filter((u) => u >= t && u < t + windowMs).length));
}

describe('the AllowList rate limiter', () => {
  it('lets `limit` requests through at once, then waits for the oldest to leave the window and says how long', async () => {
    const file = join(folder, 'one.json');
    const waits: RateLimitWait[] = [];
    const limiter = createFileRateLimiter({ file, limit: 3, windowMs: 500 });
    const start = Date.now();
    const times: number[] = [];
    for (let i = 0; i < 4; i++) times.push(await limiter.acquire(undefined, (w) => waits.push(w)));
    expect(times[2]! - start).toBeLessThan(200);
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(500);
    expect(waits).toHaveLength(1);
    expect(waits[0]!.waitMs).toBeGreaterThan(300);
    expect(waits[0]!.waitMs).toBeLessThanOrEqual(500);
    expect(mostInAnyWindow(times, 500)).toBe(3);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('counts the same file from two limiters as one budget', async () => {
    const file = join(folder, 'shared.json');
    const a = createFileRateLimiter({ file, limit: 2, windowMs: 60_000 });
    const b = createFileRateLimiter({ file, limit: 2, windowMs: 60_000 });
    await a.acquire();
    await b.acquire();
    const waits: RateLimitWait[] = [];
    const controller = new AbortController();
    const third = a.acquire(controller.signal, (w) => {
      waits.push(w);
      controller.abort();
    });
    await expect(third).rejects.toMatchObject({ code: 'TASK_CANCELLED' });
    expect(waits[0]!.waitMs).toBeGreaterThan(59_000);
  });

  it('starts afresh from a torn log file', async () => {
    const file = join(folder, 'torn.json');
    writeFileSync(file, '{"version":1,"sent":[12');
    const limiter = createFileRateLimiter({ file, limit: 1, windowMs: 60_000 });
    await expect(limiter.acquire()).resolves.toBeTypeOf('number');
  });

  it('never exceeds the limit in any window across two processes', async () => {
    const file = join(folder, 'processes.json');
    const limit = 3;
    const windowMs = 1500;
    const startAt = Date.now() + 1500;
    const run = (count: number) =>
      promisify(execFile)(
        process.execPath,
        ['test/support/rate-limit-acquirer.ts', file, String(count), String(limit), String(windowMs), String(startAt)],
        { timeout: 30_000 },
      ).then(({ stdout }) => JSON.parse(stdout) as number[]);
    const [first, second] = await Promise.all([run(4), run(3)]);
    expect(first).toHaveLength(4);
    expect(second).toHaveLength(3);
    const all = [...first, ...second];
    expect(mostInAnyWindow(all, windowMs)).toBe(limit);
    const sorted = [...all].sort((a, b) => a - b);
    // Seven slots at three a window take at least two full windows.
    expect(sorted[6]! - sorted[0]!).toBeGreaterThanOrEqual(2 * windowMs);
  }, 30_000);
});
