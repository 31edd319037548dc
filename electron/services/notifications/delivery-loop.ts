/**
 * Runs the outbox in the background: a pass at once, then one every
 * interval, and one as soon as something is queued. Passes never overlap;
 * a pass after a sleep simply finds more rows due, since due times are
 * wall-clock times in the outbox.
 */
export const DELIVERY_INTERVAL_MS = 15_000;

export interface DeliveryLoop {
  start(opts?: { intervalMs?: number }): void;
  /** Asks for a pass now (something was queued); nothing when stopped. */
  kick(): void;
  /** Stops and waits for a pass in progress to end. */
  stop(): Promise<void>;
  readonly running: boolean;
}

export function createDeliveryLoop(pass: () => Promise<unknown>, onError: (err: unknown) => void): DeliveryLoop {
  let running = false;
  let intervalMs = DELIVERY_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> | undefined;
  let again = false;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    // The loop alone never keeps a CLI process alive; `watch` has its own reasons to stay.
    timer.unref();
  };
  function run(): void {
    if (busy) {
      again = true;
      return;
    }
    busy = pass()
      .then(
        () => undefined,
        (err: unknown) => onError(err),
      )
      .finally(() => {
        busy = undefined;
        if (!running) return;
        schedule(again ? 0 : intervalMs);
        again = false;
      });
  }

  return {
    start(opts = {}) {
      intervalMs = opts.intervalMs ?? DELIVERY_INTERVAL_MS;
      if (running) return;
      running = true;
      schedule(0);
    },
    kick() {
      if (running) schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await busy;
    },
    get running() {
      return running;
    },
  };
}
