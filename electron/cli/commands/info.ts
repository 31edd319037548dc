import type { Command } from 'commander';
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
      ctx.io.out(
        info.vault.persistent
          ? 'Keychain: operating system keychain'
          : `Keychain: not available; secrets kept in memory only. ${info.vault.reason ?? ''}`,
      );
      for (const n of info.notices) ctx.io.out(`Notice: ${n.message} ${n.hint ?? ''}`);
    });
}
