import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ConflictResolution } from '../../../shared/schemas/site-packs.ts';
import { whereSecretsAreKept } from '../../../shared/secret-storage-words.ts';
import type { CliContext } from '../cli-context.ts';
import { badInput, collect } from './cert-appliance-flags.ts';
import { holdsLines, importLines, inspectionLines, previewLines } from './pack-text.ts';

/** A site pack's passphrase: from the environment, never from a flag (shell history). */
export const PACK_PASSPHRASE_ENV = 'FIELDKIT_PACK_PASSPHRASE';

interface ExportFlags {
  site: string[];
  appliance: string[];
  sync: string[];
  channel: string[];
  includeSecrets?: boolean;
  includeKeys?: boolean;
  includeAllowlist?: boolean;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/**
 * fieldkit pack: prepare a visit at the desk, carry it to site. The same
 * packs as the app's Site packs page; docs/site-pack-format.md.
 */
export function registerPackCommand(program: Command, ctx: CliContext): void {
  const pack = program.command('pack').description('site packs: sites with their profiles, syncs and channels in one .fieldkit file');
  const passphrase = () => ctx.env[PACK_PASSPHRASE_ENV] || undefined;

  pack
    .command('export')
    .description(`write a site pack; secrets (with --include-secrets) are sealed with the passphrase in ${PACK_PASSPHRASE_ENV}`)
    .option('--site <name>', 'a site to carry (repeat for several)', collect, [])
    .option('--appliance <name>', 'an appliance profile to carry as well (repeat)', collect, [])
    .option('--sync <name>', 'a sync to carry, with its certificate files and appliances (repeat)', collect, [])
    .option('--channel <name>', 'a notification channel to carry (repeat)', collect, [])
    .option('--include-secrets', `seal the passwords, passphrases and webhook URLs with ${PACK_PASSPHRASE_ENV}`)
    .option('--include-keys', "carry the syncs' private keys (and PFX files)")
    .option('--include-allowlist', 'carry the fetched allowlist versions')
    .option('--out <file>', 'the .fieldkit file to write')
    .option('--force', 'replace the --out file when it exists already')
    .option('--json', 'machine-readable output')
    .action(async (o: ExportFlags) => {
      if (o.site.length === 0) throw badInput('No site given.', 'Add --site NAME (repeat for several).', 'site');
      if (!o.out) throw badInput('No output file given.', 'Add --out FILE.fieldkit.', 'out');
      if (!o.force && existsSync(o.out))
        throw badInput(`${o.out} exists already; nothing was written.`, 'Give another --out, or add --force to replace it.', 'out');
      if (o.includeSecrets && !passphrase()) {
        throw badInput(
          `--include-secrets needs a passphrase in ${PACK_PASSPHRASE_ENV}.`,
          'Set it, at least 12 characters, and export again.',
          'passphrase',
        );
      }
      const result = await (
        await ctx.engine()
      ).packs.export({
        siteIds: o.site,
        applianceIds: o.appliance,
        syncIds: o.sync,
        channelIds: o.channel,
        include: {
          secrets: o.includeSecrets ?? false,
          privateKeys: o.includeKeys ?? false,
          allowlistVersions: o.includeAllowlist ?? false,
        },
        ...(o.includeSecrets ? { passphrase: passphrase() } : {}),
        path: o.out,
      });
      if (o.json) return ctx.io.out(JSON.stringify(result));
      ctx.io.out(`Wrote ${o.out} (${result.bytes} bytes).`);
      for (const line of holdsLines(result.holds)) ctx.io.out(line);
    });

  pack
    .command('inspect <file>')
    .description(`check a site pack from end to end and show what it holds (with ${PACK_PASSPHRASE_ENV}: whether it opens the secrets)`)
    .option('--json', 'machine-readable output')
    .action(async (file: string, o: { json?: boolean }) => {
      const inspection = await (await ctx.engine()).packs.inspect({ path: file }, passphrase());
      if (o.json) return ctx.io.out(JSON.stringify(inspection));
      for (const line of inspectionLines(inspection)) ctx.io.out(line);
    });

  pack
    .command('import <file>')
    .description(
      `import a site pack: all of it or nothing; secrets go into this machine's keychain (passphrase from ${PACK_PASSPHRASE_ENV})`,
    )
    .option('--dry-run', 'show what would be added, changed or left alone, and write nothing')
    .option('--on-conflict <resolution>', `for an item with the same name as one here: ${ConflictResolution.options.join(', ')}`)
    .option('--json', 'machine-readable output')
    .action(async (file: string, o: { dryRun?: boolean; onConflict?: string; json?: boolean }) => {
      const onConflict = o.onConflict === undefined ? undefined : ConflictResolution.safeParse(o.onConflict);
      if (onConflict && !onConflict.success) {
        throw badInput(
          `"${o.onConflict}" is not a way to resolve a conflict.`,
          `Use one of: ${ConflictResolution.options.join(', ')}.`,
          'onConflict',
        );
      }
      const engine = await ctx.engine();
      if (o.dryRun) {
        const preview = await engine.packs.previewImport({ path: file }, passphrase(), { onConflict: onConflict?.data });
        if (o.json) return ctx.io.out(JSON.stringify(preview));
        for (const line of previewLines(preview)) ctx.io.out(line);
        return;
      }
      const result = await engine.packs.import({ path: file }, { passphrase: passphrase(), onConflict: onConflict?.data });
      if (o.json) return ctx.io.out(JSON.stringify(result));
      for (const line of importLines(result, whereSecretsAreKept(engine.secrets.vaultStatus, 'cli'))) ctx.io.out(line);
    });
}
