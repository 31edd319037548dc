import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planPushToAppliance, pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import { removeCertificates } from '../../electron/services/certificates/certificate-removal.ts';
import { pushToFleet } from '../../electron/services/certificates/fleet-push.ts';
import { CERT_PUSH_MIGRATIONS, CertPushHistory } from '../../electron/services/certificates/push-history.ts';
import { openHistoryDb, type HistoryDb } from '../../electron/services/storage/history-db.ts';
import type { PlanStepView, ProgressEvent } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { bundleOf, FAST_CLIENT, getPassword, profileFor, seedCertkey, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { EVERY_STEP_OPTIONS, faultMatchOf, seedEveryStepScenario } from '../support/every-step-scenario.ts';

/**
 * A push interrupted mid-way (cancel, Ctrl-C, quit) aborts the request in
 * flight, undoes what was applied, a step whose outcome is unknown included,
 * and logs out: the simulator's snapshot afterwards equals the one before.
 */

const { world: w, sim, closeAll } = simulatorHarness();

async function seeded(name: string, opts: { latencyMs?: number } = {}): Promise<NitroSimulator> {
  const s = await sim({ name, vservers: [{ name: 'vs1' }, { name: 'vs2' }], ...opts });
  seedEveryStepScenario(s, w);
  s.resetRequestLog();
  return s;
}

const OPTIONS = EVERY_STEP_OPTIONS;
const bundle = () => bundleOf(w.leafViaOtherInter, [w.otherInter]);
const CLIENT = { ...FAST_CLIENT, timeoutMs: 10_000, saveRetries: 2, saveRetryDelayMs: 10 };
const LATENCY_MS = 60;

/**
 * Aborts while step `index` is in flight: once the simulator has applied its request and is still holding
 * the answer back (its latency), so the step's outcome is unknown to the push and it did take effect.
 */
function abortWhenApplied(s: NitroSimulator, index: number, controller: AbortController) {
  return (e: ProgressEvent) => {
    if (e.phase !== 'step' || e.stepIndex !== index || e.status !== 'running') return;
    const seen = s.requests.length;
    const poll = setInterval(() => {
      // The log entry gets its status when the simulator has handled the request, before its latency.
      if (s.requests.length > seen && s.requests[seen]!.status !== 0) {
        clearInterval(poll);
        controller.abort();
      }
    }, 2);
  };
}

/** Aborts `afterMs` after step `index` starts. */
function abortDuring(index: number, afterMs: number, controller: AbortController) {
  return (e: ProgressEvent) => {
    if (e.phase === 'step' && e.stepIndex === index && e.status === 'running') setTimeout(() => controller.abort(), afterMs);
  };
}

let planned: PlanStepView[] = [];
beforeAll(async () => {
  const s = await seeded('plan');
  planned = (await planPushToAppliance({ profile: await profileFor(s) }, bundle(), OPTIONS, { getPassword, client: CLIENT })).steps;
  await closeAll();
});

describe('a push interrupted while a step is in flight', () => {
  // Every step but the save: once sent, the save is not interrupted (see the test below).
  const CHANGE_STEPS = 10;
  it.each(Array.from({ length: CHANGE_STEPS }, (_, i) => i))('step %i: undone, logged out, recorded as interrupted', async (i) => {
    expect(planned[i]!.kind).not.toBe('save-config');
    const s = await seeded('adc-a', { latencyMs: LATENCY_MS });
    const before = s.snapshot();
    const controller = new AbortController();
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
      signal: controller.signal,
      onProgress: abortWhenApplied(s, i, controller),
    });
    expect(r.outcome).toBe('interrupted');
    expect(r.error).toMatchObject({ code: 'PUSH_INTERRUPTED', step: planned[i]!.label });
    expect(r.steps.map((st) => st.status)).toEqual(planned.map((_, j) => (j < i ? 'rolled-back' : j === i ? 'failed' : 'not-run')));
    expect(r.rollback!.failed).toEqual([]);
    expect(s.snapshot()).toEqual(before);
    expect(s.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
  });

  it('a step that hangs is aborted at once, not after the timeout, and undone', async () => {
    const s = await seeded('adc-a');
    const before = s.snapshot();
    const bind = planned.findIndex((st) => st.kind === 'bind-certkey');
    s.faults.hang(faultMatchOf(planned[bind]!));
    const controller = new AbortController();
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
      signal: controller.signal,
      onProgress: abortDuring(bind, 200, controller),
    });
    expect(r.outcome).toBe('interrupted');
    expect(r.tookMs).toBeLessThan(CLIENT.timeoutMs / 2);
    expect(s.snapshot()).toEqual(before);
    expect(s.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
  });

  it('an interrupt during the rollback of a dropped connection does not abandon the rollback', async () => {
    const s = await seeded('adc-a');
    const before = s.snapshot();
    const link = planned.findIndex((st) => st.kind === 'link-certkey');
    s.faults.drop(faultMatchOf(planned[link]!));
    const controller = new AbortController();
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'rollback') controller.abort();
      },
    });
    expect(controller.signal.aborted).toBe(true);
    expect(r.outcome).toBe('rolled-back');
    expect(r.rollback!.failed).toEqual([]);
    expect(s.snapshot()).toEqual(before);
  });

  it('the save, once sent, finishes: the push succeeds', async () => {
    const s = await seeded('adc-a', { latencyMs: LATENCY_MS });
    const controller = new AbortController();
    const save = planned.findIndex((st) => st.kind === 'save-config');
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
      signal: controller.signal,
      onProgress: abortWhenApplied(s, save, controller),
    });
    expect(r.outcome).toBe('succeeded');
    expect(s.snapshot().partitions[0]!.saves.unsavedChanges).toBe(false);
  });
});

