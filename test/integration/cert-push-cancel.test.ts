import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CERT_PUSH_MIGRATIONS } from '../../electron/services/certificates/push-history.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, getPassword, profileFor, seedCertkey, startSim, type CertWorld } from '../support/cert-push-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/**
 * The app's Cancel (the taskCancel channel, engine.cancelTask) and quitting
 * during a push (engine.interruptAll) interrupt it: the push stops, undoes
 * what it applied and logs out, and the result says "interrupted".
 */

let w: CertWorld;
let te: TestEngine | undefined;
let s: NitroSimulator | undefined;
beforeAll(async () => {
  w = await certWorld();
});
afterEach(async () => {
  te?.close();
  te = undefined;
  await s?.close();
});

async function hungPush(taskId: string) {
  te = await startTestEngine({ vault: new MemoryVault('test'), migrations: [CERT_PUSH_MIGRATIONS] });
  s = await startSim({ name: 'adc-a', vservers: [{ name: 'vs1' }] });
  seedCertkey(s, 'inter-high', w.interHigh);
  seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
  seedCertkey(s, 'web', w.leaf, { withKey: true, linkTo: 'inter' });
  s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'web' }));
  s.resetRequestLog();
  const before = s.snapshot();
  s.faults.hang({ method: 'POST', resource: 'sslcertkey', action: 'update' });
  const put = (name: string, text: string) => {
    const path = join(te!.dataFolder, name);
    writeFileSync(path, text);
    return path;
  };
  const { bundleId } = await te.engine.certificates.loadBundle({
    files: {
      cert: { path: put('cert.pem', w.renewed.certPem) },
      key: { path: put('key.pem', w.renewed.keyPem) },
      chain: { path: put('chain.pem', w.inter.certPem + w.interHigh.certPem + w.root.certPem) },
    },
  });
  let updateRunning: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (updateRunning = resolve));
  const pushed = te.engine.certificates.push(
    {
      bundleId,
      appliances: [{ profile: await profileFor(s), password: getPassword() }],
      options: { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }] },
      timeoutMs: 60_000,
    },
    {
      taskId,
      onProgress: (p) => {
        if (
          p.kind === 'certificates' &&
          p.event.phase === 'step' &&
          p.event.stepLabel.startsWith('Change certkey') &&
          p.event.status === 'running'
        )
          setTimeout(updateRunning, 100);
      },
    },
  );
  await reached;
  return { pushed, before, sim: s, engine: te.engine };
}

describe('cancelling a push', () => {
  it('taskCancel interrupts it: undone, logged out, outcome interrupted', async () => {
    const { pushed, before, sim, engine } = await hungPush('push-task-1');
    expect(await te!.dispatcher.dispatch('taskCancel', { taskId: 'push-task-1' }, { emit: () => {} })).toMatchObject({ ok: true });
    const summary = await pushed;
    expect(summary.interrupted).toEqual([summary.results[0]!.appliance]);
    expect(sim.snapshot()).toEqual(before);
    expect(sim.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
    expect(engine.certificates.history()[0]).toMatchObject({ outcome: 'interrupted' });
  });

  it('interruptAll (quitting) resolves only once the push has undone its changes', async () => {
    const { pushed, before, sim, engine } = await hungPush('push-task-2');
    expect(engine.runningTasks).toBe(1);
    await engine.interruptAll();
    expect(engine.runningTasks).toBe(0);
    expect(sim.snapshot()).toEqual(before);
    expect((await pushed).results[0]!.outcome).toBe('interrupted');
  });
});
