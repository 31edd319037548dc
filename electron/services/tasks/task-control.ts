import type { TaskProgress } from '../../../shared/schemas/tasks.ts';

/**
 * How a caller steers a long operation: the app passes the task id it picked
 * (so the window can cancel it) and forwards progress as the taskProgress
 * event; the CLI passes Ctrl-C's signal and prints the same progress.
 */
export interface TaskControl {
  taskId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: TaskProgress) => void;
}