describe('a fleet push interrupted', () => {
  it('starts no further appliance; the one in progress undoes and logs out', async () => {
    const sims = [await seeded('adc-1', { latencyMs: LATENCY_MS }), await seeded('adc-2'), await seeded('adc-3')];
    const before = sims[0]!.snapshot();
    const controller = new AbortController();
    const summary = await pushToFleet(await Promise.all(sims.map(async (s) => ({ profile: await profileFor(s) }))), bundle(), OPTIONS, {
      getPassword,
      client: CLIENT,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.appliance.startsWith('adc-1')) abortWhenApplied(sims[0]!, 2, controller)(e);
      },
    });
    expect(summary.results.map((r) => r.outcome)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    expect(summary.interrupted).toHaveLength(3);
    expect(summary.results[1]!.error!.message).toMatch(/not started/);
    expect(sims[0]!.snapshot()).toEqual(before);
    expect(sims[1]!.requests).toEqual([]);
    expect(sims[2]!.requests).toEqual([]);
  });
});

describe('a dead appliance', () => {
  it('costs one timeout: the undo is tried once with a short limit and the result says what may be left', async () => {
    const s = await seeded('adc-a');
    const add = planned.findIndex((st) => st.kind === 'add-certkey');
    const timeoutMs = 1_500;
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundle(), OPTIONS, {
      getPassword,
      client: { ...CLIENT, timeoutMs, unresponsiveTimeoutMs: 300 },
      onProgress: (e) => {
        // From the add on, the appliance answers nothing at all.
        if (e.phase !== 'step' || e.stepIndex !== add || e.status !== 'running') return;
        for (const resource of ['sslcertkey', 'systemfile', 'logout']) s.faults.hang({ resource }, 50);
      },
    });
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ code: 'APPLIANCE_TIMEOUT' });
    // One full timeout and one short one, not one per undo call and the logout.
    expect(r.tookMs).toBeLessThan(timeoutMs + 300 + 1_000);
    const sentAfter = s.requests.slice(s.requests.findIndex((q) => q.status === 0));
    expect(sentAfter).toHaveLength(2);
    // Every upload is named as possibly left behind, with what to check.
    const notTried = r.rollback!.failed.filter((f) => f.error.code === 'APPLIANCE_STOPPED_ANSWERING');
    expect(notTried.map((f) => f.action)).toEqual(expect.arrayContaining([expect.stringMatching(/^Delete file /)]));
    expect(notTried[0]!.error.hint).toMatch(/show ssl certkey/);
  });
});

describe('history never changes an outcome', () => {
  let dir: string;
  let historyDb: HistoryDb;
  afterEach(() => {
    historyDb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a history.sqlite locked by another program mid-push: the rollback still runs, the problem is reported', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fk-locked-history-'));
    const file = join(dir, 'history.sqlite');
    historyDb = openHistoryDb(file, [CERT_PUSH_MIGRATIONS]);
    const history = new CertPushHistory(historyDb.db);
    const s = await seeded('adc-a');
    const before = s.snapshot();
    const bind = planned.find((st) => st.kind === 'bind-certkey')!;
    s.faults.fail(faultMatchOf(bind), { status: 599, errorcode: 1, message: 'Injected failure' });
    const other = new DatabaseSync(file);
    try {
      const r = await pushToAppliance({ profile: await profileFor(s) }, bundle(), OPTIONS, {
        getPassword,
        client: CLIENT,
        history,
        onProgress: (e) => {
          // Another program takes the write lock while the push runs.
          if (e.phase === 'step' && e.stepIndex === 1 && e.status === 'running') other.exec('BEGIN EXCLUSIVE');
        },
      });
      expect(r.outcome).toBe('rolled-back');
      expect(r.rollback!.failed).toEqual([]);
      expect(s.snapshot()).toEqual(before);
      expect(r.historyProblem).toMatchObject({ code: 'HISTORY_WRITE_FAILED' });
      expect(r.historyProblem!.message).toMatch(/locked/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('a removal with history.sqlite locked from the start still removes, and says the history was not written', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fk-locked-history-'));
    const file = join(dir, 'history.sqlite');
    historyDb = openHistoryDb(file, [CERT_PUSH_MIGRATIONS]);
    const s = await seeded('adc-a');
    seedCertkey(s, 'spare', w.otherInter);
    const other = new DatabaseSync(file);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const r = await removeCertificates(
        await profileFor(s),
        { certkeys: ['spare'] },
        {
          getPassword,
          client: CLIENT,
          history: new CertPushHistory(historyDb.db),
        },
      );
      expect(r.outcome).toBe('succeeded');
      expect(r.removed).toEqual(['spare']);
      expect(s.snapshot().partitions[0]!.certkeys.map((c) => c.certkey)).not.toContain('spare');
      expect(r.historyProblem).toMatchObject({ code: 'HISTORY_WRITE_FAILED' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});
