import type { Command } from 'commander';
import { adviseForBuild, BuildParseError, formatBuild, parseConsoleBuild } from '../../../shared/cloud-connect-builds.ts';
import { FieldkitError, isFieldkitError } from '../../../shared/fieldkit-error.ts';
import { EXIT, type CliContext, type InterruptWords } from '../cli-context.ts';
import { PROXY_PASSWORD_ENV } from './diagnose.ts';
import { formatNagios, nagiosUnknown } from './cloudconnect-nagios.ts';
import { formatPrometheus } from './cloudconnect-prometheus.ts';
import { formatActivity, formatStatusText, formatWatchStart } from './cloudconnect-status-text.ts';

const FORMATS = ['text', 'json', 'nagios', 'prometheus'] as const;
type StatusFormat = (typeof FORMATS)[number];

/**
 * fieldkit cloudconnect features <build>: what a Console build has through Cloud Connect, from the documentation's table.
 * fieldkit cloudconnect status | watch: the status monitor, once (for scripts and monitoring systems) or on its schedule (a service).
 */
export function registerCloudConnectCommand(program: Command, ctx: CliContext): void {
  const cc = program
    .command('cloudconnect')
    .description('NetScaler Console Cloud Connect: what a Console build offers through it, and the status of every site');

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

  cc.command('status')
    .description(
      'refresh every site (or one) once and show its Cloud Connect status; exit 0 when every site asked is Connected, 1 otherwise (nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)',
    )
    .option('--site <name>', 'only this site (its name or id)')
    .option('--json', 'machine-readable output (same as --format json)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'text')
    .action(async (o: { site?: string; json?: boolean; format: string }) => {
      const format = parseFormat(o.json ? 'json' : o.format);
      const engine = await ctx.engine();
      const release = ctx.interrupts.hold(STATUS_INTERRUPT_WORDS);
      try {
        const statuses = await engine.cloudConnect.refresh(
          { site: o.site, ...proxyPasswordFrom(ctx.env) },
          { signal: ctx.interrupts.signal },
        );
        if (format === 'nagios') {
          const { code, text } = formatNagios(statuses);
          ctx.io.out(text);
          return ctx.setExitCode(code);
        }
        if (format === 'prometheus') return ctx.io.out(formatPrometheus(statuses).trimEnd());
        ctx.io.out(format === 'json' ? JSON.stringify(statuses) : formatStatusText(statuses).trimEnd());
        if (!statuses.every((s) => s.state === 'connected')) ctx.setExitCode(EXIT.FAILED);
      } catch (err) {
        // A monitoring system reads one line and the exit code, whatever went wrong.
        if (format !== 'nagios' || (isFieldkitError(err) && err.code === 'TASK_CANCELLED')) throw err;
        const { code, text } = nagiosUnknown(isFieldkitError(err) ? err.message : String(err));
        ctx.io.out(text);
        ctx.setExitCode(code);
      } finally {
        release();
      }
    });

  cc.command('watch')
    .description(
      "refresh every site on the app's schedule (settings: cloudConnect.refreshIntervalHours) and send the status notifications, until Ctrl-C or SIGTERM; fits a systemd service",
    )
    .option('--json', 'one JSON line per refresh, transition and notification')
    .action(async (o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const sites = await engine.sites.list();
      if (sites.length === 0) throw new FieldkitError('NO_SITES');
      const release = ctx.interrupts.hold(WATCH_INTERRUPT_WORDS);
      try {
        const watching = `Watching ${sites.length} Cloud Connect site${sites.length === 1 ? '' : 's'}`;
        // Text: a first line at once, so whoever started it sees it is alive before the first refresh is due.
        if (o.json) ctx.io.err(`${watching}; Ctrl-C stops.`);
        else ctx.io.out(formatWatchStart(await engine.cloudConnect.status()));
        await engine.cloudConnect.watch({
          signal: ctx.interrupts.signal,
          ...proxyPasswordFrom(ctx.env),
          onActivity: (a) => ctx.io.out(o.json ? JSON.stringify(a) : formatActivity(a)),
        });
      } finally {
        release();
      }
    });
}

/** FIELDKIT_PROXY_PASSWORD, for a site whose proxy profile has a user but no password in the keychain; never stored. */
function proxyPasswordFrom(env: NodeJS.ProcessEnv): { proxyPassword?: string } {
  const password = env[PROXY_PASSWORD_ENV];
  return password ? { proxyPassword: password } : {};
}

const STATUS_INTERRUPT_WORDS: InterruptWords = {
  stopping: 'stopping the refresh; it is not recorded, and nothing else is changed.',
  stillFinishing: 'still stopping the refresh.',
};

const WATCH_INTERRUPT_WORDS: InterruptWords = {
  stopping: 'stopping the watch; a refresh in progress is abandoned and not recorded, notifications already queued stay in the outbox.',
  stillFinishing: 'still stopping the watch.',
};

function parseFormat(text: string): StatusFormat {
  const format = FORMATS.find((f) => f === text);
  if (!format)
    throw new FieldkitError('INVALID_INPUT', `--format ${text} is not one of ${FORMATS.join(', ')}.`, {
      field: 'format',
      hint: 'For example --format nagios.',
    });
  return format;
}
