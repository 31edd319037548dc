import { saveConfigCall, syncHaSslFilesCall } from '../../nitro/appliance-calls.ts';
import type { ApplianceView } from '../appliance-view.ts';
import type { PlannedStep } from '../push-plan.ts';
import type { StagePlan } from './plan-stage.ts';

/**
 * The HA file sync and the save. On an HA primary, configuration commands
 * reach the secondary the moment they run, but uploaded files only with the
 * next `sync ha files` (or the rsync about once a minute): the SSL files are
 * copied right after the uploads, before any command that refers to them.
 * The save comes last. A plan with nothing to change saves nothing, unless
 * the appliance holds unsaved changes (NITRO nsconfig `configchanged`): then
 * it saves them.
 */

/** The sync that goes between the uploads and the first command using them; none off an HA primary or without changes. */
export function planHaFileSync(view: Pick<ApplianceView, 'ha'>, changes: boolean): PlannedStep[] {
  if (!changes || view.ha.state !== 'primary') return [];
  return [{ kind: 'ha-sync', label: 'Copy the SSL files to the HA secondary', call: syncHaSslFilesCall(), undo: [] }];
}

export function planSave(view: Pick<ApplianceView, 'ha'>, changes: boolean, unsaved = false): StagePlan {
  const primary = view.ha.state === 'primary';
  const steps: PlannedStep[] = changes || unsaved ? [saveConfigStep()] : [];
  const notes = unsaved
    ? [
        'The appliance holds unsaved configuration changes (an earlier push that did not finish, or another change): they are saved, so that a restart keeps the certificate that is running now.',
      ]
    : [];
  const warnings = primary
    ? [
        `This appliance is the HA primary${view.ha.peerAddress ? ` (secondary ${view.ha.peerAddress})` : ''}: the push goes to the primary, which passes each command on to the secondary; the new files are copied to the secondary before any command uses them.`,
      ]
    : [];
  return { steps, alreadyRight: [], warnings: [...notes, ...warnings] };
}

/** Always the last step, so no later failure can call for undoing it. */
export function saveConfigStep(): PlannedStep {
  return { kind: 'save-config', label: 'Save the running configuration', call: saveConfigCall(), undo: [] };
}
