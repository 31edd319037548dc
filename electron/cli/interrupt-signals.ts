import { PUSH_INTERRUPT_WORDS, type CliInterrupts, type InterruptWords } from './cli-context.ts';

/**
 * Ctrl-C and SIGTERM as one AbortSignal. The first interrupts the work (a push
 * starts no further appliance and undoes what it applied); a second does not
 * abandon that undo, it says what is still being undone. Quitting in the middle
 * of an undo would leave exactly the half-changed appliance the undo prevents.
 * Only while a command holds the signal (work that honours it, a push): any
 * other time a signal ends the process as if nobody listened. What is said
 * is the holding command's (a watch has nothing to undo).
 */
export function listenForInterrupts(proc: NodeJS.Process, err: (text: string) => void): CliInterrupts & { dispose(): void } {
  const controller = new AbortController();
  const working = new Set<string>();
  // The words of the work that holds the signal now (the newest holder): a watch is not a push.
  const holders: InterruptWords[] = [];
  const onSignal = (name: NodeJS.Signals) => {
    const words = holders.at(-1);
    if (!words && !controller.signal.aborted) {
      dispose();
      proc.kill(proc.pid, name);
      return;
    }
    if (!controller.signal.aborted) {
      err(`fieldkit: ${name}: ${(words ?? PUSH_INTERRUPT_WORDS).stopping}`);
      controller.abort(new Error(`interrupted by ${name}`));
      return;
    }
    if (working.size > 0) {
      err(
        `fieldkit: still undoing on ${[...working].join(', ')}; waiting for it so no appliance is left half-changed (the undo is not abandoned).`,
      );
      return;
    }
    err(`fieldkit: ${(words ?? PUSH_INTERRUPT_WORDS).stillFinishing}`);
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
    hold(words = PUSH_INTERRUPT_WORDS) {
      holders.push(words);
      return () => {
        const i = holders.lastIndexOf(words);
        if (i >= 0) holders.splice(i, 1);
      };
    },
    dispose,
  };
}
