import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../electron/cli/cli-context.ts';
import { registerCommands } from '../../electron/cli/register-commands.ts';

/** The README promises --json on every command that reports something; the one exception is named there. */
const WITHOUT_JSON = ['allowlist export'];

function leafCommands(): Command[] {
  const program = new Command('fieldkit');
  registerCommands(program, {} as CliContext);
  const leaves: Command[] = [];
  const walk = (c: Command) => (c.commands.length ? c.commands.forEach(walk) : leaves.push(c));
  program.commands.forEach(walk);
  return leaves;
}

const fullName = (c: Command): string => (c.parent && c.parent.name() !== 'fieldkit' ? `${fullName(c.parent)} ${c.name()}` : c.name());

describe('--json', () => {
  it('is taken by every command but the named exceptions', () => {
    const without = leafCommands()
      .filter((c) => !c.options.some((o) => o.long === '--json'))
      .map(fullName);
    expect(without).toEqual(WITHOUT_JSON);
  });

  it('is described in the README as it is', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of WITHOUT_JSON) expect(readme).toMatch(new RegExp(`--json\`[^\\n]*except \`fieldkit ${name}\``));
  });
});

describe('the support bundle default file name', () => {
  it('is the same in the help, the README and the name written', async () => {
    const { SUPPORT_BUNDLE_DEFAULT_NAME, supportBundleFileName } = await import('../../shared/support-text.ts');
    const bundle = leafCommands().find((c) => fullName(c) === 'support bundle')!;
    expect(bundle.options.find((o) => o.long === '--out')?.description).toContain(SUPPORT_BUNDLE_DEFAULT_NAME);
    expect(readFileSync('README.md', 'utf8')).toContain(`default \`${SUPPORT_BUNDLE_DEFAULT_NAME}\``);
    const shape = new RegExp(
      `^${SUPPORT_BUNDLE_DEFAULT_NAME.replace('.', '\\.')
        .replace(/YYYYMMDD/, '\\d{8}')
        .replace(/HHMMSS/, '\\d{6}')}$`,
    );
    expect(supportBundleFileName(new Date('2026-12-01T19:23:01.624Z'))).toBe('fieldkit-support-20261201-192301.zip');
    expect(supportBundleFileName(new Date())).toMatch(shape);
  });
});
