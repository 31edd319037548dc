import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliErrorLine } from '../../electron/cli/cli-error-text.ts';
import { ERROR_REGISTRY, type CatalogEntry } from '../../shared/error-catalog.ts';
import { FieldkitError } from '../../shared/fieldkit-error.ts';

/** The CLI's error line: the catalog's words for a terminal where the app's name something on screen. */
const siteAdd = new Command('add')
  .argument('<name>')
  .option('--service-url <url>', 'the Console service URL')
  .option('--proxy <url>', 'http://host:port');

describe('the CLI error line', () => {
  it('names the flag for bad input about a field the command has a flag for', () => {
    const line = cliErrorLine(new FieldkitError('INVALID_INPUT', 'The service URL is not valid.', { field: 'serviceUrl' }), siteAdd);
    expect(line).toBe('fieldkit: The service URL is not valid. (Correct --service-url and run the command again.)');
    const nested = cliErrorLine(new FieldkitError('INVALID_INPUT', 'Port 0 is not a port.', { field: 'proxy.port' }), siteAdd);
    expect(nested).toContain('(Correct --proxy and run the command again.)');
    const asFlag = cliErrorLine(new FieldkitError('INVALID_INPUT', 'Bad.', { field: '--service-url' }), siteAdd);
    expect(asFlag).toContain('(Correct --service-url and run the command again.)');
    const argument = cliErrorLine(new FieldkitError('INVALID_INPUT', 'Too long.', { field: 'name' }), siteAdd);
    expect(argument).toContain('(Correct the <name> argument and run the command again.)');
  });

  it('never says "the highlighted field": without a flag to name, it says the catalog CLI words', () => {
    const line = cliErrorLine(new FieldkitError('INVALID_INPUT', 'Bad.', { field: 'somethingElse' }), siteAdd);
    expect(line).toBe('fieldkit: Bad. (Correct the value named above and run the command again.)');
    expect(cliErrorLine(new FieldkitError('INVALID_INPUT'))).not.toMatch(/highlighted/);
  });

  it('prints the catalog CLI hint where the app hint names a screen action, and a hint given by the caller as it is', () => {
    expect(cliErrorLine(new FieldkitError('NOTIFY_SECRET_MISSING'))).toMatch(
      /FIELDKIT_NOTIFY_SECRET[\s\S]*fieldkit secret set notification-secret/,
    );
    expect(cliErrorLine(new FieldkitError('NOTIFY_CHANNEL_NAME_TAKEN'))).toMatch(/fieldkit notify remove/);
    expect(cliErrorLine(new FieldkitError('INVALID_INPUT', 'Bad.', { hint: 'Use --port 443.', field: 'serviceUrl' }), siteAdd)).toBe(
      'fieldkit: Bad. (Use --port 443.)',
    );
  });

  it('gives every catalog hint that speaks of the screen its own CLI words', () => {
    const screenWords =
      /highlighted|\bedit the\b|\bclick\b|\bbutton\b|\bdialog\b|choose the (\.fieldkit )?file|choose another name|pick a|pick an|type it in/i;
    const entries = Object.entries(ERROR_REGISTRY) as Array<[string, CatalogEntry]>;
    const missing = entries.filter(([, e]) => screenWords.test(e.hint) && !e.cliHint).map(([code]) => code);
    expect(missing).toEqual([]);
    const leaking = entries.filter(([, e]) => e.cliHint && screenWords.test(e.cliHint)).map(([code]) => code);
    expect(leaking).toEqual([]);
  });
});
