import { saveConfigCall, syncHaSslFilesCall } from '../../nitro/appliance-calls.ts';
import type { ApplianceView } from '../appliance-view.ts';
import type { PlannedStep } from '../push-plan.ts';
import type { StagePlan } from './plan-stage.ts';

/**
 * The save stage, last: on an HA primary the SSL files are copied to the
 * secondary, then the configuration is saved. A plan with nothing to change
 * saves nothing, unless the appliance holds unsaved changes (NITRO nsconfig
 * `configchanged`): then it saves them.
 */

export function planSave(view: Pick<ApplianceView, 'ha'>, changes: boolean, unsaved = false): StagePlan {
  const primary = view.ha.state === 'primary';
  const steps: PlannedStep[] = [];
  if (changes) {
    if (primary) steps.push({ kind: 'ha-sync', label: 'Copy the SSL files to the HA secondary', call: syncHaSslFilesCall(), undo: [] });
    steps.push(saveConfigStep());
  } else if (unsaved) {
    steps.push(saveConfigStep());
  }
  const notes = unsaved
    ? [
        'The appliance holds unsaved configuration changes (an earlier push that did not finish, or another change): they are saved, so that a restart keeps the certificate that is running now.',
      ]
    : [];
  const warnings = primary
    ? [
        `This appliance is the HA primary${view.ha.peerAddress ? ` (secondary ${view.ha.peerAddress})` : ''}: the push goes to the primary, which passes it on to the secondary.`,
      ]
    : [];
  return { steps, alreadyRight: [], warnings: [...notes, ...warnings] };
}

/** Always the last step, so no later failure can call for undoing it. */
export function saveConfigStep(): PlannedStep {
  return { kind: 'save-config', label: 'Save the running configuration', call: saveConfigCall(), undo: [] };
}
