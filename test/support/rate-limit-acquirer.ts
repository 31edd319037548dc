import { setTimeout as sleep } from 'node:timers/promises';
import { createFileRateLimiter } from '../../electron/services/allowlist/rate-limiter.ts';

/**
 * One Fieldkit process taking AllowList rate-limit slots from a shared file:
 * `node rate-limit-acquirer.ts <file> <count> <limit> <windowMs> <startAt>`.
 * Prints the times its slots were counted, as JSON, so the test can check the
 * limit held across processes.
 */
const [file, count, limit, windowMs, startAt] = process.argv.slice(2);
/** A slow clock: it widens the time between reading the log and writing it, so two processes would overlap there if the lock did not keep them apart. */
function slowNow(): number {
  const until = Date.now() + 40;
  while (Date.now() < until) {
    // busy: a timer would let the other process in just as the lock does
  }
  return Date.now();
}
const limiter = createFileRateLimiter({ file: file!, limit: Number(limit), windowMs: Number(windowMs), now: slowNow });
await sleep(Math.max(0, Number(startAt) - Date.now()));
const taken: number[] = [];
for (let i = 0; i < Number(count); i++) taken.push(await limiter.acquire());
process.stdout.write(JSON.stringify(taken));
