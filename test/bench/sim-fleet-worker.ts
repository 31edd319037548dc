import { parentPort, workerData } from 'node:worker_threads';
import { startNitroSimulator, type NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { seedCertkey } from '../support/cert-push-fixtures.ts';
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
  const s = await startNitroSimulator({ name: `adc-${i + 1}`, tls: data.tls, host: '127.0.0.1', port: 0, latencyMs: data.latencyMs, vservers: [{ name: 'vs1' }] });
  seedCertkey(s, 'fk-root', data.certs.root);
  seedCertkey(s, 'inter-high', data.certs.interHigh, { linkTo: 'fk-root' });
  seedCertkey(s, 'inter', data.certs.inter, { linkTo: 'inter-high' });
  seedCertkey(s, 'web', data.certs.leaf, { withKey: true, linkTo: 'inter' });
  s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'web' }));
  sims.push(s);
}
parentPort!.postMessage({ urls: sims.map((s) => s.url) });
parentPort!.on('message', async (msg: string) => {
  if (msg === 'requests') parentPort!.postMessage({ requests: sims.map((s) => s.requests.length) });
  if (msg === 'close') {
    await Promise.all(sims.map((s) => s.close()));
    parentPort!.postMessage({ closed: true });
  }
});
