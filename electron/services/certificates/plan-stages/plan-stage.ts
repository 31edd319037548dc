import type { CertificatesErrorCode } from '../../../../shared/certificates-error-catalog.ts';
import { NitroFailure } from '../../nitro/nitro-failure.ts';
import type { PlannedStep } from '../push-plan.ts';

/**
 * What each stage of the push planner gives back: its steps, what it found
 * already right, and what the user should know. The planner puts the stages'
 * steps in a safe order and their notes in stage order.
 */
export interface StagePlan {
  steps: PlannedStep[];
  alreadyRight: string[];
  warnings: string[];
}

/** A plan the appliance's state does not allow: nothing has been sent yet, and the message says so. */
export function refusePlan(appliance: string, code: CertificatesErrorCode, message: string): NitroFailure {
  return new NitroFailure(code, `${appliance}: ${message} Nothing was changed.`, { appliance, step: 'plan' });
}
