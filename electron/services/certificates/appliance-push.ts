import {
  ApplianceProfile,
  PushOptions,
  type ApplianceProfileInput,
  type PlanView,
  type PushOptionsInput,
  type PushResult,
  type SecondaryCheck,
  type StepRecord,
} from '../../../shared/schemas/certificates.ts';
import { NitroClient, type GetPassword, type NitroClientOptions } from '../nitro/nitro-client.ts';
import { failureInfo, NitroFailure } from '../nitro/nitro-failure.ts';
import { readApplianceView, readFileContent, toCertkey } from './appliance-view.ts';
import type { PreparedBundle } from './bundle-validator.ts';
import { normalizeSerial } from '../x509/certificate-fields.ts';
import { executePlan, safeEmit, type ProgressListener } from './plan-executor.ts';
import type { CertPushHistory } from './push-history.ts';
import { toPlanView, type PushPlan } from './push-plan.ts';
import { computePushPlan } from './push-planner.ts';

/**
 * One push to one appliance, start to end: log in (switching partition),
 * refuse an HA secondary, read, plan, run the plan with rollback, confirm the
 * secondary got the certkey, log out on every path, and keep the history.
 */

export interface PushTarget {
  profile: ApplianceProfileInput;
  /** The HA partner's profile: used only to confirm it holds the certkey after the push. */
  peer?: ApplianceProfileInput;
}

export interface PushDeps {
  getPassword: GetPassword;
  history?: CertPushHistory;
  onProgress?: ProgressListener;
  client?: Omit<NitroClientOptions, 'profile' | 'getPassword'>;
}

function refuseInvalidBundle(bundle: PreparedBundle, appliance: string): NitroFailure | undefined {
  if (bundle.report.ok) return undefined;
  const errors = bundle.report.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  return new NitroFailure(
    'BUNDLE_INVALID',
    `${appliance}: the certificate bundle has ${errors.length} problem(s) that stop the push: ${errors.join(' ')} Nothing was sent to the appliance.`,
    {
      appliance,
      step: 'validate bundle',
    },
  );
}

async function connectAndPlan(
  client: NitroClient,
  bundle: PreparedBundle,
  options: PushOptions,
  onProgress: ProgressListener | undefined,
): Promise<PushPlan> {
  const emit = (phase: 'connect' | 'plan', status: 'running' | 'done', stepLabel: string) =>
    safeEmit(onProgress, { appliance: client.appliance, phase, stepIndex: -1, stepCount: 0, stepLabel, status });
  emit('connect', 'running', 'Log in');
  await client.login();
  emit('connect', 'done', 'Log in');
  emit('plan', 'running', 'Read the appliance and plan');
  const ha = await client.haInfo();
  if (ha.state === 'secondary') {
    throw new NitroFailure(
      'APPLIANCE_IS_SECONDARY',
      `${client.appliance} is the secondary node of an HA pair${ha.peerAddress ? `; the primary is ${ha.peerAddress}` : ''}. Fieldkit pushes to the primary only, which passes the certificate on. Nothing was changed.`,
      { appliance: client.appliance, step: 'read HA state' },
    );
  }
  const view = await readApplianceView(
    client,
    options.vservers.map((v) => v.name),
    ha,
  );
  const plan = await computePushPlan({ view, bundle, options, readFile: (name) => readFileContent(client, name) });
  if (options.expectPlanDigest !== undefined && options.expectPlanDigest !== plan.digest) {
    throw new NitroFailure(
      'PLAN_CHANGED',
      `${client.appliance}: the appliance changed since the plan was shown (approved ${options.expectPlanDigest}, now ${plan.digest}). Nothing was changed.`,
      {
        appliance: client.appliance,
        step: 'plan',
      },
    );
  }
  emit('plan', 'done', 'Read the appliance and plan');
  return plan;
}

/** Logs in, reads and plans, logs out: the exact calls a push would make, changing nothing. */
export async function planPushToAppliance(
  target: PushTarget,
  bundle: PreparedBundle,
  optionsInput: PushOptionsInput,
  deps: PushDeps,
): Promise<PlanView> {
  const profile = ApplianceProfile.parse(target.profile);
  const options = PushOptions.parse(optionsInput);
  const client = new NitroClient({ ...deps.client, profile, getPassword: deps.getPassword });
  const invalid = refuseInvalidBundle(bundle, client.appliance);
  if (invalid) throw invalid;
  try {
    return toPlanView(await connectAndPlan(client, bundle, options, deps.onProgress));
  } finally {
    await client.close();
  }
}

