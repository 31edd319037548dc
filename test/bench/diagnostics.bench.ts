import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { runDiagnostics, type DiagnosticsEngineOptions } from '../../electron/services/diagnostics/run-diagnostics.ts';
import { startBlackHole } from '../support/black-hole.ts';
import { createTestPki, scenarioCatalog } from '../support/diagnostics-fixtures.ts';
import { issueCertificate } from '../support/test-pki.ts';
import type { BenchFigure } from './run-benchmarks.ts';

/**
 * Check Connectivity at scale against local HTTPS servers with injected
 * latency (each endpoint answers after its own delay, 100 to 300 ms):
 * - parallelism: total wall time over the slowest endpoint's time checked alone
 *   (1.0 is perfect; target <= 1.2 with 20 endpoints);
 * - dead endpoints: with some endpoints black-holed (SYN dropped on loopback),
 *   total wall time over the connect timeout (target <= 1.1: a dead endpoint
 *   costs one timeout, not one per endpoint).
 * Wall time includes building the trust store and every TLS handshake. The
 * origin runs in its own thread, as a remote server would not share the
 * checker's CPU.
 */
const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 300;
const CONNECT_TIMEOUT_MS = 1500;

function hosts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `ep${i}.bench.fieldkit.test`);
}

function delayFor(i: number, n: number): number {
  return Math.round(MIN_DELAY_MS + ((MAX_DELAY_MS - MIN_DELAY_MS) * i) / Math.max(1, n - 1));
}

const ORIGIN = `
const { parentPort, workerData } = require('node:worker_threads');
const https = require('node:https');
let delays = {};
const server = https.createServer({ cert: workerData.cert, key: workerData.key }, (req, res) => {
  const host = (req.headers.host || '').replace(/:\\d+$/, '');
  setTimeout(() => res.end('ok'), delays[host] || 0);
});
parentPort.on('message', (m) => {
  if (m.delays) { delays = m.delays; parentPort.postMessage('ok'); }
  if (m.close) { server.closeAllConnections(); server.close(() => process.exit(0)); }
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

interface Origin {
  port: number;
  setDelays(delays: Record<string, number>): Promise<void>;
  close(): Promise<void>;
}

async function startOrigin(cert: string, key: string): Promise<Origin> {
  const worker = new Worker(ORIGIN, { eval: true, workerData: { cert, key } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    port,
    setDelays: (delays) =>
      new Promise((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage({ delays });
      }),
    close: async () => {
      worker.postMessage({ close: true });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

async function wall(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function run(): Promise<BenchFigure[]> {
  const pki = await createTestPki();
  const all = hosts(100);
  const leaf = await issueCertificate(pki.publicIntermediate, { commonName: '*.bench.fieldkit.test', altNames: ['*.bench.fieldkit.test'] });
  const origin = await startOrigin(leaf.certPem + pki.publicIntermediate.certPem, leaf.keyPem);
  const port = origin.port;
  const setDelays = (names: string[]) => origin.setDelays(Object.fromEntries(names.map((h, i) => [h, delayFor(i, names.length)])));
  const blackHole = await startBlackHole();
  const figures: BenchFigure[] = [];

  const optionsFor = (names: string[], dead: Set<string> = new Set()): DiagnosticsEngineOptions => ({
    catalog: scenarioCatalog(names),
    resolverOverrides: Object.fromEntries(names.map((h) => [h, '127.0.0.1'])),
    portOverrides: Object.fromEntries(names.map((h) => [h, dead.has(h) ? blackHole.port : port])),
    extraTrustAnchors: [pki.publicRoot.certPem],
    env: {},
  });
  const timeouts = { connectMs: CONNECT_TIMEOUT_MS, httpMs: 5000, tlsMs: 5000 };

  try {
    // Warm-up: parse the system trust store and JIT the probe once.
    await runDiagnostics({ region: 'commercial', timeouts }, optionsFor(all.slice(0, 2)));

    for (const n of [20, 100]) {
      const names = all.slice(0, n);
      await setDelays(names);
      const slowest = names[n - 1]!;
      const alone = await wall(() => runDiagnostics({ region: 'commercial', timeouts }, optionsFor([slowest])));
      for (const concurrency of n === 20 ? [32] : [32, 128]) {
        let reachable = 0;
        let maxInRun = 0;
        const total = await wall(async () => {
          const r = await runDiagnostics({ region: 'commercial', timeouts, concurrency }, optionsFor(names));
          reachable = r.summary.counts.reachable;
          maxInRun = Math.max(...r.results.map((x) => x.totalMs));
        });
        if (reachable !== n) throw new Error(`only ${reachable} of ${n} endpoints were reachable in the benchmark`);
        figures.push({
          name: `diagnostics.parallel.${n}.c${concurrency}.ratio`,
          value: total / alone,
          unit: 'x',
          note: `wall ${Math.round(total)} ms / slowest endpoint alone ${Math.round(alone)} ms (latency ${MIN_DELAY_MS}-${MAX_DELAY_MS} ms, concurrency ${concurrency}, slowest inside the run ${Math.round(maxInRun)} ms)${n === 20 ? '; target <= 1.2' : ''}`,
        });
      }
    }

    for (const [n, deadCount] of [
      [20, 5],
      [100, 20],
    ] as const) {
      const names = all.slice(0, n);
      await setDelays(names);
      const dead = new Set(names.filter((_, i) => i % Math.floor(n / deadCount) === 0).slice(0, deadCount));
      let timedOut = 0;
      const concurrency = n <= 32 ? 32 : 128;
      const total = await wall(async () => {
        const r = await runDiagnostics({ region: 'commercial', timeouts, concurrency }, optionsFor(names, dead));
        timedOut = r.results.filter((x) => x.failure?.code === 'tcp_timeout').length;
      });
      if (timedOut !== dead.size) throw new Error(`${timedOut} of ${dead.size} black-holed endpoints timed out`);
      figures.push({
        name: `diagnostics.blackholed.${n}.ratio`,
        value: total / CONNECT_TIMEOUT_MS,
        unit: 'x',
        note: `wall ${Math.round(total)} ms / connect timeout ${CONNECT_TIMEOUT_MS} ms with ${dead.size} of ${n} endpoints black-holed (concurrency ${concurrency})${n === 20 ? '; target <= 1.1' : ''}`,
      });
    }
  } finally {
    await blackHole.close();
    await origin.close();
  }
  return figures;
}
