import { beforeAll, describe, expect, it } from 'vitest';
import { planPushToAppliance, pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import type { PlanStepView, ProgressEvent } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { bundleOf, FAST_CLIENT, getPassword, profileFor, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { EVERY_STEP_OPTIONS, faultMatchOf, seedEveryStepScenario } from '../support/every-step-scenario.ts';

/**
 * A failure injected at each step of a push that uses every kind of step must
 * leave the appliance exactly as it was: the simulator's snapshot after the
 * rollback equals the one taken before the push.
 */

const { world: w, sim, closeAll } = simulatorHarness();

async function seededNode(name: string, haState: 'primary' | 'secondary'): Promise<NitroSimulator> {
  const s = await sim({ name, haState, vservers: [{ name: 'vs1' }, { name: 'vs2' }] });
  seedEveryStepScenario(s, w);
  return s;
}

async function pair() {
  const primary = await seededNode('adc-a', 'primary');
  const secondary = await seededNode('adc-b', 'secondary');
  primary.setPeer(secondary);
  primary.resetRequestLog();
  return { primary, secondary };
}

const OPTIONS = EVERY_STEP_OPTIONS;
const bundle = () => bundleOf(w.leafViaOtherInter, [w.otherInter]);
const CLIENT = { ...FAST_CLIENT, timeoutMs: 500, saveRetries: 2, saveRetryDelayMs: 10 };

let planned: PlanStepView[] = [];

describe('rollback after a failure at each step', () => {
  beforeAll(async () => {
    const { primary } = await pair();
    planned = (await planPushToAppliance({ profile: await profileFor(primary) }, bundle(), OPTIONS, { getPassword, client: CLIENT })).steps;
    await closeAll();
  });

  it('covers every kind of step a push makes', () => {
    expect(planned.map((s) => s.kind)).toEqual([
      'upload-file',
      'upload-file',
      'upload-file',
      'ha-sync',
      'add-certkey',
      'unlink-certkey',
      'update-certkey',
      'link-certkey',
      'link-certkey',
      'unbind-certkey',
      'bind-certkey',
      'save-config',
    ]);
  });

  const STEP_COUNT = 12;
  it.each(Array.from({ length: STEP_COUNT }, (_, i) => i))('step %i fails: the appliance ends exactly as before', async (i) => {
    const step = planned[i]!;
    const { primary, secondary } = await pair();
    const before = primary.snapshot();
    const secondaryBefore = secondary.snapshot();
    if (step.kind === 'save-config') {
      primary.faults.fail(faultMatchOf(step), { status: 599, errorcode: 1461, message: 'Max concurrent save configs in progress' }, 10);
    } else {
      primary.faults.fail(faultMatchOf(step), { status: 599, errorcode: 1, message: 'Injected failure' });
    }
    const events: ProgressEvent[] = [];
    const r = await pushToAppliance({ profile: await profileFor(primary), peer: await profileFor(secondary) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
      onProgress: (e) => events.push(e),
    });

    expect(r.outcome).toBe('rolled-back');
    expect(r.plan!.steps.map((s) => s.label)).toEqual(planned.map((s) => s.label));
    expect(r.error).toMatchObject({ step: step.label, nitroErrorcode: step.kind === 'save-config' ? 1461 : 1 });
    expect(r.error!.message).toMatch(
      new RegExp(`^adc-a \\(127\\.0\\.0\\.1:\\d+\\): ${step.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} failed: `),
    );
    expect(r.steps.map((s) => s.status)).toEqual(planned.map((_, j) => (j < i ? 'rolled-back' : j === i ? 'failed' : 'not-run')));
    expect(r.rollback!.failed).toEqual([]);
    expect(r.rollback!.restored.length).toBeGreaterThanOrEqual(planned.slice(0, i).reduce((n, s) => n + s.undo.length, 0));
    expect(primary.snapshot()).toEqual(before);
    expect(secondary.snapshot().partitions).toEqual(secondaryBefore.partitions);
    expect(secondary.snapshot().propagationErrors).toEqual([]);
    if (i < planned.findIndex((s) => s.kind === 'ha-sync') + 1) expect(secondary.snapshot().files).toEqual(secondaryBefore.files);
    expect(events.filter((e) => e.phase === 'rollback').map((e) => e.stepIndex)).toEqual(Array.from({ length: i }, (_, j) => i - 1 - j));
    expect(primary.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
  });

  it('a step that hangs (outcome unknown) is undone too, after the timeout', async () => {
    const { primary, secondary } = await pair();
    const before = primary.snapshot();
    const update = planned.find((s) => s.kind === 'update-certkey')!;
    primary.faults.hang(faultMatchOf(update));
    const r = await pushToAppliance({ profile: await profileFor(primary), peer: await profileFor(secondary) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
    });
    expect(r.outcome).toBe('rolled-back');
    expect(r.error).toMatchObject({ code: 'APPLIANCE_TIMEOUT', step: update.label });
    expect(primary.snapshot()).toEqual(before);
  });

  it('a connection cut mid-request is reported and rolled back', async () => {
    const { primary, secondary } = await pair();
    const before = primary.snapshot();
    const key = planned.find((s) => s.label.startsWith('Upload key file'))!;
    primary.faults.drop(faultMatchOf(key));
    const r = await pushToAppliance({ profile: await profileFor(primary), peer: await profileFor(secondary) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
    });
    expect(r.outcome).toBe('rolled-back');
    expect(r.error).toMatchObject({ code: 'APPLIANCE_CONNECTION_DROPPED', step: key.label });
    expect(primary.snapshot()).toEqual(before);
  });

  it('retries the save while another save runs, then succeeds', async () => {
    const { primary, secondary } = await pair();
    primary.faults.fail(
      { method: 'POST', resource: 'nsconfig', action: 'save' },
      { status: 599, errorcode: 1461, message: 'Max concurrent save configs in progress' },
      2,
    );
    const r = await pushToAppliance({ profile: await profileFor(primary), peer: await profileFor(secondary) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
    });
    expect(r.outcome).toBe('succeeded');
    expect(primary.requests.filter((q) => q.path === '/nitro/v1/config/nsconfig').map((q) => q.errorcode)).toEqual([1461, 1461, 0]);
  });

  it('says exactly what could not be restored when an undo fails too', async () => {
    const { primary, secondary } = await pair();
    const before = primary.snapshot();
    const bind = planned.find((s) => s.kind === 'bind-certkey')!;
    primary.faults.fail(faultMatchOf(bind), { status: 599, errorcode: 1, message: 'Injected failure' });
    primary.faults.fail({ method: 'DELETE', resource: 'systemfile' }, { status: 599, errorcode: 1, message: 'Injected undo failure' });
    const r = await pushToAppliance({ profile: await profileFor(primary), peer: await profileFor(secondary) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
    });
    expect(r.outcome).toBe('failed');
    expect(r.rollback!.failed).toHaveLength(1);
    expect(r.rollback!.failed[0]!.action).toMatch(/^Delete file .*\.key$/);
    expect(r.rollback!.failed[0]!.error.message).toContain('Injected undo failure');
    // Everything else came back: the config is as before, only the one uploaded file remains.
    const snap = primary.snapshot();
    expect(snap.partitions).toEqual(before.partitions);
    const added = snap.files.filter((f) => !before.files.some((b) => b.path === f.path));
    expect(added.map((f) => f.name)).toEqual([r.rollback!.failed[0]!.action.replace(/^Delete file /, '')]);
    expect(r.steps.find((s) => s.kind === 'update-certkey')!.status).toBe('rolled-back');
  });
});
