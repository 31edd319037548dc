import type { PushOptions } from '../../../shared/schemas/certificates.ts';
import type { ApplianceView } from './appliance-view.ts';
import type { PreparedBundle } from './bundle-validator.ts';
import { planChain } from './plan-stages/chain-certkeys.ts';
import { planLinks } from './plan-stages/chain-links.ts';
import { FilePlacement } from './plan-stages/file-placement.ts';
import { planLeaf } from './plan-stages/leaf-certkey.ts';
import { chooseLeafTarget } from './plan-stages/renewal-target.ts';
import { NETSCALER_NAME_MAX } from '../../../shared/schemas/network-names.ts';
import { OLDER_BUILD_CERTKEY_NAME_MAX } from '../nitro/certkey-name-limit.ts';
import { planHaFileSync, planSave } from './plan-stages/save-config.ts';
import { planBindings } from './plan-stages/vserver-bindings.ts';
import { planDigest, type PushPlan } from './push-plan.ts';

/**
 * Turns "this bundle, these vservers, these options" and what the appliance
 * holds into the exact ordered NITRO calls of a push. Nothing already right is
 * redone: identical files and certkeys are reused, present links and bindings
 * kept. Order keeps every intermediate state safe: files before certkeys,
 * issuers before the certificates linked to them, links before bindings, and
 * save last.
 */

export interface PlanInputs {
  view: ApplianceView;
  bundle: PreparedBundle;
  options: PushOptions;
  /** Reads a file's content (base64) on the appliance; only called when a planned name is already taken. */
  readFile: (name: string) => Promise<string | undefined>;
  /** Whether the running configuration holds unsaved changes; only asked when the push itself changes nothing. */
  hasUnsavedChanges?: () => Promise<boolean>;
  /** The longest certkey name the appliance's build accepts; only asked when a new name would be longer than every build accepts. */
  certkeyNameLimit?: () => Promise<number>;
}

export async function computePushPlan(inputs: PlanInputs): Promise<PushPlan> {
  const plan = await planWithNameLimit(inputs, NETSCALER_NAME_MAX);
  const longest = Math.max(0, ...plan.created.map((c) => c.name.length));
  if (longest <= OLDER_BUILD_CERTKEY_NAME_MAX || inputs.certkeyNameLimit === undefined) return plan;
  const limit = await inputs.certkeyNameLimit();
  return limit >= longest ? plan : planWithNameLimit(inputs, limit);
}

async function planWithNameLimit({ view, bundle, options, readFile, hasUnsavedChanges }: PlanInputs, maxName: number): Promise<PushPlan> {
  const target = chooseLeafTarget(view, bundle, options, maxName);
  const certkey = target.certkey;
  const files = new FilePlacement(view, readFile);
  const chain = await planChain(view, bundle, options, certkey, files, maxName);
  const leaf = await planLeaf(view, bundle, options, target, files);
  const links = planLinks(view, bundle, [certkey, ...chain.names]);
  const bindings = planBindings(view, options.vservers, certkey);
  const commands = [...chain.steps, ...links.unlinks, ...leaf.steps, ...links.steps, ...bindings.steps];
  const changing = files.plan.steps.length + commands.length > 0;
  const changes = [...files.plan.steps, ...planHaFileSync(view, changing), ...commands];
  // A push that ended before its save (killed, power lost) left its changes unsaved: a re-run that finds
  // nothing to change must still save, or a reboot brings the old certificate back.
  const unsaved = changes.length === 0 && hasUnsavedChanges !== undefined && (await hasUnsavedChanges());
  const save = planSave(view, changes.length > 0, unsaved);
  const steps = [...changes, ...save.steps];
  const plan: PushPlan = {
    appliance: view.appliance,
    partition: view.partition,
    fileLocation: view.fileLocation,
    haState: view.ha.state,
    steps,
    reads: view.reads,
    // Stage order; the files stage holds the chain's and the leaf's file notes, which come before the leaf's own.
    alreadyRight: [
      ...chain.alreadyRight,
      ...files.plan.alreadyRight,
      ...leaf.alreadyRight,
      ...links.alreadyRight,
      ...bindings.alreadyRight,
    ],
    warnings: [...leaf.warnings, ...links.warnings, ...bindings.warnings, ...save.warnings],
    certkey,
    certkeyAction: leaf.action,
    certkeyReason: target.reason,
    created: [...chain.created, ...leaf.created],
    digest: planDigest(steps),
  };
  if (view.ha.peerAddress !== undefined) plan.peerAddress = view.ha.peerAddress;
  return plan;
}
