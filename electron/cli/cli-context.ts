import type { Engine } from '../services/engine.ts';

/** Exit codes every command shares: 0 success, 1 a check or operation failed, 2 bad usage or bad input, 130 interrupted. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** Ctrl-C / SIGTERM for the running command, and what it is still working on (said on a second Ctrl-C). */
export interface CliInterrupts {
  signal: AbortSignal;
  /** Appliances a command is working on right now. */
  working: Set<string>;
  /** Work that honours the signal holds it while it runs; returns the release. Without a holder a signal ends the process. */
  hold(): () => void;
}

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
