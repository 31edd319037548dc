import type { FailureInfo, ProgressEvent, RollbackReport, StepRecord } from '../../../shared/schemas/certificates.ts';
import { syncHaSslFilesCall } from '../nitro/appliance-calls.ts';
import type { NitroClient } from '../nitro/nitro-client.ts';
import { NOT_FOUND_ERRORCODES } from '../nitro/nitro-errorcodes.ts';
import { failureInfo, isNitroFailure } from '../nitro/nitro-failure.ts';
import type { PlanBase } from './push-plan.ts';

/**
 * Runs a plan's steps in order. When one fails, the steps already done are
 * undone in reverse order, so the appliance ends as it was: previous certkey
 * contents and bindings back, uploaded files gone. A step whose outcome is
 * unknown (timeout, cut connection) is undone too, in case it took effect.
 */

export type ProgressListener = (event: ProgressEvent) => void;

export interface ExecuteOptions {
  onProgress?: ProgressListener;
  /** Each step's final record, as it is known (the history writes them). */
  onStep?: (record: StepRecord) => void;
}

export interface ExecutionResult {
  outcome: 'succeeded' | 'unchanged' | 'rolled-back' | 'failed';
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

export async function executePlan(client: NitroClient, plan: PlanBase, opts: ExecuteOptions = {}): Promise<ExecutionResult> {
  const count = plan.steps.length;
  const records: StepRecord[] = plan.steps.map((s, index) => ({ index, kind: s.kind, label: s.label, status: 'not-run' }));
  const emit = (index: number, status: ProgressEvent['status'], phase: 'step' | 'rollback', message?: string) =>
    safeEmit(opts.onProgress, {
      appliance: plan.appliance,
      phase,
      stepIndex: index,
      stepCount: count,
      stepLabel: plan.steps[index]!.label,
      status,
      ...(message !== undefined ? { message } : {}),
    });
  if (count === 0) return { outcome: 'unchanged', steps: records };

  let failedAt = -1;
  let failure: unknown;
  for (let i = 0; i < count; i++) {
    const step = plan.steps[i]!;
    emit(i, 'running', 'step');
    try {
      if (step.kind === 'save-config') await client.saveConfig(step.label, step.call);
      else await client.call(step.call, step.label);
      records[i]!.status = 'done';
      emit(i, 'done', 'step');
      opts.onStep?.(records[i]!);
    } catch (err) {
      failedAt = i;
      failure = err;
      const info = failureInfo(err, step.label);
      records[i]!.status = 'failed';
      records[i]!.error = info;
      emit(i, 'failed', 'step', info.message);
      opts.onStep?.(records[i]!);
      break;
    }
  }
  if (failedAt < 0) return { outcome: 'succeeded', steps: records };

  const error = failureInfo(failure, plan.steps[failedAt]!.label);
  const rollback: RollbackReport = { restored: [], failed: [] };
  const uncertain = isNitroFailure(failure) && failure.outcomeUnknown;
  const toUndo: number[] = [];
  if (uncertain) toUndo.push(failedAt);
  for (let i = failedAt - 1; i >= 0; i--) toUndo.push(i);
  let haSynced = false;
  for (const i of toUndo) {
    const step = plan.steps[i]!;
    if (step.kind === 'ha-sync' && i !== failedAt) haSynced = true;
    let ok = true;
    let didSomething = false;
    for (const action of step.undo) {
      try {
        await client.call(action.call, `rollback: ${action.intent}`);
        rollback.restored.push(action.done);
        didSomething = true;
      } catch (err) {
        if (i === failedAt && isNitroFailure(err) && err.errorcode !== undefined && NOT_FOUND_ERRORCODES.has(err.errorcode)) continue;
        ok = false;
        rollback.failed.push({ action: action.intent, error: failureInfo(err, `rollback: ${action.intent}`) });
      }
    }
    if (i === failedAt) continue;
    if (ok && (didSomething || step.undo.length === 0)) {
      records[i]!.status = 'rolled-back';
      emit(i, 'rolled-back', 'rollback');
      opts.onStep?.(records[i]!);
    } else if (!ok) {
      emit(i, 'failed', 'rollback', `The rollback of "${step.label}" failed.`);
    }
  }
  if (haSynced) {
    // The secondary got the new files and config before the failure; give it the restored state.
    try {
      await client.call(syncHaSslFilesCall(), 'rollback: copy the restored SSL files to the HA secondary');
      rollback.restored.push(
        'Copied the restored SSL configuration to the HA secondary (files this push uploaded may remain on the secondary)',
      );
    } catch (err) {
      rollback.failed.push({ action: 'Copy the restored SSL files to the HA secondary', error: failureInfo(err) });
    }
  }
  return { outcome: rollback.failed.length === 0 ? 'rolled-back' : 'failed', steps: records, rollback, error };
}
