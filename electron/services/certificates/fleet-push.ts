import { ApplianceProfile, type FleetSummary, type PushOptionsInput, type PushResult } from '../../../shared/schemas/certificates.ts';
import { applianceLabel } from '../nitro/nitro-client.ts';
import { failureInfo, NitroFailure } from '../nitro/nitro-failure.ts';
import { pushToAppliance, type PushDeps, type PushTarget } from './appliance-push.ts';
import type { PreparedBundle } from './bundle-validator.ts';

/**
 * One bundle to many appliances, a few at a time. Each appliance has its own
 * session, plan and rollback; one failing does not stop or undo the others.
 * An interrupt (deps.signal) starts no further appliance; the ones in
 * progress abort their request, undo what they applied and log out.
 */

export const DEFAULT_FLEET_CONCURRENCY = 25;

export interface FleetDeps extends PushDeps {
  concurrency?: number;
}

export async function pushToFleet(
  targets: PushTarget[],
  bundle: PreparedBundle,
  options: PushOptionsInput,
  deps: FleetDeps,
): Promise<FleetSummary> {
  const started = Date.now();
  const limit = Math.max(1, Math.min(deps.concurrency ?? DEFAULT_FLEET_CONCURRENCY, 64));
  const results = new Array<PushResult>(targets.length);
  let next = 0;
  const worker = async () => {
    // Each worker takes the next appliance until none is left: at most targets.length turns in all.
    while (next < targets.length) {
      const i = next++;
      const target = targets[i]!;
      if (deps.signal?.aborted) {
        results[i] = notStarted(target);
        continue;
      }
      try {
        results[i] = await pushToAppliance(target, bundle, options, deps);
      } catch (err) {
        // pushToAppliance reports appliance failures itself; this is a bad profile or a bug, kept to this appliance.
        const host = typeof target.profile.host === 'string' ? target.profile.host : '?';
        results[i] = {
          appliance: target.profile.name ?? host,
          host,
          outcome: 'failed',
          steps: [],
          error: failureInfo(err, 'start'),
          nitroRequests: 0,
          tookMs: 0,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, targets.length) }, worker));
  const pick = (o: PushResult['outcome']) => results.filter((r) => r.outcome === o).map((r) => r.appliance);
  return {
    succeeded: pick('succeeded'),
    unchanged: pick('unchanged'),
    rolledBack: pick('rolled-back'),
    failed: pick('failed'),
    interrupted: pick('interrupted'),
    results,
    tookMs: Date.now() - started,
  };
}

/** An appliance the interrupt reached before its turn: nothing was sent to it. */
function notStarted(target: PushTarget): PushResult {
  const host = typeof target.profile.host === 'string' ? target.profile.host : '?';
  const parsed = ApplianceProfile.safeParse(target.profile);
  const appliance = parsed.success ? applianceLabel(parsed.data) : host;
  const error = failureInfo(
    new NitroFailure('PUSH_INTERRUPTED', `${appliance}: not started: the push was interrupted first. Nothing was sent to it.`, {
      appliance,
      step: 'start',
    }),
  );
  return { appliance, host, outcome: 'interrupted', steps: [], error, nitroRequests: 0, tookMs: 0 };
}
