import { FieldkitError } from '../../../shared/fieldkit-error.ts';

/**
 * Long work (a connectivity check, a fleet push) runs under an id the caller
 * chose, so progress events can name it and the user can cancel it from any
 * window or from Ctrl-C in the CLI. Work without an id is tracked too, so that
 * quitting can interrupt everything and wait until a push has undone its changes.
 */
interface RunningTask {
  controller: AbortController;
  settled: Promise<unknown>;
}

export class TaskRegistry {
  private readonly running = new Map<string, RunningTask>();
  private readonly anonymous = new Set<RunningTask>();

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
    const promise = work(signal);
    const task: RunningTask = { controller, settled: promise.catch(() => undefined) };
    if (taskId !== undefined) this.running.set(taskId, task);
    else this.anonymous.add(task);
    try {
      return await promise;
    } finally {
      if (taskId !== undefined) this.running.delete(taskId);
      else this.anonymous.delete(task);
    }
  }

  /** True when a running task was told to stop; a push stops its requests, undoes what it applied and logs out. */
  cancel(taskId: string): boolean {
    const task = this.running.get(taskId);
    if (!task) return false;
    interrupt(task);
    return true;
  }

  cancelAll(): void {
    for (const task of this.all()) interrupt(task);
  }

  /** Interrupts every running task and resolves once each has finished its undo. */
  async interruptAll(): Promise<void> {
    const tasks = this.all();
    for (const task of tasks) interrupt(task);
    await Promise.all(tasks.map((t) => t.settled));
  }

  /** Tasks running now, with or without an id. */
  get size(): number {
    return this.running.size + this.anonymous.size;
  }

  private all(): RunningTask[] {
    return [...this.running.values(), ...this.anonymous];
  }
}

function interrupt(task: RunningTask): void {
  task.controller.abort(new FieldkitError('TASK_CANCELLED', 'Cancelled by the user.'));
}
