import { bindCertkeyCall, unbindCertkeyCall } from '../nitro/certkey-binding-calls.ts';
import { addCertkeyCall, deleteCertkeyCall, linkCertkeyCall, type CertkeyFields } from '../nitro/sslcertkey-calls.ts';
import { deleteFileCall, uploadFileCall } from '../nitro/systemfile-calls.ts';
import { fileNameIn, type ApplianceBinding, type ApplianceCertkey } from './appliance-view.ts';
import { saveConfigStep } from './plan-stages/save-config.ts';
import type { PlannedStep } from './push-plan.ts';
import type { RemovalCandidate } from './removal-selection.ts';

/**
 * The steps of a removal, each with its undo: unbind, delete the certkeys
 * (children before the intermediates they link to), delete the files no other
 * certkey uses, save.
 */

export interface RemovalStepInputs {
  candidates: RemovalCandidate[];
  certkeys: Map<string, ApplianceCertkey>;
  bindings: ApplianceBinding[];
  /** The partition's SSL folder and the file names in it. */
  fileLocation: string;
  files: Set<string>;
  /** Reads a file's content (base64), so a deleted file can be uploaded again on rollback. */
  readFile: (name: string) => Promise<string | undefined>;
}

/** Children (leaves) first, so no certkey is deleted while another still links to it. */
export function removalOrder(candidates: Iterable<RemovalCandidate>, certkeys: Map<string, ApplianceCertkey>): RemovalCandidate[] {
  return [...candidates].sort((a, b) => depth(b.ck.name, certkeys) - depth(a.ck.name, certkeys));
}

/** `candidates` in removal order. */
export async function planRemovalSteps(inputs: RemovalStepInputs): Promise<PlannedStep[]> {
  const { candidates, bindings } = inputs;
  const steps: PlannedStep[] = [];
  for (const c of candidates) for (const b of bindings.filter((x) => x.certkey === c.ck.name)) steps.push(unbindStep(b));
  for (const c of candidates) steps.push(deleteCertkeyStep(c));
  steps.push(...(await deleteFileSteps(inputs)));
  if (steps.length > 0) steps.push(saveConfigStep());
  return steps;
}

/** How many links below the top. */
function depth(name: string, certkeys: Map<string, ApplianceCertkey>): number {
  let d = 0;
  let cur = certkeys.get(name)?.linkedTo;
  for (let i = 0; cur !== undefined && i < certkeys.size; i++) {
    d++;
    cur = certkeys.get(cur)?.linkedTo;
  }
  return d;
}

function unbindStep(b: ApplianceBinding): PlannedStep {
  return {
    kind: 'unbind-certkey',
    label: `Unbind certkey ${b.certkey} from vserver ${b.vserver}${b.sni ? ' (SNI)' : ''}${b.ca ? ' (CA)' : ''}`,
    call: unbindCertkeyCall(b),
    undo: [
      {
        intent: `Bind ${b.certkey} to ${b.vserver} again`,
        done: `Rebound certkey ${b.certkey} to vserver ${b.vserver}`,
        call: bindCertkeyCall(b),
      },
    ],
  };
}

function deleteCertkeyStep({ ck, why }: RemovalCandidate): PlannedStep {
  const undo: PlannedStep['undo'] = [
    { intent: `Add certkey ${ck.name} back`, done: `Added certkey ${ck.name} back`, call: addCertkeyCall(certkeyFields(ck)) },
  ];
  if (ck.linkedTo !== undefined) {
    undo.push({
      intent: `Link ${ck.name} back to ${ck.linkedTo}`,
      done: `Linked certkey ${ck.name} back to ${ck.linkedTo}`,
      call: linkCertkeyCall(ck.name, ck.linkedTo),
    });
  }
  return { kind: 'delete-certkey', label: `Delete certkey ${ck.name} (${why})`, call: deleteCertkeyCall(ck.name), undo };
}

/** The certkey as it can be added back. */
function certkeyFields(ck: ApplianceCertkey): CertkeyFields {
  const fields: CertkeyFields = { certkey: ck.name, cert: ck.certPath, inform: ck.inform };
  if (ck.keyPath !== undefined) fields.key = ck.keyPath;
  // Expiry monitoring comes back as it was; a key passphrase (passplain) cannot be read back and is not restored.
  if (ck.expiryMonitor === 'ENABLED') {
    fields.expirymonitor = 'ENABLED';
    if (ck.notificationPeriod !== undefined) fields.notificationperiod = ck.notificationPeriod;
  }
  return fields;
}

/** A file goes when it is in the SSL folder and no certkey that stays uses it; its content is read first, for the undo. */
async function deleteFileSteps({ candidates, certkeys, fileLocation, files, readFile }: RemovalStepInputs): Promise<PlannedStep[]> {
  const removed = new Set(candidates.map((c) => c.ck.name));
  const stillUsed = new Set(
    [...certkeys.values()]
      .filter((c) => !removed.has(c.name))
      .flatMap((c) => [c.certPath, c.keyPath ?? ''])
      .map((p) => fileNameIn(fileLocation, p)),
  );
  const steps: PlannedStep[] = [];
  for (const c of candidates) {
    for (const path of [c.ck.certPath, c.ck.keyPath]) {
      const name = fileNameIn(fileLocation, path);
      if (name === undefined || stillUsed.has(name) || !files.has(name)) continue;
      stillUsed.add(name);
      const content = await readFile(name);
      const undo: PlannedStep['undo'] =
        content === undefined
          ? []
          : [
              {
                intent: `Upload ${name} again`,
                done: `Uploaded the deleted file ${name} again`,
                call: uploadFileCall(fileLocation, name, content),
              },
            ];
      steps.push({ kind: 'delete-file', label: `Delete file ${name}`, call: deleteFileCall(fileLocation, name), undo });
    }
  }
  return steps;
}
