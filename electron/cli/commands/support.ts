import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SUPPORT_BUNDLE_DEFAULT_NAME } from '../../../shared/support-text.ts';
import type { CliContext } from '../cli-context.ts';
import { bundleLines, previewLines } from './support-text.ts';

/** fieldkit support: what the app's Support page does, for a machine with no display. */
export function registerSupportCommand(program: Command, ctx: CliContext): void {
  const support = program.command('support').description('support bundles: one zip of versions, history and logs, free of secrets');

  support
    .command('preview')
    .description('list what a support bundle would hold, and what would be removed from it')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const preview = await (await ctx.engine()).support.preview();
      if (o.json) return ctx.io.out(JSON.stringify(preview));
      for (const line of previewLines(preview)) ctx.io.out(line);
    });

  support
    .command('bundle')
    .description('write a support bundle (a zip); passwords, keys, tokens and webhook URLs are removed first')
    .option('--out <file>', `where to write it (default: ${SUPPORT_BUNDLE_DEFAULT_NAME} in this folder, the time in UTC)`)
    .option('--json', 'machine-readable output')
    .action(async (o: { out?: string; json?: boolean }) => {
      const engine = await ctx.engine();
      const result = await engine.support.createBundle({ path: resolve(o.out ?? engine.support.defaultFileName()) });
      if (o.json) return ctx.io.out(JSON.stringify(result));
      for (const line of bundleLines(result)) ctx.io.out(line);
    });
}
