import { isFieldkitError } from '../../shared/fieldkit-error.ts';

/** The two Electron objects a failed start needs, narrowed so the behaviour can be checked without a window. */
export interface StartFailureShell {
  dialog: { showErrorBox(title: string, content: string): void };
  app: { releaseSingleInstanceLock(): void; exit(code: number): void };
}

/**
 * A start that fails says why in a window, then frees the single-instance
 * lock and exits: otherwise the app dies unseen and every later launch is
 * turned away by the lock it still holds.
 */
export function reportStartFailure(shell: StartFailureShell, err: unknown): void {
  const reason = err instanceof Error ? err.message : String(err);
  shell.dialog.showErrorBox('Fieldkit could not start', isFieldkitError(err) ? `${reason}\n\n${err.hint}` : reason);
  shell.app.releaseSingleInstanceLock();
  shell.app.exit(1);
}
