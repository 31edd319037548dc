import type { PlanStepView, PushOptionsInput } from '../../shared/schemas/certificates.ts';
import type { FaultMatch, NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { seedCertkey, type CertWorld } from './cert-push-fixtures.ts';

/** A renewal from another intermediate, in place, also moving vs2 to it: a plan with every kind of change step. */
export const EVERY_STEP_OPTIONS: PushOptionsInput = { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }, { name: 'vs2' }] };

/** The simulator fault that hits exactly this plan step's request. */
export function faultMatchOf(step: PlanStepView): FaultMatch {
  const m = /^\/nitro\/v1\/config\/([a-z_]+)(?:\/([^?]+))?(?:\?(.*))?$/.exec(step.call.path)!;
  const match: FaultMatch = { method: step.call.method, resource: m[1]! };
  const action = new URLSearchParams(m[3] ?? '').get('action');
  if (action) match.action = action;
  const inner = step.call.body ? (Object.values(step.call.body as Record<string, Record<string, unknown>>)[0] ?? {}) : {};
  const name = m[2] ? decodeURIComponent(m[2]) : ((inner['filename'] ?? inner['certkey'] ?? inner['certkeyname']) as string | undefined);
  if (name !== undefined) match.name = name;
  return match;
}

/**
 * The appliance the every-step renewal runs against: www.example.test as "web" on vs1 and another
 * domain as "legacy" on vs2, both chained to the test root as an admin set them up.
 */
export function seedEveryStepScenario(s: NitroSimulator, w: CertWorld): NitroSimulator {
  seedCertkey(s, 'fk-root', w.root);
  seedCertkey(s, 'inter-high', w.interHigh, { linkTo: 'fk-root' });
  seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
  seedCertkey(s, 'web', w.leaf, { withKey: true, linkTo: 'inter' });
  seedCertkey(s, 'legacy', w.otherDomain, { withKey: true, linkTo: 'inter' });
  s.seed((st) => {
    st.bind({ vservername: 'vs1', certkeyname: 'web' });
    st.bind({ vservername: 'vs2', certkeyname: 'legacy' });
  });
  return s;
}
