import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { DEFAULT_EXPIRY_WINDOW_DAYS, ExpiryWindowDays } from '../../../shared/schemas/certificate-expiry.ts';
import { EXIT, type CliContext } from '../cli-context.ts';
import { formatFleetExpiry } from './cert-expiry-text.ts';
import { collect } from './cert-appliance-flags.ts';

/**
 * fieldkit cert expiry: every certkey on the saved appliances, soonest
 * expiry first, for a person or a monitoring check. Exit 0 means every
 * appliance was read and nothing is due; anything else needs a look.
 */

const EXIT_HELP = `
Exit status (for monitoring checks):
  0  every appliance was read and no certkey expires within the window
  1  a certkey has expired or expires within the window, or an appliance
     could not be read (its certkeys are unknown, so "nothing due" cannot be said)
  2  bad input (for example --within is not a number of days)
--json prints every row (the due ones and the rest) with a summary.`;

interface ExpiryFlags {
  within: string;
  applianceId: string[];
  all?: boolean;
  timeout: string;
  json?: boolean;
}

export function registerCertExpiryCommand(cert: Command, ctx: CliContext): void {
  cert
    .command('expiry')
    .description('list the certkeys of every saved appliance, soonest expiry first; exit 1 when any is due')
    .option('--within <days>', 'the window: certkeys expiring within this many days are due', String(DEFAULT_EXPIRY_WINDOW_DAYS))
    .option('--appliance-id <id>', 'a saved appliance to read (repeatable; default: all saved appliances)', collect, [])
    .option('--all', 'list every certkey, not only the due ones')
    .option('--timeout <seconds>', 'per-request timeout in seconds', '30')
    .option('--json', 'machine-readable output')
    .addHelpText('after', EXIT_HELP)
    .action(async (o: ExpiryFlags) => {
      const within = ExpiryWindowDays.safeParse(Number(o.within));
      if (o.within.trim() === '' || !within.success)
        throw new FieldkitError('INVALID_INPUT', `--within ${o.within} is not a whole number of days from 0 to 3650.`, {
          field: 'within',
        });
      const timeoutMs = Number(o.timeout) * 1000;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new FieldkitError('INVALID_INPUT', `--timeout ${o.timeout} is not a number of seconds.`, { field: 'timeout' });
      const engine = await ctx.engine();
      const appliances = o.applianceId.length > 0 ? o.applianceId.map((profileId) => ({ profileId })) : undefined;
      const report = await engine.certificates.expiry({ within: within.data, appliances, timeoutMs });
      ctx.io.out(o.json ? JSON.stringify(report) : formatFleetExpiry(report, { all: o.all === true }));
      if (report.due > 0 || report.appliances.failed > 0) ctx.setExitCode(EXIT.FAILED);
    });
}
