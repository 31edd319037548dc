import { parentPort, workerData } from 'node:worker_threads';
import { startNitroSimulator, type NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { seedRenewalScenario } from '../support/cert-push-fixtures.ts';
import type { Issued } from '../support/test-pki.ts';

/**
 * Simulated appliances in their own thread, so that a fleet benchmark measures
 * Fieldkit's side of the push and not the simulators' CPU on the same core.
 */
export interface FleetWorkerData {
  count: number;
  latencyMs: number;
  tls: { certPem: string; keyPem: string };
  certs: { root: Issued; interHigh: Issued; inter: Issued; leaf: Issued };
}

const data = workerData as FleetWorkerData;
const sims: NitroSimulator[] = [];
for (let i = 0; i < data.count; i++) {
  const s = await startNitroSimulator({
    name: `adc-${i + 1}`,
    tls: data.tls,
    host: '127.0.0.1',
    port: 0,
    latencyMs: data.latencyMs,
    vservers: [{ name: 'vs1' }],
  });
  seedRenewalScenario(s, data.certs, { withRoot: true });
  sims.push(s);
}
parentPort!.postMessage({ urls: sims.map((s) => s.url) });
parentPort!.on('message', (msg: string) => void answer(msg));
async function answer(msg: string): Promise<void> {
  if (msg === 'requests') parentPort!.postMessage({ requests: sims.map((s) => s.requests.length) });
  if (msg === 'cpu') parentPort!.postMessage({ cpu: process.threadCpuUsage() });
  if (msg === 'close') {
    await Promise.all(sims.map((s) => s.close()));
    parentPort!.postMessage({ closed: true });
  }
}
