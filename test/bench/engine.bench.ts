import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../../electron/services/engine.ts';
import { createDispatcher } from '../../electron/services/ipc/dispatch.ts';
import { createHandlers } from '../../electron/services/ipc/handlers.ts';
import { silentSink } from '../../electron/services/log/logger.ts';
import { allMigrations } from '../../electron/services/migrations.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { BenchFigure } from './run-benchmarks.ts';

/** What every IPC call pays (validation in and out) and what start-up costs, without the keychain's own latency. */
export async function run(): Promise<BenchFigure[]> {
  // Best of five fresh data folders: one sample also measured whatever garbage the benchmarks before it left.
  const starts: number[] = [];
  for (let i = 0; i < 4; i++) {
    const folder = mkdtempSync(join(tmpdir(), 'fk-bench-'));
    const t = performance.now();
    const started = await createEngine({
      dataFolder: folder,
      vault: new MemoryVault('bench'),
      logSink: silentSink,
      migrations: allMigrations,
    });
    starts.push(performance.now() - t);
    started.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const dataFolder = mkdtempSync(join(tmpdir(), 'fk-bench-'));
  const t0 = performance.now();
  const engine = await createEngine({ dataFolder, vault: new MemoryVault('bench'), logSink: silentSink, migrations: allMigrations });
  starts.push(performance.now() - t0);
  const startMs = Math.min(...starts);
  const dispatcher = createDispatcher(createHandlers(engine), { logger: engine.logger, redactor: engine.redactor });
  const ctx = { emit: () => {} };
  const input = { ref: { kind: 'proxy-password' as const, profileId: 'bench' } };
  for (let i = 0; i < 2000; i++) await dispatcher.dispatch('secretStatus', input, ctx);
  const n = 20_000;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) await dispatcher.dispatch('secretStatus', input, ctx);
  const perCallUs = ((performance.now() - t1) / n) * 1000;
  engine.close();
  rmSync(dataFolder, { recursive: true, force: true });
  return [
    {
      name: 'engine.start',
      value: startMs,
      unit: 'ms',
      note: `settings, profiles, sites, channels, logs and the history database with every migration, a fresh data folder; best of 5 (worst ${Math.max(...starts).toFixed(1)} ms)`,
    },
    { name: 'ipc.dispatch.secretStatus', value: perCallUs, unit: 'µs/call', note: 'input and output validation included' },
  ];
}
