import type { Command } from 'commander';
import { CONSOLE_PROXY_DEFAULT_PORT } from '../../../shared/cloud-connect-guide.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ProxyProfile, ProxyType } from '../../../shared/schemas/diagnostics.ts';
import { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import { whereSecretsAreKept } from '../../../shared/secret-storage-words.ts';
import type { Engine } from '../../services/engine.ts';
import type { CliContext } from '../cli-context.ts';
import { badInput, collect } from './cert-appliance-flags.ts';
import { PROXY_PASSWORD_ENV } from './diagnose.ts';

/**
 * Saved proxy profiles from the command line, for a jump host without the
 * app: the same profiles the app's Diagnostics page keeps and a site names
 * with --proxy-profile; the Basic-auth password in the keychain.
 */

const PROXY_TYPES: readonly ProxyType[] = ['explicit', 'explicit-ssl-intercepting', 'transparent-ssl-intercepting'];

interface SaveFlags {
  type?: string;
  host?: string;
  port?: string;
  user?: string;
  ca: string[];
  name?: string;
  json?: boolean;
}

/** Which flag sets which field, to name the flag when the profile's schema refuses a value. */
const FLAG_OF: Record<string, string> = {
  id: '<id>',
  name: '--name',
  type: '--type',
  host: '--host',
  port: '--port',
  username: '--user',
  caCertificates: '--ca',
};

function parsePort(text: string | undefined): number {
  if (text === undefined) return CONSOLE_PROXY_DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text))
    throw badInput(`--port ${text} is not a port number.`, 'Give a port from 1 to 65535, e.g. --port 8080.', '--port');
  return Number(text);
}

/** The profile the flags describe, checked by the same schema as the app's; CA files are read by the engine. */
async function profileFrom(engine: Engine, id: string, o: SaveFlags): Promise<SavedProxyProfile> {
  const type = PROXY_TYPES.find((t) => t === o.type?.trim().toLowerCase());
  if (!type)
    throw badInput(
      o.type === undefined ? 'No proxy type was given.' : `"${o.type}" is not a proxy type.`,
      `Use --type ${PROXY_TYPES.join(', ')}.`,
      '--type',
    );
  const caCertificates: string[] = [];
  for (const path of o.ca) caCertificates.push(...(await engine.readCaCertificates({ path })).certificates);
  const common = { id, ...(o.name !== undefined ? { name: o.name } : {}), ...(caCertificates.length ? { caCertificates } : {}) };
  let candidate: unknown;
  if (type === 'transparent-ssl-intercepting') {
    const stray = o.host !== undefined ? '--host' : o.port !== undefined ? '--port' : o.user !== undefined ? '--user' : undefined;
    if (stray)
      throw badInput(
        `A transparent SSL-intercepting proxy takes no ${stray}: nothing points at it, it intercepts on the path.`,
        'Leave it out and give the interception CA with --ca FILE, or use --type explicit-ssl-intercepting.',
        stray,
      );
    candidate = { ...common, type };
  } else {
    if (o.host === undefined) throw badInput(`An ${type} proxy needs --host.`, 'Add --host with its IP address or name.', '--host');
    candidate = { ...common, type, host: o.host, port: parsePort(o.port), ...(o.user !== undefined ? { username: o.user } : {}) };
  }
  const parsed = SavedProxyProfile.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0] ?? 'input');
    throw badInput(`${flag}: ${issue.message}`, undefined, flag);
  }
  return parsed.data as SavedProxyProfile;
}

function describe(p: ProxyProfile): string {
  const where = p.type === 'transparent-ssl-intercepting' ? '' : `  ${p.host}:${p.port}${p.username ? `  user ${p.username}` : ''}`;
  const cas = p.caCertificates?.length ? `  ${p.caCertificates.length} CA certificate${p.caCertificates.length === 1 ? '' : 's'}` : '';
  return `${p.id ?? ''}${p.name ? `  ${p.name}` : ''}  ${p.type}${where}${cas}`;
}

