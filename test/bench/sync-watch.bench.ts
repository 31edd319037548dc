import { rmSync } from 'node:fs';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { DEFAULT_SETTLE_MS } from '../../electron/services/syncs/source-watch.ts';
import { certWorld, startSim } from '../support/cert-push-fixtures.ts';
import { EventLog, saveApplianceFor, seedCas, sourceFolder } from '../support/sync-fixtures.ts';
import { startTestEngine } from '../support/test-engine.ts';
import { issueCertificate } from '../support/test-pki.ts';

/**
 * Sync watch latency: from a renewed certificate and key landing in the
 * source folder (renamed into place, as an ACME client does) to the push
 * starting, with the default settle time. Target: 2 s or less.
 */

const RENEWALS = 3;

export async function run(): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const w = await certWorld();
  const te = await startTestEngine({ vault: new MemoryVault('bench') });
  const s = await startSim({ name: 'bench-sync', vservers: [{ name: 'vs1' }] });
  const src = sourceFolder(w, w.leaf);
  const stop = new AbortController();
  let watching: Promise<void> | undefined;
  try {
    seedCas(s, w);
    const applianceId = await saveApplianceFor(te.engine, s);
    await te.engine.syncs.save({
      name: 'web',
      source: { kind: 'pem', cert: { path: src.cert }, key: { path: src.key }, chain: { path: src.chain } },
      destinations: [{ applianceId }],
      vservers: [{ name: 'vs1', sni: false }],
    });
    await te.engine.syncs.run({ sync: 'web' });
    const log = new EventLog();
    const ready = log.next((e) => e.kind === 'unchanged');
    watching = te.engine.syncs.watch({ syncs: ['web'] }, { signal: stop.signal, onEvent: log.push });
    await ready;
    const latencies: number[] = [];
    for (let i = 0; i < RENEWALS; i++) {
      const renewal = await issueCertificate(w.inter, {
        commonName: 'www.example.test',
        altNames: ['www.example.test', 'example.test'],
        validForDays: 90 + i,
      });
      const seen = log.events.length;
      const started = log.next((e) => e.kind === 'run-started' && log.events.indexOf(e) >= seen, 10_000);
      const finished = log.next((e) => e.kind === 'run-finished' && log.events.indexOf(e) >= seen, 20_000);
      const landed = performance.now();
      src.replace(renewal);
      await started;
      latencies.push(performance.now() - landed);
      const done = await finished;
      if (done.run?.outcome !== 'succeeded') throw new Error(`the watched push failed: ${done.message}`);
    }
    return [
      {
        name: 'sync watch: renewed files landing to push start',
        value: Math.max(...latencies) / 1000,
        unit: 's',
        note: `worst of ${RENEWALS}, settle ${DEFAULT_SETTLE_MS} ms; target <= 2`,
      },
    ];
  } finally {
    stop.abort();
    await watching;
    te.close();
    await s.close();
    rmSync(src.dir, { recursive: true, force: true });
  }
}
