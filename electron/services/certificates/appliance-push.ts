import {
  ApplianceProfile,
  PushOptions,
  type ApplianceProfileInput,
  type HistoryPush,
  type PlanView,
  type ProgressEvent,
  type PushOptionsInput,
  type PushResult,
  type SecondaryCheck,
  type StepRecord,
} from '../../../shared/schemas/certificates.ts';
import { NitroClient, type GetPassword, type NitroClientOptions } from '../nitro/nitro-client.ts';
import { failureInfo, hasNitroErrorcode, isNitroFailure, NitroFailure } from '../nitro/nitro-failure.ts';
import { readNsConfigCall, readVersionCall } from '../nitro/appliance-calls.ts';
import { certkeyNameLimit } from '../nitro/certkey-name-limit.ts';
import { fieldText } from '../nitro/nitro-field.ts';
import { readCertkeyCall } from '../nitro/sslcertkey-calls.ts';
import { readApplianceView, readFileContent, toCertkey, type ApplianceCertkey } from './appliance-view.ts';
import type { PreparedBundle } from './bundle-validator.ts';
import { normalizeSerial } from '../x509/certificate-fields.ts';
import { executePlan, isInterrupt, safeEmit, type ProgressListener } from './plan-executor.ts';
import type { CertPushHistory } from './push-history.ts';
import { PushHistoryKeeper } from './push-history-keeper.ts';
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
  client?: Omit<NitroClientOptions, 'profile' | 'getPassword' | 'signal'>;
  /** The user's interrupt: the request in flight is aborted, what was applied undone, the session closed. */
  signal?: AbortSignal;
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
  const plan = await computePushPlan({
    view,
    bundle,
    options,
    readFile: (name) => readFileContent(client, name),
    hasUnsavedChanges: () => {
      view.reads.push(readNsConfigCall());
      return readUnsavedChanges(client);
    },
    certkeyNameLimit: async () => {
      view.reads.push(readVersionCall());
      return certkeyNameLimit(await client.version());
    },
  });
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

/** NITRO nsconfig `configchanged`: the running configuration differs from the saved one. */
async function readUnsavedChanges(client: NitroClient): Promise<boolean> {
  const [row] = await client.records(readNsConfigCall(), 'read whether the configuration is saved');
  return fieldText(row?.['configchanged']).toLowerCase() === 'true';
}

/** Logs in, reads and plans, logs out: the exact calls a push would make, changing nothing. */
export async function planPushToAppliance(
  target: PushTarget,
  bundle: PreparedBundle,
  optionsInput: PushOptionsInput,
  deps: PushDeps,
): Promise<PlanView> {
  return toPlanView((await planPushCalls(target, bundle, optionsInput, deps)).plan);
}

/** The plan itself, calls and file contents included, for what runs it elsewhere (the Ansible export). */
export async function planPushCalls(
  target: PushTarget,
  bundle: PreparedBundle,
  optionsInput: PushOptionsInput,
  deps: PushDeps,
): Promise<{ profile: ApplianceProfile; plan: PushPlan }> {
  const profile = ApplianceProfile.parse(target.profile);
  const options = PushOptions.parse(optionsInput);
  const client = new NitroClient({ ...deps.client, profile, getPassword: deps.getPassword });
  const invalid = refuseInvalidBundle(bundle, client.appliance);
  if (invalid) throw invalid;
  try {
    return { profile, plan: await connectAndPlan(client, bundle, options, deps.onProgress) };
  } finally {
    await client.close();
  }
}

