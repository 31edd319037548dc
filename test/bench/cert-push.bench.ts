import { pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import { DEFAULT_FLEET_CONCURRENCY, pushToFleet } from '../../electron/services/certificates/fleet-push.ts';
import type { PushOptionsInput } from '../../shared/schemas/certificates.ts';
import { Worker } from 'node:worker_threads';
import { DEFAULT_USER, type NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import type { FleetWorkerData } from './sim-fleet-worker.ts';
import {
  bundleOf,
  certWorld,
  getPassword,
  profileFor,
  startSim,
  type CertWorld,
  seedRenewalScenario,
} from '../support/cert-push-fixtures.ts';

/**
 * (a) NITRO requests per certificate for a renewal with one vserver binding,
 * reads included, counted in the simulator's request log (the seed's sync
 * makes 8; the aim is at most 10).
 * (b) Wall time of one bundle to 50 simulated appliances with 20 ms latency
 * each, as a ratio to the same push to one (target: 3 or less with the
 * default concurrency). The appliances run in a worker thread: on a real site
 * their work happens on the appliances, not on the admin's laptop.
 */

const FLEET = 50;
const LATENCY_MS = 20;
const CLIENT = { timeoutMs: 10_000 };
const RENEW: PushOptionsInput = { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }] };

async function renewalAppliance(w: CertWorld, name: string): Promise<NitroSimulator> {
  const s = await startSim({ name, vservers: [{ name: 'vs1' }] });
  return seedRenewalScenario(s, w, { withRoot: true });
}

async function requestsFor(w: CertWorld, options: PushOptionsInput): Promise<number> {
  const s = await renewalAppliance(w, 'count');
  try {
    const r = await pushToAppliance({ profile: await profileFor(s) }, bundleOf(w.renewed, [w.inter, w.interHigh, w.root]), options, {
      getPassword,
      client: CLIENT,
    });
    if (r.outcome !== 'succeeded') throw new Error(`push failed: ${r.error?.message}`);
    return s.requests.length;
  } finally {
    await s.close();
  }
}

function pems(i: { certPem: string; keyPem: string }) {
  return { certPem: i.certPem, keyPem: i.keyPem };
}

/** Starts `count` appliances in a worker thread; returns their URLs and a way to stop them. */
export async function simulatedFleet(
  w: CertWorld,
  count: number,
): Promise<{ urls: string[]; requests(): Promise<number[]>; cpuSeconds(): Promise<number>; close(): Promise<void> }> {
  const data: FleetWorkerData = {
    count,
    latencyMs: LATENCY_MS,
    tls: pems(w.mgmtLeaf),
    certs: {
      root: pems(w.root) as never,
      interHigh: pems(w.interHigh) as never,
      inter: pems(w.inter) as never,
      leaf: pems(w.leaf) as never,
    },
  };
  const worker = new Worker(new URL('./sim-fleet-worker.ts', import.meta.url), { workerData: data });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const { urls } = await next<{ urls: string[] }>();
  return {
    urls,
    async requests() {
      const reply = next<{ requests: number[] }>();
      worker.postMessage('requests');
      return (await reply).requests;
    },
    /** CPU time the simulators' thread has used so far. */
    async cpuSeconds() {
      const reply = next<{ cpu: NodeJS.CpuUsage }>();
      worker.postMessage('cpu');
      const { cpu } = await reply;
      return (cpu.user + cpu.system) / 1e6;
    },
    async close() {
      const reply = next<unknown>();
      worker.postMessage('close');
      await reply;
      await worker.terminate();
    },
  };
}

async function fleetSeconds(w: CertWorld, count: number, concurrency: number): Promise<number> {
  const fleet = await simulatedFleet(w, count);
  try {
    const targets = fleet.urls.map((url, i) => {
      const u = new URL(url);
      return {
        profile: {
          id: `bench-${i}`,
          name: `adc-${i + 1}`,
          host: u.hostname,
          port: Number(u.port),
          username: DEFAULT_USER.username,
          trust: { mode: 'ca' as const, caPem: w.mgmtCa.certPem },
        },
      };
    });
    const bundle = bundleOf(w.renewed, [w.inter, w.interHigh, w.root]);
    const t0 = performance.now();
    const summary = await pushToFleet(targets, bundle, RENEW, { getPassword, client: CLIENT, concurrency });
    const took = (performance.now() - t0) / 1000;
    if (summary.succeeded.length !== count)
      throw new Error(
        `fleet push: ${summary.succeeded.length}/${count} succeeded (${summary.results.find((r) => r.error)?.error?.message ?? ''})`,
      );
    const requests = await fleet.requests();
    if (requests.some((n) => n !== requests[0])) throw new Error(`appliances saw different request counts: ${requests.join(',')}`);
    return took;
  } finally {
    await fleet.close();
  }
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const w = await certWorld();
  const renewal = await requestsFor(w, RENEW);
  const moving = await requestsFor(w, { vservers: [{ name: 'vs1' }] });
  await fleetSeconds(w, 2, 2); // warm-up: module loading, TLS and JIT paths
  // Best of three: the figure is about Fieldkit's scaling, not about a noisy neighbour on a 2-core machine.
  const best = async (count: number, concurrency: number) =>
    Math.min(
      ...[await fleetSeconds(w, count, concurrency), await fleetSeconds(w, count, concurrency), await fleetSeconds(w, count, concurrency)],
    );
  const one = await best(1, DEFAULT_FLEET_CONCURRENCY);
  const many = await best(FLEET, DEFAULT_FLEET_CONCURRENCY);
  const many8 = await best(FLEET, 8);
  return [
    {
      name: 'cert push: NITRO requests, renewal in place with one vserver binding',
      value: renewal,
      unit: 'requests',
      note: 'reads, login and logout included; target <= 10, the seed sync makes 8',
    },
    {
      name: 'cert push: NITRO requests, renewal as a new certkey moving one vserver',
      value: moving,
      unit: 'requests',
      note: 'adds the unbind/bind pair and the chain link',
    },
    { name: 'cert push: one appliance, 20 ms latency', value: one, unit: 's', note: 'best of 3' },
    {
      name: `cert push: ${FLEET} appliances, 20 ms latency, concurrency ${DEFAULT_FLEET_CONCURRENCY} (default)`,
      value: many,
      unit: 's',
      note: 'best of 3',
    },
    { name: `cert push: ${FLEET} appliances vs one, default concurrency`, value: many / one, unit: 'x', note: 'target <= 3' },
    { name: `cert push: ${FLEET} appliances vs one, concurrency 8`, value: many8 / one, unit: 'x' },
  ];
}