export function registerProxyCommand(program: Command, ctx: CliContext): void {
  const proxy = program
    .command('proxy')
    .description('save, list and remove proxy profiles (used by sites, diagnose and notifications), as the app does');

  proxy
    .command('save <id>')
    .description(`save (or replace) a proxy profile; the Basic-auth password, from ${PROXY_PASSWORD_ENV} when set, goes to the keychain`)
    .option('--type <type>', PROXY_TYPES.join(', '))
    .option('--host <host>', 'explicit proxies: its IP address or name')
    .option('--port <port>', `explicit proxies: its port (default ${CONSOLE_PROXY_DEFAULT_PORT}, Console's port to the proxy)`)
    .option('--user <name>', 'explicit proxies: the Basic-auth user (the only authentication Cloud Connect supports)')
    .option('--ca <file>', 'the CA certificate of an SSL-intercepting proxy, PEM or DER (repeatable)', collect, [])
    .option('--name <name>', 'what you call it')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: SaveFlags) => {
      const engine = await ctx.engine();
      const profile = await profileFrom(engine, id, o);
      const password = ctx.env[PROXY_PASSWORD_ENV] || undefined;
      const hasUser = 'username' in profile && Boolean(profile.username);
      if (password !== undefined && !hasUser)
        ctx.io.err(`fieldkit proxy: ${PROXY_PASSWORD_ENV} is set but the profile has no --user: no password is saved.`);
      if (profile.type === 'explicit-ssl-intercepting' && !profile.caCertificates?.length)
        ctx.io.err('fieldkit proxy: no --ca: checks through this proxy will report its interception until its CA is added.');
      const state = await engine.profiles.proxies.save(profile, hasUser ? password : undefined);
      if (o.json) return ctx.io.out(JSON.stringify(state));
      ctx.io.out(`Saved proxy profile ${describe(profile)}${hasUser ? `; ${passwordWords(engine, id, state.passwordSaved)}` : ''}.`);
    });

  proxy
    .command('list')
    .description('the saved proxy profiles')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const list = await (await ctx.engine()).profiles.proxies.list();
      if (o.json) return ctx.io.out(JSON.stringify(list));
      if (list.length === 0) return ctx.io.out('No proxy profile is saved.');
      for (const { profile, passwordSaved } of list) {
        const user = 'username' in profile && profile.username;
        ctx.io.out(`${describe(profile)}${user ? `  ${passwordSaved ? 'password saved' : 'no password'}` : ''}`);
      }
    });

  proxy
    .command('remove <id>')
    .description('remove a saved proxy profile and its password')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const users = (await engine.sites.list()).filter((s) => s.proxyProfileId === id).map((s) => s.name);
      const { ok } = await engine.profiles.proxies.remove(id);
      if (!ok)
        throw new FieldkitError('INVALID_INPUT', `No saved proxy profile ${id}.`, {
          field: 'id',
          hint: 'List them with "fieldkit proxy list".',
        });
      ctx.io.out(o.json ? JSON.stringify({ removed: id, stillUsedBy: users }) : `Removed proxy profile ${id}.`);
      if (users.length)
        ctx.io.err(
          `fieldkit proxy: ${users.join(', ')} still name${users.length === 1 ? 's' : ''} it: pick another with fieldkit site edit NAME --proxy-profile ID (or "" for none).`,
        );
    });
}

/** Where the password went; with no keychain it lives only as long as this command. */
function passwordWords(engine: Engine, id: string, saved: boolean): string {
  const vault = engine.info().vault;
  if (!saved) return `no password saved (set ${PROXY_PASSWORD_ENV}, or: fieldkit secret set proxy-password ${id})`;
  const where = `password saved ${whereSecretsAreKept(vault, 'cli')}`;
  return vault.persistent ? where : `${where}: set ${PROXY_PASSWORD_ENV} for diagnose and cloudconnect`;
}