/** Reads one certkey; undefined when the appliance does not hold it. */
async function readCertkeyIfPresent(client: NitroClient, name: string, step: string): Promise<ApplianceCertkey | undefined> {
  try {
    const rows = await client.records(readCertkeyCall(name), step);
    return rows[0] ? toCertkey(rows[0]) : undefined;
  } catch (err) {
    if (hasNitroErrorcode(err, 'CERTKEY_NOT_FOUND', 'NO_SUCH_RESOURCE') || (isNitroFailure(err) && err.httpStatus === 404))
      return undefined;
    throw err;
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
    const ck = await readCertkeyIfPresent(client, plan.certkey, `read certkey ${plan.certkey} on the secondary`);
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

/** One push under way: its session, its history row, and what every result of it carries. */
interface PushRun {
  client: NitroClient;
  deps: PushDeps;
  started: number;
  base: Pick<PushResult, 'appliance' | 'host'>;
  history: PushHistoryKeeper;
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
  const client = new NitroClient({
    ...deps.client,
    profile,
    getPassword: deps.getPassword,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const key = { host: profile.host, port: profile.port, partition: client.partition };
  const history = new PushHistoryKeeper(deps.history, key, client.appliance);
  history.start(profile.id);
  const run: PushRun = { client, deps, started, base: { appliance: client.appliance, host: profile.host }, history };
  const invalid = refuseInvalidBundle(bundle, client.appliance);
  if (invalid)
    return finishPush(run, { ...run.base, outcome: 'failed', steps: [], error: failureInfo(invalid), nitroRequests: 0, tookMs: 0 });
  let result: PushResult;
  try {
    result = await planAndExecute(run, target, bundle, options);
  } finally {
    await client.close();
  }
  return finishPush(run, result);
}

/** Plans, runs the plan, logs out, and checks the HA secondary after a push to a primary. */
async function planAndExecute(run: PushRun, target: PushTarget, bundle: PreparedBundle, options: PushOptions): Promise<PushResult> {
  const { client, deps, history } = run;
  let plan: PushPlan;
  try {
    plan = await connectAndPlan(client, bundle, options, deps.onProgress);
  } catch (err) {
    return connectFailed(run, err);
  }
  // Taken once this push can say so in its plan; until then an earlier unfinished push stays unfinished.
  plan.warnings.unshift(...history.takeUnfinished().map(describeUnfinished));
  history.setPlan(plan.certkey, plan.digest);
  const exec = await executePlan(client, plan, {
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    onStep: (rec: StepRecord) => {
      history.recordStep(rec);
      keepOwnership(history, plan, rec);
    },
  });
  const result: PushResult = {
    ...run.base,
    outcome: exec.outcome,
    certkey: plan.certkey,
    plan: toPlanView(plan),
    steps: exec.steps,
    nitroRequests: 0,
    tookMs: 0,
  };
  if (exec.rollback) result.rollback = exec.rollback;
  if (exec.error) result.error = exec.error;
  await client.logout();
  if ((exec.outcome === 'succeeded' || exec.outcome === 'unchanged') && plan.haState === 'primary')
    result.secondary = await verifySecondary(run, target.peer, plan, bundle.report.leaf!.serialHex);
  return result;
}

/** Login, reading or planning failed or was interrupted: nothing was changed; the history keeps the failing step. */
function connectFailed(run: PushRun, err: unknown): PushResult {
  const error = failureInfo(err);
  run.history.recordStep({
    index: -1,
    kind: run.client.loggedIn ? 'read' : 'login',
    label: error.step ?? 'connect',
    status: 'failed',
    error,
  });
  return { ...run.base, outcome: isInterrupt(err) ? 'interrupted' : 'failed', steps: [], error, nitroRequests: 0, tookMs: 0 };
}

/**
 * A certkey is recorded as Fieldkit's the moment its add step is done, and
 * forgotten when the rollback deletes it: a push killed half-way still leaves
 * its certkeys for "remove --replaced".
 */
function keepOwnership(history: PushHistoryKeeper, plan: PushPlan, rec: StepRecord): void {
  if (rec.kind !== 'add-certkey') return;
  const name = certkeyAddedBy(plan.steps[rec.index]);
  const created = plan.created.find((c) => c.name === name);
  if (!created) return;
  if (rec.status === 'done') history.recordOwned([created]);
  else if (rec.status === 'rolled-back') history.markRemoved(created.name);
}

function certkeyAddedBy(step: PushPlan['steps'][number] | undefined): string | undefined {
  const body = step?.call.body as { sslcertkey?: { certkey?: unknown } } | undefined;
  return typeof body?.sslcertkey?.certkey === 'string' ? body.sslcertkey.certkey : undefined;
}

/** What a push that never finished may have left: the steps it had done and nothing undid. */
function describeUnfinished(p: HistoryPush): string {
  const done = p.steps.filter((s) => s.status === 'done').map((s) => s.label);
  const left = done.length > 0 ? ` It had done: ${done.join('; ')}; nothing undid that.` : ' It had changed nothing.';
  return `The last push to this appliance (history #${p.id}, started ${p.startedAt}) did not finish: Fieldkit ended before it could finish or undo.${left} This push plans from what the appliance holds now; certkeys that push added are recorded as Fieldkit's ("cert remove --replaced" cleans them).`;
}

async function verifySecondary(
  run: PushRun,
  peer: ApplianceProfileInput | undefined,
  plan: PushPlan,
  serialHex: string,
): Promise<SecondaryCheck> {
  const event = {
    appliance: run.client.appliance,
    phase: 'verify' as const,
    stepIndex: -1,
    stepCount: plan.steps.length,
    stepLabel: 'Check the HA secondary',
  };
  safeEmit(run.deps.onProgress, { ...event, status: 'running' });
  const secondary = await checkSecondary(peer, plan, serialHex, run.deps);
  safeEmit(run.deps.onProgress, { ...event, status: secondary.hasCertkey === false ? 'failed' : 'done', message: secondary.message });
  return secondary;
}

const FINISH_STATUS = {
  succeeded: 'done',
  unchanged: 'done',
  'rolled-back': 'rolled-back',
  failed: 'failed',
  interrupted: 'interrupted',
} as const satisfies Record<PushResult['outcome'], ProgressEvent['status']>;

/** Every result, however the push ended: request count and time, the history row closed, the final progress event. */
function finishPush(run: PushRun, r: PushResult): PushResult {
  r.nitroRequests = run.client.requestCount;
  r.tookMs = Date.now() - run.started;
  run.history.finish({ outcome: r.outcome, ...(r.error ? { error: r.error } : {}), ...(r.rollback ? { rollback: r.rollback } : {}) });
  if (run.history.id !== undefined) r.historyId = run.history.id;
  if (run.history.problem) r.historyProblem = run.history.problem;
  safeEmit(run.deps.onProgress, {
    appliance: run.client.appliance,
    phase: 'finish',
    stepIndex: -1,
    stepCount: r.steps.length,
    stepLabel: r.outcome,
    status: FINISH_STATUS[r.outcome],
    ...(r.error ? { message: r.error.message } : {}),
  });
  return r;
}
