import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../../electron/services/engine.ts';
import { createDispatcher, type Dispatcher } from '../../electron/services/ipc/dispatch.ts';
import { createHandlers, type ShellHooks } from '../../electron/services/ipc/handlers.ts';
import { allMigrations } from '../../electron/services/migrations.ts';
import { silentSink } from '../../electron/services/log/logger.ts';

export interface TestEngine {
  engine: Engine;
  dispatcher: Dispatcher;
  dataFolder: string;
  close(): void;
}

/** A real engine over a fresh data folder; the keychain service name is unique so tests never touch a user's secrets. */
export async function startTestEngine(opts: Partial<EngineOptions> & { shell?: ShellHooks } = {}): Promise<TestEngine> {
  const { shell, ...engineOptions } = opts;
  const dataFolder = opts.dataFolder ?? mkdtempSync(join(tmpdir(), 'fieldkit-home-'));
  const engine = await createEngine({
    dataFolder,
    vaultService: `Fieldkit-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    logSink: silentSink,
    migrations: allMigrations,
    appVersion: '0.0.0-test',
    ...engineOptions,
  });
  const dispatcher = createDispatcher(createHandlers(engine, shell), { logger: engine.logger, redactor: engine.redactor });
  return {
    engine,
    dispatcher,
    dataFolder,
    close() {
      engine.close();
      if (!opts.dataFolder) rmSync(dataFolder, { recursive: true, force: true });
    },
  };
}
