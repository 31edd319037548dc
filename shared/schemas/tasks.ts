import { z } from 'zod';
import { ProgressEvent } from './certificates.ts';
import { DiagnosticsProgress } from './diagnostics.ts';
import { AllowlistWaitEvent } from './allowlist.ts';
import { CloudConnectProgress } from './cloud-connect-status.ts';

/** The id a caller picks for long work, so progress can name it and the user can cancel it. */
export const TaskId = z
  .string()
  .min(8, 'A task id is at least 8 characters.')
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'A task id uses letters, digits and dashes.');

/**
 * The one shape of progress for every long operation, in the app (the
 * taskProgress event) and in the CLI alike: which task, which kind of work,
 * and that work's own event.
 */
export const TaskProgress = z.discriminatedUnion('kind', [
  z.strictObject({ taskId: z.string(), kind: z.literal('diagnostics'), event: DiagnosticsProgress }),
  z.strictObject({ taskId: z.string(), kind: z.literal('certificates'), event: ProgressEvent }),
  z.strictObject({ taskId: z.string(), kind: z.literal('allowlist'), event: AllowlistWaitEvent }),
  z.strictObject({ taskId: z.string(), kind: z.literal('cloud-connect'), event: CloudConnectProgress }),
]);
export type TaskProgress = z.infer<typeof TaskProgress>;
export type TaskKind = TaskProgress['kind'];
export type TaskEvent<K extends TaskKind> = Extract<TaskProgress, { kind: K }>['event'];
