import type { Command } from 'commander';
import type { VaultStatus } from '../../../shared/schemas/secrets.ts';
import type { CliContext } from '../cli-context.ts';

/** What a support engineer asks first: which version, which data folder, is the keychain working. */
export function registerInfoCommand(program: Command, ctx: CliContext, version: () => string): void {
  program
    .command('info')
    .description('show the version, the data folder and whether the keychain is available')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const app = engine.info();
      const info = {
        version: version(),
        node: process.versions.node,
        platform: app.platform,
        dataFolder: engine.dataFolder,
        vault: app.vault,
        notices: engine.settings.notices,
      };
      if (o.json) {
        ctx.io.out(JSON.stringify(info));
        return;
      }
      ctx.io.out(`Fieldkit ${info.version} (Node ${info.node}, ${info.platform})`);
      ctx.io.out(`Data folder: ${info.dataFolder}`);
      ctx.io.out(keychainLine(info.vault, ctx.env));
      for (const n of info.notices) ctx.io.out(`Notice: ${n.message} ${n.hint ?? ''}`);
    });
}

/** Not using the keychain by choice (FIELDKIT_VAULT=memory) and not finding one are different news: say which, once. */
function keychainLine(vault: VaultStatus, env: NodeJS.ProcessEnv): string {
  if (vault.persistent) return 'Keychain: the operating system keychain.';
  if (env['FIELDKIT_VAULT'] === 'memory')
    return 'Keychain: not used, as chosen (FIELDKIT_VAULT=memory); secrets are kept in memory and gone when the command ends.';
  return `Keychain: not available; secrets are kept in memory and gone when the command ends. Why: ${vault.reason ?? 'no keychain answered.'}`;
}
