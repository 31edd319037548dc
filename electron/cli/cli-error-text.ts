import type { Command } from 'commander';
import { catalogEntry, cliHintFor } from '../../shared/error-catalog.ts';
import type { FieldkitError } from '../../shared/fieldkit-error.ts';

/**
 * The one line the CLI prints for an error: the message, and the fix in a
 * terminal's words (the catalog's cliHint where its hint names something on
 * the screen). Bad input that names a field is pointed at the command's flag
 * or argument for it, when the running command has one.
 */
export function cliErrorLine(err: FieldkitError, command?: Command): string {
  const hint = flagHint(err, command) ?? cliHintFor(err.code, err.hint);
  return `fieldkit: ${err.message}${hint ? ` (${hint})` : ''}`;
}

function flagHint(err: FieldkitError, command: Command | undefined): string | undefined {
  if (err.code !== 'INVALID_INPUT' || !err.field || !command || err.hint !== catalogEntry('INVALID_INPUT').hint) return undefined;
  const where = whereToCorrect(err.field, command);
  return where ? `Correct ${where} and run the command again.` : undefined;
}

/** "proxy.port" → --proxy-port, --port or --proxy, the first the command has; or its <argument> of that name. */
function whereToCorrect(field: string, command: Command): string | undefined {
  const longs = new Set(command.options.map((o) => o.long).filter((l): l is string => Boolean(l)));
  if (longs.has(field)) return field;
  const segments = field.split('.').map(kebab);
  for (let length = segments.length; length > 0; length--) {
    for (let start = 0; start + length <= segments.length; start++) {
      const flag = `--${segments.slice(start, start + length).join('-')}`;
      if (longs.has(flag)) return flag;
    }
  }
  const argument = command.registeredArguments.find((a) => segments.includes(kebab(a.name())));
  return argument ? `the <${argument.name()}> argument` : undefined;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
