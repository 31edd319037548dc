import type { FailureInfo, ProgressEvent, RollbackReport, StepRecord } from '../../../shared/schemas/certificates.ts';
import { syncHaSslFilesCall } from '../nitro/appliance-calls.ts';
import type { NitroClient } from '../nitro/nitro-client.ts';
import { NOT_FOUND_ERRORCODES } from '../nitro/nitro-errorcodes.ts';
import { failureInfo, isNitroFailure, type NitroFailure } from '../nitro/nitro-failure.ts';
import type { PlanBase, PlannedStep } from './push-plan.ts';

/**
 * Runs a plan's steps in order. When one fails, the steps already done are
 * undone in reverse order, so the appliance ends as it was: previous certkey
 * contents and bindings back, uploaded files gone. A step whose outcome is
 * unknown (timeout, cut connection, an interrupt mid-request) is undone too,
 * in case it took effect. An interrupt (the client's signal) is a failure like
 * any other, except that the outcome says "interrupted".
 */

export type ProgressListener = (event: ProgressEvent) => void;

export interface ExecuteOptions {
  onProgress?: ProgressListener;
  /** Each step's final record, as it is known (the history writes them). */
  onStep?: (record: StepRecord) => void;
}

export interface ExecutionResult {
  outcome: 'succeeded' | 'unchanged' | 'rolled-back' | 'failed' | 'interrupted';
  steps: StepRecord[];
  rollback?: RollbackReport;
  error?: FailureInfo;
}

export function safeEmit(listener: ProgressListener | undefined, event: ProgressEvent): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // A broken progress listener must not break a push half-way.
  }
}

/** The steps' records and the progress the user sees, kept in step with each other. */
class StepTracker {
  readonly records: StepRecord[];
  private readonly plan: PlanBase;
  private readonly opts: ExecuteOptions;

  constructor(plan: PlanBase, opts: ExecuteOptions) {
    this.plan = plan;
    this.opts = opts;
    this.records = plan.steps.map((s, index) => ({ index, kind: s.kind, label: s.label, status: 'not-run' }));
  }

  emit(index: number, status: ProgressEvent['status'], phase: 'step' | 'rollback', message?: string): void {
    safeEmit(this.opts.onProgress, {
      appliance: this.plan.appliance,
      phase,
      stepIndex: index,
      stepCount: this.plan.steps.length,
      stepLabel: this.plan.steps[index]!.label,
      status,
      ...(message !== undefined ? { message } : {}),
    });
  }

  mark(index: number, status: StepRecord['status'], error?: FailureInfo): void {
    const record = this.records[index]!;
    record.status = status;
    if (error !== undefined) record.error = error;
  }

  /** The step's record is final: pass it on. */
  settle(index: number): void {
    this.opts.onStep?.(this.records[index]!);
  }
}

interface StepFailure {
  index: number;
  error: unknown;
}

export async function executePlan(client: NitroClient, plan: PlanBase, opts: ExecuteOptions = {}): Promise<ExecutionResult> {
  const tracker = new StepTracker(plan, opts);
  if (plan.steps.length === 0) return { outcome: 'unchanged', steps: tracker.records };
  const failed = await runSteps(client, plan, tracker);
  if (failed === undefined) return { outcome: 'succeeded', steps: tracker.records };
  const error = failureInfo(failed.error, plan.steps[failed.index]!.label);
  const rollback = await rollBack(client, plan, failed, tracker);
  // Interrupted stays the outcome even when an undo failed: the rollback report says what is left.
  if (isInterrupt(failed.error)) return { outcome: 'interrupted', steps: tracker.records, rollback, error };
  return { outcome: rollback.failed.length === 0 ? 'rolled-back' : 'failed', steps: tracker.records, rollback, error };
}

export function isInterrupt(err: unknown): boolean {
  return isNitroFailure(err) && err.code === 'PUSH_INTERRUPTED';
}

