import type { Engine } from '../services/engine.ts';

/** Exit codes every command shares: 0 success, 1 a check or operation failed, 2 bad usage or bad input, 130 interrupted. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** Ctrl-C / SIGTERM for the running command, and what it is still working on (said on a second Ctrl-C). */
export interface CliInterrupts {
  signal: AbortSignal;
  /** Appliances a command is working on right now. */
  working: Set<string>;
  /**
   * Work that honours the signal holds it while it runs, saying what a Ctrl-C does to it (a push's undo by
   * default); returns the release. Without a holder a signal ends the process.
   */
  hold(words?: InterruptWords): () => void;
}

/** What the user is told on Ctrl-C / SIGTERM: the first stops the work, a second while it still finishes. */
export interface InterruptWords {
  /** After "fieldkit: SIGINT: ". */
  stopping: string;
  /** What it is still waiting for, after "fieldkit: ". */
  stillFinishing: string;
}

/** A push (cert push, cert sync run and watch): the first signal undoes what was applied; the undo is not abandoned. */
export const PUSH_INTERRUPT_WORDS: InterruptWords = {
  stopping: 'stopping; undoing what was applied on the appliances in progress before exiting.',
  stillFinishing: 'still finishing; waiting for it so no appliance is left half-changed (the undo is not abandoned).',
};

/** Interrupts that never come: for tests and for callers that handle no signal. */
export function noInterrupts(signal: AbortSignal = new AbortController().signal): CliInterrupts {
  return { signal, working: new Set(), hold: () => () => undefined };
}

export interface CliOutput {
  /** Machine-readable result for --json, or human text otherwise; both go to stdout. */
  out(text: string): void;
  /** Progress and one-line reasons; stderr, so --json output stays clean. */
  err(text: string): void;
}

export interface CliContext {
  io: CliOutput;
  env: NodeJS.ProcessEnv;
  /** Opens the engine lazily: --help and --version never touch the keychain or the data folder. */
  engine(): Promise<Engine>;
  /** Aborted by Ctrl-C or SIGTERM; long work takes it and stops safely. */
  interrupts: CliInterrupts;
  /** Sets the process exit code; commands never call process.exit themselves. */
  setExitCode(code: number): void;
}
