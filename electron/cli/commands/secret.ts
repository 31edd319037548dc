import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { SecretKind, SecretRef } from '../../../shared/schemas/secrets.ts';
import { whereSecretsAreKept } from '../../../shared/secret-storage-words.ts';
import type { Engine } from '../../services/engine.ts';
import { EXIT, type CliContext } from '../cli-context.ts';

/**
 * Saves, checks and deletes secrets in the keychain from a script. The value
 * is read from standard input, never from the command line, where other users
 * and shell history would see it.
 */
export function registerSecretCommand(program: Command, ctx: CliContext): void {
  const secret = program.command('secret').description(`manage secrets in the OS keychain (kinds: ${SecretKind.options.join(', ')})`);

  secret
    .command('set <kind> <profile>')
    .description('save a secret, read from standard input (first line)')
    .option('--json', 'machine-readable output')
    .action(async (kind: string, profile: string, o: { json?: boolean }) => {
      parseKind(kind);
      const value = (await readStdin()).split(/\r?\n/)[0] ?? '';
      if (!value)
        throw new FieldkitError('INVALID_INPUT', 'No secret on standard input.', {
          hint: `Pipe it in: printf '%s' "$SECRET" | fieldkit secret set ${kind} ${profile}`,
        });
      const engine = await ctx.engine();
      const ref = await resolveRef(engine, kind, profile);
      const state = await engine.secrets.save(ref, value);
      print(
        ctx,
        o.json,
        { ...state, backend: engine.secrets.vaultStatus.backend },
        `Saved ${kind} for ${profile} ${whereSecretsAreKept(engine.secrets.vaultStatus, 'cli')}.`,
      );
    });

  secret
    .command('status <kind> <profile>')
    .description('tell whether a secret is saved (exit 1 when not)')
    .option('--json', 'machine-readable output')
    .action(async (kind: string, profile: string, o: { json?: boolean }) => {
      parseKind(kind);
      const engine = await ctx.engine();
      const state = await engine.secrets.status(await resolveRef(engine, kind, profile));
      print(ctx, o.json, state, state.saved ? 'saved' : 'not saved');
      if (!state.saved) ctx.setExitCode(EXIT.FAILED);
    });

  secret
    .command('delete <kind> <profile>')
    .description('delete a saved secret')
    .option('--json', 'machine-readable output')
    .action(async (kind: string, profile: string, o: { json?: boolean }) => {
      parseKind(kind);
      const engine = await ctx.engine();
      const state = await engine.secrets.delete(await resolveRef(engine, kind, profile));
      print(ctx, o.json, state, `Deleted ${kind} for ${profile}.`);
    });
}

/** A wrong kind is refused before the keychain or the data folder is opened. */
function parseKind(kind: string): void {
  if (!SecretKind.safeParse(kind).success) parseRef(kind, 'x');
}

function parseRef(kind: string, profileId: string) {
  const r = SecretRef.safeParse({ kind, profileId });
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path[0] === 'kind' ? 'kind' : 'profile';
    const hint = field === 'kind' ? `Use one of: ${SecretKind.options.join(', ')}.` : 'Use letters, digits, dot, dash and underscore.';
    throw new FieldkitError('INVALID_INPUT', `${field}: ${issue?.message ?? 'invalid'}`, { field, hint });
  }
  return r.data;
}

/**
 * The user names what a secret belongs to as they see it: a notification
 * channel ("Ops Slack"), a sync, or a saved profile by its name as well as by its id.
 * An id wins over a name; a name that matches nothing is taken as an id.
 */
async function resolveRef(engine: Engine, kind: string, given: string) {
  const wanted = given.trim().toLowerCase();
  if (kind === 'notification-secret' || kind === 'notification-signing-key') {
    const channels = await engine.notifications.channels();
    const match = channels.find((v) => v.channel.id === given) ?? channels.find((v) => v.channel.name.trim().toLowerCase() === wanted);
    if (match) return parseRef(kind, match.channel.id);
  }
  if (kind === 'pfx-passphrase') {
    const syncs = await engine.syncs.list();
    const match = syncs.find((s) => s.id === given) ?? syncs.find((s) => s.name.trim().toLowerCase() === wanted);
    if (match) return parseRef(kind, match.id);
  }
  const profiles =
    kind === 'proxy-password' ? engine.profiles.proxies : kind === 'appliance-password' ? engine.profiles.appliances : undefined;
  if (profiles) {
    const list = await profiles.list();
    const match = list.find((p) => p.profile.id === given) ?? list.find((p) => (p.profile.name ?? '').trim().toLowerCase() === wanted);
    if (match) return parseRef(kind, match.profile.id);
  }
  return parseRef(kind, given);
}

function print(ctx: CliContext, json: boolean | undefined, value: unknown, text: string): void {
  ctx.io.out(json ? JSON.stringify(value) : text);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
