import type { CliInterrupts } from './cli-context.ts';

/**
 * Ctrl-C and SIGTERM as one AbortSignal. The first interrupts the work (a push
 * starts no further appliance and undoes what it applied); a second does not
 * abandon that undo, it says what is still being undone. Quitting in the middle
 * of an undo would leave exactly the half-changed appliance the undo prevents.
 * Only while a command holds the signal (work that honours it, a push): any
 * other time a signal ends the process as if nobody listened.
 */
export function listenForInterrupts(proc: NodeJS.Process, err: (text: string) => void): CliInterrupts & { dispose(): void } {
  const controller = new AbortController();
  const working = new Set<string>();
  let holders = 0;
  const onSignal = (name: NodeJS.Signals) => {
    if (holders === 0 && !controller.signal.aborted) {
      dispose();
      proc.kill(proc.pid, name);
      return;
    }
    if (!controller.signal.aborted) {
      err(`fieldkit: ${name}: stopping; undoing what was applied on the appliances in progress before exiting.`);
      controller.abort(new Error(`interrupted by ${name}`));
      return;
    }
    const what = working.size > 0 ? `still undoing on ${[...working].join(', ')}` : 'still finishing';
    err(`fieldkit: ${what}; waiting for it so no appliance is left half-changed (the undo is not abandoned).`);
  };
  const dispose = () => {
    proc.off('SIGINT', onSignal);
    proc.off('SIGTERM', onSignal);
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    working,
    hold() {
      holders++;
      return () => {
        holders--;
      };
    },
    dispose,
  };
}
