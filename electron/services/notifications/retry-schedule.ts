/**
 * When a failed delivery is tried again: exponential backoff from 30 s,
 * doubling to at most an hour, with jitter so many sites failing together
 * do not all retry at the same second; a vendor's Retry-After wins. After
 * MAX_ATTEMPTS tries or a day since the notification was queued, it is given
 * up: by then it is news nobody can act on, and the next reminder follows.
 */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_DELAY_MS = 60 * 60_000;
export const MAX_ATTEMPTS = 12;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
/** A Retry-After longer than this is not waited for as such: the schedule's own cap applies. */
const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000;

export type RetryDecision = { retry: true; at: Date } | { retry: false; reason: string };

export function nextAttempt(input: {
  /** Tries made so far, this one included. */
  attempts: number;
  queuedAt: Date;
  now: Date;
  retryAfterMs?: number | undefined;
  /** 0 ≤ random < 1; Math.random unless a test fixes it. */
  random?: number;
}): RetryDecision {
  if (input.attempts >= MAX_ATTEMPTS) return { retry: false, reason: `given up after ${input.attempts} attempts` };
  const backoff = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_MS * 2 ** Math.max(0, input.attempts - 1));
  // Half fixed, half random: never sooner than half the backoff, so retries still spread out.
  const jittered = backoff / 2 + (backoff / 2) * (input.random ?? Math.random());
  const delay = input.retryAfterMs !== undefined ? Math.min(Math.max(input.retryAfterMs, 1000), MAX_RETRY_AFTER_MS) : jittered;
  const at = new Date(input.now.getTime() + delay);
  if (at.getTime() - input.queuedAt.getTime() > GIVE_UP_AFTER_MS) return { retry: false, reason: 'given up 24 hours after it was queued' };
  return { retry: true, at };
}
