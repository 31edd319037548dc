import type { Command } from 'commander';
import { adviseForBuild, BuildParseError, formatBuild, parseConsoleBuild } from '../../../shared/cloud-connect-builds.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { CliContext } from '../cli-context.ts';

/** fieldkit cloudconnect features <build>: what a Console build has through Cloud Connect, from the documentation's table. */
export function registerCloudConnectCommand(program: Command, ctx: CliContext): void {
  const cc = program.command('cloudconnect').description('NetScaler Console Cloud Connect: what a Console build offers through it');

  cc.command('features <build>')
    .description('the Cloud Connect features, the action required and the data collected for a Console build (e.g. 14.1-66.12)')
    .option('--json', 'machine-readable output')
    .action((text: string, o: { json?: boolean }) => {
      let build;
      try {
        build = parseConsoleBuild(text);
      } catch (err) {
        if (err instanceof BuildParseError) throw new FieldkitError('INVALID_INPUT', err.message, { field: 'build' });
        throw err;
      }
      const advice = adviseForBuild(build);
      if (o.json) return ctx.io.out(JSON.stringify(advice));
      if (!advice.documented) return ctx.io.out(`Console ${formatBuild(build)}: not documented. ${advice.reason}`);
      const { row } = advice;
      const lines = [`Console ${formatBuild(build)} (documented as "${row.label}"):`];
      lines.push(`  Features through Cloud Connect: ${row.features.length ? row.features.join(', ') : 'none (NA)'}`);
      lines.push(`  Action required: ${row.action}`);
      lines.push(`  Data collection through Cloud Connect: ${row.dataCollection}`);
      if (advice.proxyCaUpload)
        lines.push('  Also: Cloud Connect works through an SSL-intercepting explicit proxy once its CA is uploaded.');
      ctx.io.out(lines.join('\n'));
    });
}
