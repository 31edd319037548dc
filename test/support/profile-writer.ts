import { createEngine } from '../../electron/services/engine.ts';
import { silentSink } from '../../electron/services/log/logger.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';

/**
 * A second Fieldkit process for the shared-data-folder tests: opens an engine on
 * the folder given and saves `count` proxy profiles named `<prefix>-<n>`.
 */
const [dataFolder, prefix, count] = process.argv.slice(2);
if (!dataFolder || !prefix || !count) throw new Error('usage: profile-writer <data folder> <prefix> <count>');
const engine = await createEngine({ dataFolder, vault: new MemoryVault('writer'), logSink: silentSink });
for (let i = 0; i < Number(count); i++) {
  await engine.profiles.proxies.save({ id: `${prefix}-${i}`, type: 'explicit', host: `proxy${i}.${prefix}.test`, port: 3128 });
}
engine.close();
