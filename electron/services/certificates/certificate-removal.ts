import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import {
  ApplianceProfile,
  type ApprovedRemoval,
  RemovalOptions,
  type ApplianceProfileInput,
  type HaState,
  type RemovalOptionsInput,
  type RemovalResult,
  type StepRecord,
} from '../../../shared/schemas/certificates.ts';
import { NitroClient, type GetPassword, type NitroClientOptions } from '../nitro/nitro-client.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import { readAllBindings, readCertkeys, readFileContent, readFileNames } from './appliance-view.ts';
import { executePlan, safeEmit, type ProgressListener } from './plan-executor.ts';
import type { CertPushHistory } from './push-history.ts';
import { PushHistoryKeeper } from './push-history-keeper.ts';
import { planDigest, stepView, type PlanBase, type PlannedStep } from './push-plan.ts';
import { selectForRemoval } from './removal-selection.ts';
import { planRemovalSteps, removalOrder } from './removal-steps.ts';

/**
 * Removes certificates Fieldkit put on an appliance once they expired or were
 * replaced (or ones the user names): unbind, delete the certkey, delete its
 * files, save. Never a certkey Fieldkit did not create unless named; never one
 * that would leave a vserver without its server certificate or break another
 * certkey's chain. The removal rolls back like a push.
 *
 * A dry run answers the list and a digest of its plan; given back as
 * `approved`, the real removal removes exactly that or, when the appliance
 * changed in between, nothing.
 */

export interface RemovalDeps {
  getPassword: GetPassword;
  history?: CertPushHistory;
  onProgress?: ProgressListener;
  client?: Omit<NitroClientOptions, 'profile' | 'getPassword'>;
  /** Plan only: log in, read, compute, log out. */
  dryRun?: boolean;
  /** The dry run the user confirmed: anything else is refused. */
  approved?: ApprovedRemoval;
  now?: () => Date;
}

export async function removeCertificates(
  profileInput: ApplianceProfileInput,
  optionsInput: RemovalOptionsInput,
  deps: RemovalDeps,
): Promise<RemovalResult> {
  const profile = ApplianceProfile.parse(profileInput);
  const options = RemovalOptions.parse(optionsInput);
  const now = deps.now?.() ?? new Date();
  const client = new NitroClient({ ...deps.client, profile, getPassword: deps.getPassword });
  const key = { host: profile.host, port: profile.port, partition: client.partition };
  // A dry run changes nothing and records nothing.
  const history = new PushHistoryKeeper(deps.dryRun ? undefined : deps.history, key, client.appliance);
  history.start(profile.id, 'remove');
  const result: RemovalResult = {
    appliance: client.appliance,
    outcome: 'unchanged',
    certkeys: [],
    planDigest: '',
    removed: [],
    skipped: [],
    steps: [],
    plan: [],
  };
  try {
    safeEmit(deps.onProgress, {
      appliance: client.appliance,
      phase: 'connect',
      stepIndex: -1,
      stepCount: 0,
      stepLabel: 'Log in',
      status: 'running',
    });
    await client.login();
    const ha = await client.haInfo();
    if (ha.state === 'secondary') {
      result.outcome = 'failed';
      result.error = {
        code: 'APPLIANCE_IS_SECONDARY',
        message: `${client.appliance} is the HA secondary${ha.peerAddress ? `; the primary is ${ha.peerAddress}` : ''}. Remove certificates on the primary. Nothing was changed.`,
        step: 'read HA state',
      };
      return result;
    }
    const certkeys = await readCertkeys(client);
    const bindings = await readAllBindings(client);
    const files = await readFileNames(client);
    const owned = [...new Map((deps.history?.ownedCertkeys(key) ?? []).map((o) => [o.name, o])).values()];
    const { selected, skipped } = selectForRemoval({ certkeys, bindings, owned, options, now });
    result.skipped.push(...skipped);
    // Certkeys someone else removed are no longer Fieldkit's to track.
    for (const o of owned) if (!certkeys.has(o.name)) history.markRemoved(o.name);

    const order = removalOrder(selected.values(), certkeys);
    const steps = await planRemovalSteps({
      candidates: order,
      certkeys,
      bindings,
      fileLocation: client.fileLocation,
      files,
      readFile: (name) => readFileContent(client, name),
    });
    result.plan = steps.map(stepView);
    result.certkeys = order.map((c) => ({ certkey: c.ck.name, why: c.why }));
    result.planDigest = planDigest(steps);
    safeEmit(deps.onProgress, {
      appliance: client.appliance,
      phase: 'plan',
      stepIndex: -1,
      stepCount: steps.length,
      stepLabel: 'Plan the removal',
      status: 'done',
    });
    if (deps.approved && deps.approved.planDigest !== result.planDigest) {
      result.outcome = 'failed';
      result.error = failureInfo(planChanged(deps.approved, result));
      return result;
    }
    if (deps.dryRun || steps.length === 0) return result;

    const exec = await executePlan(client, removalPlan(client, ha.state, steps), {
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      onStep: (rec: StepRecord) => history.recordStep(rec),
    });
    result.outcome = exec.outcome;
    result.steps = exec.steps;
    if (exec.rollback) result.rollback = exec.rollback;
    if (exec.error) result.error = exec.error;
    if (exec.outcome === 'succeeded') {
      result.removed = order.map((s) => s.ck.name);
      for (const name of result.removed) history.markRemoved(name);
    }
    return result;
  } catch (err) {
    result.outcome = 'failed';
    result.error = failureInfo(err);
    return result;
  } finally {
    await client.close();
    history.finish({
      outcome: result.outcome,
      ...(result.error ? { error: result.error } : {}),
      ...(result.rollback ? { rollback: result.rollback } : {}),
    });
    if (history.problem) result.historyProblem = history.problem;
  }
}

/** A removal reads as it goes, so its plan lists no reads and nothing already right. */
function removalPlan(client: NitroClient, haState: HaState, steps: PlannedStep[]): PlanBase {
  return {
    appliance: client.appliance,
    partition: client.partition,
    fileLocation: client.fileLocation,
    haState,
    steps,
    reads: [],
    alreadyRight: [],
    warnings: [],
  };
}

function planChanged(approved: ApprovedRemoval, now: RemovalResult): FieldkitError {
  const list = (names: string[]) => (names.length > 0 ? names.join(', ') : 'nothing');
  const current = now.certkeys.map((c) => c.certkey);
  const what =
    approved.certkeys === undefined
      ? `It would now remove ${list(current)} (plan ${now.planDigest}, not ${approved.planDigest}).`
      : list(approved.certkeys) === list(current)
        ? `The same certkeys, but the steps differ (a binding or a file changed).`
        : `The dry run showed ${list(approved.certkeys)}; now it would remove ${list(current)}.`;
  return new FieldkitError('PLAN_CHANGED', `${now.appliance} changed since the dry run, so nothing was removed. ${what}`, {
    hint: 'Look at the new list of what would be removed and confirm that one.',
  });
}
