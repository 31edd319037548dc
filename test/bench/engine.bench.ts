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
  const dataFolder = mkdtempSync(join(tmpdir(), 'fk-bench-'));
  const t0 = performance.now();
  const engine = await createEngine({ dataFolder, vault: new MemoryVault('bench'), logSink: silentSink, migrations: allMigrations });
  const startMs = performance.now() - t0;
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
    { name: 'engine.start', value: startMs, unit: 'ms', note: 'settings + history database, fresh data folder' },
    { name: 'ipc.dispatch.secretStatus', value: perCallUs, unit: 'µs/call', note: 'input and output validation included' },
  ];
}
