import { FieldkitError } from '../../../shared/fieldkit-error.ts';

/**
 * Long work (a connectivity check, a fleet push) runs under an id the caller
 * chose, so progress events can name it and the user can cancel it from any
 * window or from Ctrl-C in the CLI.
 */
export class TaskRegistry {
  private readonly running = new Map<string, AbortController>();

  /**
   * Runs work under the caller's task id (when it gave one), so cancel(taskId)
   * reaches it; the caller's own signal (Ctrl-C in the CLI) stops it too.
   */
  async run<T>(
    control: { taskId?: string | undefined; signal?: AbortSignal | undefined },
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { taskId } = control;
    if (taskId !== undefined && this.running.has(taskId)) {
      throw new FieldkitError('TASK_ALREADY_RUNNING', `A task with the id ${taskId} is already running.`);
    }
    const controller = new AbortController();
    const signal = control.signal ? AbortSignal.any([controller.signal, control.signal]) : controller.signal;
    if (taskId !== undefined) this.running.set(taskId, controller);
    try {
      return await work(signal);
    } finally {
      if (taskId !== undefined) this.running.delete(taskId);
    }
  }

  /** True when a running task was told to stop; it stops at its next safe point (a push finishes its rollback first). */
  cancel(taskId: string): boolean {
    const controller = this.running.get(taskId);
    if (!controller) return false;
    controller.abort(new FieldkitError('TASK_CANCELLED', 'Cancelled by the user.'));
    return true;
  }

  cancelAll(): void {
    for (const id of [...this.running.keys()]) this.cancel(id);
  }

  get size(): number {
    return this.running.size;
  }
}
