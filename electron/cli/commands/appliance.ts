import { whereSecretsAreKept } from '../../../shared/secret-storage-words.ts';
import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import type { CliContext } from '../cli-context.ts';
import { badInput, parseAppliances, PASSWORD_ENV, withApplianceOptions, type ApplianceFlags } from './cert-appliance-flags.ts';

/**
 * Saved appliance profiles from the command line, for a host without the app
 * (an ACME client's deploy hook, a monitoring check): the same profiles the
 * app's Appliances tab keeps, the password in the keychain.
 */
export function registerApplianceCommand(program: Command, ctx: CliContext): void {
  const appliance = program
    .command('appliance')
    .description('save, list and remove appliance profiles (used by cert sync and cert expiry), as the app does');

  withApplianceOptions(
    appliance
      .command('save <id>')
      .description(`save (or change) an appliance profile; the password, from ${PASSWORD_ENV} when set, goes to the keychain`)
      .option('--name <name>', 'what you call it; messages name the appliance by this'),
  ).action(async (id: string, o: ApplianceFlags & { name?: string }) => {
    if (o.appliance.length !== 1) throw badInput('Give exactly one --appliance to save.', undefined, 'appliance');
    if (o.peer !== undefined)
      throw badInput('--peer is not saved with a profile; save the secondary as its own profile.', undefined, 'peer');
    const [ref] = parseAppliances(o, ctx.env, { passwordOptional: true });
    const parsed = ApplianceProfile.safeParse({ ...ref!.profile, id, ...(o.name ? { name: o.name } : {}) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badInput(
        `${issue?.path.join('.') === 'id' ? `"${id}": ` : ''}${issue?.message ?? 'The profile is not valid.'}`,
        undefined,
        'id',
      );
    }
    const engine = await ctx.engine();
    const password = ctx.env[PASSWORD_ENV];
    const state = await engine.profiles.appliances.save(parsed.data, password || undefined);
    const pw = state.passwordSaved
      ? `password saved ${whereSecretsAreKept(engine.secrets.vaultStatus, 'cli')}`
      : `no password saved (set ${PASSWORD_ENV}, or: fieldkit secret set appliance-password ${id})`;
    ctx.io.out(o.json ? JSON.stringify(state) : `Saved appliance ${id} (${parsed.data.host}:${parsed.data.port}); ${pw}.`);
  });

  appliance
    .command('list')
    .description('the saved appliance profiles')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const list = await engine.profiles.appliances.list();
      if (o.json) return ctx.io.out(JSON.stringify(list));
      if (list.length === 0) return ctx.io.out('No appliance is saved.');
      for (const { profile: p, passwordSaved } of list)
        ctx.io.out(
          `${p.id}  ${p.name ?? ''}  ${p.host}:${p.port}  user ${p.username}${p.partition ? `  partition ${p.partition}` : ''}  ${p.trust.mode === 'pinned' ? 'pinned' : 'CA'}  ${passwordSaved ? 'password saved' : 'no password'}`,
        );
    });

  appliance
    .command('remove <id>')
    .description('remove a saved appliance profile and its password')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const { ok } = await engine.profiles.appliances.remove(id);
      if (!ok) throw new FieldkitError('INVALID_INPUT', `No saved appliance ${id}.`, { field: 'id' });
      ctx.io.out(o.json ? JSON.stringify({ removed: id }) : `Removed appliance ${id}.`);
    });
}
