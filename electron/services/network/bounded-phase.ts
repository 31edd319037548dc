/**
 * One network step with its own deadline and the run's AbortSignal. A probe
 * phase never throws: it settles once, as a value saying ok, failed, timed out
 * or aborted, so a dead endpoint costs one timeout and nothing leaks.
 */
export type PhaseOutcome<T> =
  { ok: true; value: T } | { ok: false; status: 'failed' | 'timeout' | 'aborted'; code: string; message: string };

export interface PhaseSettle<T> {
  ok(value: T): void;
  fail(code: string, message: string): void;
}

/** `start` begins the work and returns how to cancel it (close sockets); it is called on timeout or abort only. */
export function boundedPhase<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  start: (settle: PhaseSettle<T>) => () => void,
): Promise<PhaseOutcome<T>> {
  return new Promise((resolve) => {
    let done = false;
    let cancel: () => void = () => {};
    const finish = (outcome: PhaseOutcome<T>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      finish({ ok: false, status: 'aborted', code: 'ABORTED', message: 'the check was cancelled' });
      cancel();
    };
    const timer = setTimeout(() => {
      finish({ ok: false, status: 'timeout', code: 'TIMEOUT', message: `no answer within ${timeoutMs} ms` });
      cancel();
    }, timeoutMs);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    cancel = start({
      ok: (value) => finish({ ok: true, value }),
      fail: (code, message) => finish({ ok: false, status: 'failed', code, message }),
    });
    if (done) cancel = () => {};
  });
}
