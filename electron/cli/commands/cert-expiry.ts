import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { DEFAULT_EXPIRY_WINDOW_DAYS, ExpiryWindowDays } from '../../../shared/schemas/certificate-expiry.ts';
import { EXIT, type CliContext } from '../cli-context.ts';
import { formatFleetExpiry } from './cert-expiry-text.ts';
import { collect, parseAppliances, timeoutOf, withApplianceOptions, type ApplianceFlags } from './cert-appliance-flags.ts';

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
  2  bad input (for example --within is not a number of days), or no appliance
     to read (none saved, none given with --appliance)
--json prints every row (the due ones and the rest) with a summary.`;

interface ExpiryFlags extends ApplianceFlags {
  within: string;
  applianceId: string[];
  all?: boolean;
}

export function registerCertExpiryCommand(cert: Command, ctx: CliContext): void {
  withApplianceOptions(cert.command('expiry'))
    .description(
      'list the certkeys of every saved appliance (or those given with --appliance), soonest expiry first; exit 1 when any is due',
    )
    .option('--within <days>', 'the window: certkeys expiring within this many days are due', String(DEFAULT_EXPIRY_WINDOW_DAYS))
    .option('--appliance-id <id>', 'a saved appliance to read (repeatable; default: all saved appliances)', collect, [])
    .option('--all', 'list every certkey, not only the due ones')
    .addHelpText('after', EXIT_HELP)
    .action(async (o: ExpiryFlags) => {
      const within = ExpiryWindowDays.safeParse(Number(o.within));
      if (o.within.trim() === '' || !within.success)
        throw new FieldkitError('INVALID_INPUT', `--within ${o.within} is not a whole number of days from 0 to 3650.`, {
          field: 'within',
        });
      const timeoutMs = timeoutOf(o);
      // Given on the command line (a monitoring host without the app), or saved ones: either way, something to read.
      const given = o.appliance.length > 0 ? parseAppliances(o, ctx.env) : [];
      const engine = await ctx.engine();
      const saved = (await engine.profiles.appliances.list()).map((p) => p.profile.id);
      const unknown = o.applianceId.filter((id) => !saved.includes(id));
      if (unknown.length > 0)
        throw new FieldkitError('INVALID_INPUT', `No saved appliance ${unknown.join(', ')}.`, {
          field: 'appliance-id',
          hint: `Saved appliances: ${saved.join(', ') || 'none'}. Or give --appliance https://<nsip> with --user and --ca or --pin.`,
        });
      const chosen = [...o.applianceId.map((profileId) => ({ profileId })), ...given];
      if (chosen.length === 0 && saved.length === 0)
        throw new FieldkitError('INVALID_INPUT', 'No appliance to read: none is saved and none was given.', {
          field: 'appliance',
          hint: 'Save appliances (in the app, or with fieldkit appliance save), or give --appliance https://<nsip> with --user and --ca or --pin (password from FIELDKIT_APPLIANCE_PASSWORD).',
        });
      const appliances = chosen.length > 0 ? chosen : undefined;
      const report = await engine.certificates.expiry({ within: within.data, appliances, timeoutMs });
      ctx.io.out(o.json ? JSON.stringify(report) : formatFleetExpiry(report, { all: o.all === true }));
      if (report.due > 0 || report.appliances.failed > 0) ctx.setExitCode(EXIT.FAILED);
    });
}
