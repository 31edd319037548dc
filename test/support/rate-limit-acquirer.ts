import { setTimeout as sleep } from 'node:timers/promises';
import { createFileRateLimiter } from '../../electron/services/allowlist/rate-limiter.ts';

/**
 * One Fieldkit process taking AllowList rate-limit slots from a shared file:
 * `node rate-limit-acquirer.ts <file> <count> <limit> <windowMs> <startAt>`.
 * Prints the times its slots were counted, as JSON, so the test can check the
 * limit held across processes.
 */
const [file, count, limit, windowMs, startAt] = process.argv.slice(2);
const limiter = createFileRateLimiter({ file: file!, limit: Number(limit), windowMs: Number(windowMs) });
await sleep(Math.max(0, Number(startAt) - Date.now()));
const taken: number[] = [];
for (let i = 0; i < Number(count); i++) taken.push(await limiter.acquire());
process.stdout.write(JSON.stringify(taken));
