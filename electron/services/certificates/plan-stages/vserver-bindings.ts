import type { PushOptions } from '../../../../shared/schemas/certificates.ts';
import { bindCertkeyCall, unbindCertkeyCall } from '../../nitro/certkey-binding-calls.ts';
import type { ApplianceBinding, ApplianceView } from '../appliance-view.ts';
import type { PlannedStep } from '../push-plan.ts';
import type { StagePlan } from './plan-stage.ts';

/**
 * The bindings stage: the certkey bound to each target vserver, as its server
 * certificate or as an SNI certificate. A server certificate replaces the one
 * bound before (NITRO cannot swap in one call); a binding already right stays.
 */

type VserverTarget = PushOptions['vservers'][number];

export function planBindings(view: ApplianceView, vservers: VserverTarget[], certkey: string): StagePlan {
  const plan: StagePlan = { steps: [], alreadyRight: [], warnings: [] };
  for (const target of vservers) {
    const current = view.bindings.get(target.name) ?? [];
    const asWhat = target.sni ? ' as an SNI certificate' : '';
    if (current.some((b) => b.certkey === certkey && b.sni === target.sni && !b.ca)) {
      plan.alreadyRight.push(`The certkey ${certkey} is already bound to vserver ${target.name}${asWhat}.`);
      continue;
    }
    if (!target.sni) {
      for (const old of current.filter((b) => !b.sni && !b.ca && b.certkey !== certkey)) {
        plan.warnings.push(
          `vserver ${target.name} serves no certificate between unbinding ${old.certkey} and binding ${certkey} (two consecutive calls); "preserve" avoids even that.`,
        );
        plan.steps.push(unbindOldStep(old));
      }
    }
    const binding = { vserver: target.name, certkey, sni: target.sni };
    plan.steps.push({
      kind: 'bind-certkey',
      label: `Bind certkey ${certkey} to vserver ${target.name}${asWhat}`,
      call: bindCertkeyCall(binding),
      undo: [
        {
          intent: `Unbind ${certkey} from ${target.name}`,
          done: `Unbound certkey ${certkey} from vserver ${target.name}`,
          call: unbindCertkeyCall(binding),
        },
      ],
    });
  }
  return plan;
}

/** `old` is a server-certificate binding (neither SNI nor CA). */
function unbindOldStep(old: ApplianceBinding): PlannedStep {
  const binding = { vserver: old.vserver, certkey: old.certkey, sni: false };
  return {
    kind: 'unbind-certkey',
    label: `Unbind the current certkey ${old.certkey} from vserver ${old.vserver}`,
    call: unbindCertkeyCall(binding),
    undo: [
      {
        intent: `Bind ${old.certkey} to ${old.vserver} again`,
        done: `Rebound certkey ${old.certkey} to vserver ${old.vserver}`,
        call: bindCertkeyCall(binding),
      },
    ],
  };
}