/** Runs the steps in order up to the first failure, which it returns. */
async function runSteps(client: NitroClient, plan: PlanBase, tracker: StepTracker): Promise<StepFailure | undefined> {
  for (const [i, step] of plan.steps.entries()) {
    tracker.emit(i, 'running', 'step');
    try {
      if (step.kind === 'save-config') await client.saveConfig(step.label, step.call);
      else await client.call(step.call, step.label);
      tracker.mark(i, 'done');
      tracker.emit(i, 'done', 'step');
      tracker.settle(i);
    } catch (err) {
      const info = failureInfo(err, step.label);
      // Interrupted before the request left: the step never ran.
      const notSent = isInterrupt(err) && !(err as NitroFailure).outcomeUnknown;
      tracker.mark(i, notSent ? 'not-run' : 'failed', notSent ? undefined : info);
      tracker.emit(i, isInterrupt(err) ? 'interrupted' : 'failed', 'step', info.message);
      if (!notSent) tracker.settle(i);
      return { index: i, error: err };
    }
  }
  return undefined;
}

/**
 * Undoes the steps done before the failure, last first, and the failed step
 * itself when its outcome is unknown; then gives an HA secondary that already
 * got the new files the restored state.
 */
async function rollBack(client: NitroClient, plan: PlanBase, failed: StepFailure, tracker: StepTracker): Promise<RollbackReport> {
  const rollback: RollbackReport = { restored: [], failed: [] };
  const uncertain = isNitroFailure(failed.error) && failed.error.outcomeUnknown;
  const toUndo: number[] = [];
  if (uncertain) toUndo.push(failed.index);
  for (let i = failed.index - 1; i >= 0; i--) toUndo.push(i);
  let haSynced = false;
  for (const i of toUndo) {
    const step = plan.steps[i]!;
    if (step.kind === 'ha-sync' && i !== failed.index) haSynced = true;
    const undone = await undoStep(client, step, i === failed.index, rollback);
    if (i === failed.index) continue;
    if (undone.ok && (undone.didSomething || step.undo.length === 0)) {
      tracker.mark(i, 'rolled-back');
      tracker.emit(i, 'rolled-back', 'rollback');
      tracker.settle(i);
    } else if (!undone.ok) {
      tracker.emit(i, 'failed', 'rollback', `The rollback of "${step.label}" failed.`);
    }
  }
  if (haSynced) await resyncSecondary(client, rollback);
  return rollback;
}

/**
 * Runs a step's undo calls, reporting each in the rollback. For the step whose
 * outcome is unknown, "not there" means it never took effect: nothing to undo.
 */
async function undoStep(
  client: NitroClient,
  step: PlannedStep,
  outcomeUnknown: boolean,
  rollback: RollbackReport,
): Promise<{ ok: boolean; didSomething: boolean }> {
  let ok = true;
  let didSomething = false;
  for (const action of step.undo) {
    try {
      await client.call(action.call, `rollback: ${action.intent}`, { interruptible: false });
      rollback.restored.push(action.done);
      didSomething = true;
    } catch (err) {
      if (outcomeUnknown && isNitroFailure(err) && err.errorcode !== undefined && NOT_FOUND_ERRORCODES.has(err.errorcode)) continue;
      ok = false;
      rollback.failed.push({ action: action.intent, error: failureInfo(err, `rollback: ${action.intent}`) });
    }
  }
  return { ok, didSomething };
}

/** The secondary got the new files and config before the failure; give it the restored state. */
async function resyncSecondary(client: NitroClient, rollback: RollbackReport): Promise<void> {
  try {
    await client.call(syncHaSslFilesCall(), 'rollback: copy the restored SSL files to the HA secondary', { interruptible: false });
    rollback.restored.push(
      'Copied the restored SSL configuration to the HA secondary (files this push uploaded may remain on the secondary)',
    );
  } catch (err) {
    rollback.failed.push({ action: 'Copy the restored SSL files to the HA secondary', error: failureInfo(err) });
  }
}
