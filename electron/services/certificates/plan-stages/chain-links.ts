import { linkCertkeyCall, unlinkCertkeyCall } from '../../nitro/sslcertkey-calls.ts';
import type { ApplianceCertkey, ApplianceView } from '../appliance-view.ts';
import type { PreparedBundle } from '../bundle-validator.ts';
import { dnOneLine, normalizeDn } from '../../x509/certificate-fields.ts';
import type { PlannedStep } from '../push-plan.ts';
import type { StagePlan } from './plan-stage.ts';

/**
 * The links stage: leaf -> chain[0] -> ... -> an issuer the appliance holds,
 * so the appliance sends the whole chain. Links already right are kept; a
 * link that points elsewhere is the old chain and is undone first.
 */

export interface LinksPlan extends StagePlan {
  /** Old links to undo; they go before the certkeys change. */
  unlinks: PlannedStep[];
}

/** `certkeys`: the leaf's certkey, then the intermediates' in bundle order. */
export function planLinks(view: ApplianceView, bundle: PreparedBundle, certkeys: string[]): LinksPlan {
  const applianceIssuer = issuerOnAppliance(view, bundle, certkeys);
  const parents = [...certkeys.slice(1), ...(applianceIssuer ? [applianceIssuer.name] : [])];
  const plan: LinksPlan = { unlinks: [], steps: [], alreadyRight: [], warnings: [] };
  for (let i = certkeys.length - 1; i >= 0; i--) {
    const child = certkeys[i]!;
    const parent = parents[i];
    const current = view.certkeys.get(child)?.linkedTo;
    if (parent === undefined) continue;
    if (current === parent) {
      plan.alreadyRight.push(`The certkey ${child} is already linked to ${parent}.`);
      continue;
    }
    if (current !== undefined) plan.unlinks.push(unlinkStep(child, current));
    plan.steps.push(linkStep(child, parent));
  }
  if (certkeys.length === 1 && !applianceIssuer && !bundle.leaf.checkIssued(bundle.leaf)) {
    plan.warnings.push(
      `The bundle has no intermediate and the appliance does not hold ${dnOneLine(bundle.leaf.issuer)}: clients get the certificate without its chain and may not trust it. Give the chain file your CA sent with it.`,
    );
  }
  return plan;
}

/**
 * The certkey the top of the bundle links to: its issuer, when the appliance
 * holds it. Usually it does not, and that is fine: a bundle ending below the
 * root is what CAs hand out, and clients hold the root themselves.
 */
function issuerOnAppliance(view: ApplianceView, bundle: PreparedBundle, certkeys: string[]): ApplianceCertkey | undefined {
  const top = bundle.chain.length > 0 ? bundle.chain[bundle.chain.length - 1]! : bundle.leaf;
  if (top.checkIssued(top)) return undefined;
  const wanted = normalizeDn(top.issuer);
  const candidates = [...view.certkeys.values()].filter((ck) => normalizeDn(ck.subject) === wanted && !certkeys.includes(ck.name));
  return candidates.find((ck) => ck.status === undefined || ck.status === 'Valid') ?? candidates[0];
}

function unlinkStep(child: string, current: string): PlannedStep {
  return {
    kind: 'unlink-certkey',
    label: `Unlink certkey ${child} from its old issuer ${current}`,
    call: unlinkCertkeyCall(child),
    undo: [
      {
        intent: `Link ${child} back to ${current}`,
        done: `Linked certkey ${child} back to ${current}`,
        call: linkCertkeyCall(child, current),
      },
    ],
  };
}

function linkStep(child: string, parent: string): PlannedStep {
  return {
    kind: 'link-certkey',
    label: `Link certkey ${child} to its issuer ${parent}`,
    call: linkCertkeyCall(child, parent),
    undo: [{ intent: `Unlink ${child} from ${parent}`, done: `Unlinked certkey ${child} from ${parent}`, call: unlinkCertkeyCall(child) }],
  };
}