async function checkSecondary(
  peerInput: ApplianceProfileInput | undefined,
  plan: PushPlan,
  serialHex: string,
  deps: PushDeps,
): Promise<SecondaryCheck> {
  const where = plan.peerAddress ? ` (${plan.peerAddress})` : '';
  if (peerInput === undefined) {
    return {
      checked: false,
      message: `The secondary${where} was not checked: no profile for it. Check it with "show ssl certkey ${plan.certkey}" on the secondary.`,
    };
  }
  const peer = ApplianceProfile.parse(peerInput);
  const client = new NitroClient({ ...deps.client, profile: peer, getPassword: deps.getPassword });
  try {
    await client.login();
    const rows = await client
      .records({ resource: 'sslcertkey', name: plan.certkey }, `read certkey ${plan.certkey} on the secondary`)
      .catch((err: unknown) => {
        if (err instanceof NitroFailure && (err.errorcode === 1540 || err.errorcode === 258 || err.httpStatus === 404)) return [];
        throw err;
      });
    const ck = rows[0] ? toCertkey(rows[0]) : undefined;
    if (!ck)
      return {
        checked: true,
        hasCertkey: false,
        message: `The secondary ${client.appliance} does not hold the certkey ${plan.certkey} yet. Run "sync ha files ssl" on the primary and check again.`,
      };
    if (ck.serialHex !== normalizeSerial(serialHex)) {
      return {
        checked: true,
        hasCertkey: false,
        message: `The secondary ${client.appliance} holds certkey ${plan.certkey} with another certificate (serial ${ck.serialHex}); it has not received the new one yet.`,
      };
    }
    return {
      checked: true,
      hasCertkey: true,
      message: `The secondary ${client.appliance} holds certkey ${plan.certkey} with the new certificate.`,
    };
  } catch (err) {
    return { checked: false, message: `The secondary could not be checked: ${failureInfo(err).message}` };
  } finally {
    await client.close();
  }
}

/** Pushes a bundle to one appliance. Never throws for appliance or bundle problems: the result says what happened. */
export async function pushToAppliance(
  target: PushTarget,
  bundle: PreparedBundle,
  optionsInput: PushOptionsInput,
  deps: PushDeps,
): Promise<PushResult> {
  const started = Date.now();
  const profile = ApplianceProfile.parse(target.profile);
  const options = PushOptions.parse(optionsInput);
  const client = new NitroClient({ ...deps.client, profile, getPassword: deps.getPassword });
  const base = { appliance: client.appliance, host: profile.host };
  const key = { host: profile.host, port: profile.port, partition: client.partition };
  const historyId = deps.history?.startPush({ operation: 'push', appliance: client.appliance, profileId: profile.id, ...key });
  const finish = (r: PushResult): PushResult => {
    r.nitroRequests = client.requestCount;
    r.tookMs = Date.now() - started;
    if (historyId !== undefined) {
      r.historyId = historyId;
      deps.history!.finishPush(historyId, {
        outcome: r.outcome,
        ...(r.error ? { error: r.error } : {}),
        ...(r.rollback ? { rollback: r.rollback } : {}),
      });
    }
    safeEmit(deps.onProgress, {
      appliance: client.appliance,
      phase: 'finish',
      stepIndex: -1,
      stepCount: r.steps.length,
      stepLabel: r.outcome,
      status: r.outcome === 'succeeded' || r.outcome === 'unchanged' ? 'done' : r.outcome === 'rolled-back' ? 'rolled-back' : 'failed',
      ...(r.error ? { message: r.error.message } : {}),
    });
    return r;
  };
  const invalid = refuseInvalidBundle(bundle, client.appliance);
  if (invalid) return finish({ ...base, outcome: 'failed', steps: [], error: failureInfo(invalid), nitroRequests: 0, tookMs: 0 });

  const run = async (): Promise<PushResult> => {
    let plan: PushPlan;
    try {
      plan = await connectAndPlan(client, bundle, options, deps.onProgress);
    } catch (err) {
      const error = failureInfo(err);
      if (historyId !== undefined) {
        const rec: StepRecord = {
          index: -1,
          kind: client.loggedIn ? 'read' : 'login',
          label: error.step ?? 'connect',
          status: 'failed',
          error,
        };
        deps.history!.recordStep(historyId, rec);
      }
      return { ...base, outcome: 'failed', steps: [], error, nitroRequests: 0, tookMs: 0 };
    }
    if (historyId !== undefined) deps.history!.setPlan(historyId, plan.certkey, plan.digest);
    const exec = await executePlan(client, plan, {
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(historyId !== undefined ? { onStep: (rec: StepRecord) => deps.history!.recordStep(historyId, rec) } : {}),
    });
    const result: PushResult = {
      ...base,
      outcome: exec.outcome,
      certkey: plan.certkey,
      plan: toPlanView(plan),
      steps: exec.steps,
      nitroRequests: 0,
      tookMs: 0,
    };
    if (exec.rollback) result.rollback = exec.rollback;
    if (exec.error) result.error = exec.error;
    if (exec.outcome === 'succeeded' && deps.history) deps.history.recordOwned(key, plan.created, historyId);
    await client.logout();
    if ((exec.outcome === 'succeeded' || exec.outcome === 'unchanged') && plan.haState === 'primary') {
      safeEmit(deps.onProgress, {
        appliance: client.appliance,
        phase: 'verify',
        stepIndex: -1,
        stepCount: plan.steps.length,
        stepLabel: 'Check the HA secondary',
        status: 'running',
      });
      result.secondary = await checkSecondary(target.peer, plan, bundle.report.leaf!.serialHex, deps);
      safeEmit(deps.onProgress, {
        appliance: client.appliance,
        phase: 'verify',
        stepIndex: -1,
        stepCount: plan.steps.length,
        stepLabel: 'Check the HA secondary',
        status: result.secondary.hasCertkey === false ? 'failed' : 'done',
        message: result.secondary.message,
      });
    }
    return result;
  };
  let result: PushResult;
  try {
    result = await run();
  } finally {
    await client.close();
  }
  return finish(result);
}
