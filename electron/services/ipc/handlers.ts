import type { Engine } from '../engine.ts';
import type { Handlers } from './dispatch.ts';

/** The contract bound to the engine: one line per channel, the work lives in the engine modules. */
export function createHandlers(engine: Engine): Handlers {
  return {
    appInfo: () => ({ name: 'Fieldkit', version: engine.appVersion, platform: process.platform, vault: engine.secrets.vaultStatus }),
    vaultStatus: () => engine.secrets.vaultStatus,
    secretStatus: ({ ref }) => engine.secrets.status(ref),
    secretSave: ({ ref, value }) => engine.secrets.save(ref, value),
    secretDelete: ({ ref }) => engine.secrets.delete(ref),
    settingsGet: () => engine.settings.get(),
    settingsUpdate: ({ patch }) => engine.settings.update(patch),
    storageNotices: () => engine.settings.notices,
  };
}
