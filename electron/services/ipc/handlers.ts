import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { Engine } from '../engine.ts';
import { createCertificateHandlers } from './certificate-handlers.ts';
import { createDiagnosticsHandlers } from './diagnostics-handlers.ts';
import type { Handlers } from './dispatch.ts';

/** What only the desktop shell can do (native dialogs); absent in the CLI and the test bridge. */
export interface ShellHooks {
  openFileDialog?(opts: { title: string; filters?: Array<{ name: string; extensions: string[] }> }): Promise<string | undefined>;
}

/** The contract bound to the engine: one line per channel, the work lives in the engine modules. */
export function createHandlers(engine: Engine, shell: ShellHooks = {}): Handlers {
  return {
    ...createDiagnosticsHandlers(engine),
    ...createCertificateHandlers(engine),
    openFileDialog: async (opts) => {
      if (!shell.openFileDialog) throw new FieldkitError('NOT_AVAILABLE_HERE', 'A file picker is only available in the desktop app.');
      const path = await shell.openFileDialog(opts);
      return path === undefined ? {} : { path };
    },
    taskCancel: ({ taskId }) => ({ ok: engine.tasks.cancel(taskId) }),
    appInfo: () => ({ name: 'Fieldkit', version: engine.appVersion, platform: process.platform, vault: engine.secrets.vaultStatus }),
    vaultStatus: () => engine.secrets.vaultStatus,
    secretStatus: ({ ref }) => engine.secrets.status(ref),
    secretSave: ({ ref, value }) => engine.secrets.save(ref, value),
    secretDelete: ({ ref }) => engine.secrets.delete(ref),
    settingsGet: () => engine.settings.get(),
    settingsUpdate: ({ patch }) => engine.settings.update(patch),
    storageNotices: () => [...engine.settings.notices, ...engine.profiles.notices],
  };
}
