import { createHash } from 'node:crypto';
import type { HaState, PlanStepView, PlanView, StepKind } from '../../../shared/schemas/certificates.ts';
import { viewCall, type NitroCall } from '../nitro/nitro-call.ts';
import { loginCall, logoutCall, switchPartitionCall } from '../nitro/session-calls.ts';

/**
 * A plan is data: the ordered NITRO calls that change the appliance, each
 * with the calls that undo it. The executor runs it; the UI and the CLI show it.
 */

export interface UndoAction {
  /** What the rollback will do, as the plan shows it ("Delete file x.cer"). */
  intent: string;
  /** What was done, as the rollback report says it ("Deleted uploaded file x.cer"). */
  done: string;
  call: NitroCall;
}

export interface PlannedStep {
  kind: StepKind;
  label: string;
  call: NitroCall;
  /** Run in order, when this step must be undone. */
  undo: UndoAction[];
}

export interface CreatedCertkey {
  name: string;
  role: 'leaf' | 'chain';
  certFile: string;
  keyFile?: string;
  subject: string;
  serialHex: string;
  notAfter: string;
}

export interface PlanBase {
  appliance: string;
  partition: string;
  fileLocation: string;
  haState: HaState;
  peerAddress?: string;
  steps: PlannedStep[];
  reads: NitroCall[];
  alreadyRight: string[];
  warnings: string[];
}

export interface PushPlan extends PlanBase {
  certkey: string;
  certkeyAction: 'add' | 'update' | 'unchanged';
  certkeyReason: string;
  /** What this push adds, to be remembered as Fieldkit's own once it succeeds. */
  created: CreatedCertkey[];
  digest: string;
}

function digestable(value: unknown, key?: string): unknown {
  if (key === 'filecontent' && typeof value === 'string') return `sha256:${createHash('sha256').update(value).digest('hex')}`;
  if (key === 'password') return '';
  if (Array.isArray(value)) return value.map((v) => digestable(v));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, digestable(v, k)]));
  return value;
}

/** Stable across runs for the same changes; file contents enter by their hash. */
export function planDigest(steps: PlannedStep[]): string {
  const canonical = steps.map((s) => ({ kind: s.kind, call: digestable(s.call) }));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

export function stepView(step: PlannedStep, index: number): PlanStepView {
  return { index, kind: step.kind, label: step.label, call: viewCall(step.call), undo: step.undo.map((u) => u.intent) };
}

/** The login as the plan shows it: the password is hidden by viewCall, the user name by this placeholder. */
const LOGIN_VIEW = viewCall(loginCall('<user>', ''));
const LOGOUT_VIEW = viewCall(logoutCall());

export function sessionBefore(partition: string): PlanView['session']['before'] {
  const before: PlanView['session']['before'] = [LOGIN_VIEW];
  if (partition !== 'default') before.push(viewCall(switchPartitionCall(partition)));
  return before;
}

export function toPlanView(plan: PushPlan): PlanView {
  const view: PlanView = {
    appliance: plan.appliance,
    haState: plan.haState,
    certkey: plan.certkey,
    certkeyAction: plan.certkeyAction,
    certkeyReason: plan.certkeyReason,
    session: { before: sessionBefore(plan.partition), reads: plan.reads.map(viewCall), after: [LOGOUT_VIEW] },
    steps: plan.steps.map(stepView),
    alreadyRight: plan.alreadyRight,
    warnings: plan.warnings,
    digest: plan.digest,
  };
  if (plan.partition !== 'default') view.partition = plan.partition;
  return view;
}
