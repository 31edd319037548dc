import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SyncInput } from '../../../shared/schemas/syncs.ts';
import type { Engine } from '../../services/engine.ts';
import { EXIT, type CliContext } from '../cli-context.ts';
import { formatSyncList, formatSyncRun, formatSyncShow, formatWatchEvent } from './cert-sync-text.ts';
import { badInput, collect } from './cert-appliance-flags.ts';

/**
 * fieldkit cert sync list | show | add | remove | run | watch. A sync names
 * saved appliance profiles (their passwords are in the keychain), so `run`
 * fits an ACME client's deploy hook and `watch` a service: neither needs a
 * password on the command line or in the environment. A PFX or key
 * passphrase comes from FIELDKIT_PFX_PASSPHRASE when the sync is saved.
 */

const PFX_PASSPHRASE_ENV = 'FIELDKIT_PFX_PASSPHRASE';

interface SaveFlags {
  description?: string;
  cert?: string;
  key?: string;
  chain?: string;
  pfx?: string;
  appliance: string[];
  partition?: string;
  vserver: string[];
  sni?: boolean;
  preserve: boolean;
  removeExpired?: boolean;
  nameSchema?: string;
  certkey?: string;
  fromJson?: string;
  json?: boolean;
}

/** The sync the flags describe; on a change, what the flags leave out stays as saved. */
function syncFromFlags(name: string, o: SaveFlags, before: SyncInput | undefined): Parameters<Engine['syncs']['save']>[0] {
  if (o.fromJson !== undefined) {
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(readFileSync(o.fromJson === '-' ? 0 : o.fromJson, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw badInput(`The JSON file ${o.fromJson} could not be read: ${(err as Error).message}`, undefined, 'fromJson');
    }
    const source = doc['source'] as Record<string, string> | undefined;
    const refs = source && {
      kind: source['kind'],
      ...Object.fromEntries(
        ['cert', 'key', 'chain', 'pfx'].filter((k) => typeof source[k] === 'string').map((k) => [k, { path: source[k] }]),
      ),
    };
    return { ...doc, name, ...(before ? { id: before.id } : {}), source: refs } as Parameters<Engine['syncs']['save']>[0];
  }
  if (o.pfx !== undefined && (o.cert || o.key || o.chain))
    throw badInput('Give either --pfx or --cert/--key/--chain, not both.', undefined, 'pfx');
  let source: Parameters<Engine['syncs']['save']>[0]['source'];
  if (o.pfx !== undefined) source = { kind: 'pfx', pfx: { path: o.pfx } };
  else if (o.cert !== undefined || o.key !== undefined) {
    if (!o.cert || !o.key)
      throw badInput('Give both --cert and --key (and --chain when the chain is a file of its own).', undefined, 'cert');
    source = { kind: 'pem', cert: { path: o.cert }, key: { path: o.key }, ...(o.chain ? { chain: { path: o.chain } } : {}) };
  } else if (!before)
    throw badInput(
      'No certificate files: give --cert and --key (or --pfx).',
      'For certbot: --cert /etc/letsencrypt/live/<name>/fullchain.pem --key /etc/letsencrypt/live/<name>/privkey.pem',
      'cert',
    );
  const destinations =
    o.appliance.length > 0
      ? o.appliance.map((applianceId) => ({ applianceId, ...(o.partition ? { partition: o.partition } : {}) }))
      : before?.destinations;
  if (!destinations) throw badInput('No appliance: give --appliance <saved profile id> (repeat for several).', undefined, 'appliance');
  const options = {
    preserve: o.preserve,
    removeExpired: o.removeExpired ?? before?.options?.removeExpired ?? false,
    ...((o.nameSchema ?? before?.options?.nameSchema) ? { nameSchema: o.nameSchema ?? before?.options?.nameSchema } : {}),
    ...((o.certkey ?? before?.options?.certkeyName) ? { certkeyName: o.certkey ?? before?.options?.certkeyName } : {}),
  };
  return {
    ...(before ? { id: before.id } : {}),
    name,
    ...((o.description ?? before?.description) ? { description: o.description ?? before?.description } : {}),
    source,
    destinations,
    vservers: o.vserver.length > 0 ? o.vserver.map((v) => ({ name: v, sni: o.sni === true })) : (before?.vservers ?? []),
    options,
  };
}

export function registerCertSyncCommand(cert: Command, ctx: CliContext): void {
  const sync = cert
    .command('sync')
    .description('saved syncs: certificate files on disk pushed to saved appliances whenever they are renewed');

  sync
    .command('list')
    .description('list saved syncs with their last run and certificate expiry')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const syncs = await engine.syncs.list();
      ctx.io.out(o.json ? JSON.stringify(syncs) : formatSyncList(syncs));
    });

  sync
    .command('show <name>')
    .description('show a sync: its files, appliances, options and last run')
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const definition = await engine.syncs.definition({ sync: name });
      const status = await engine.syncs.status({ sync: name });
      ctx.io.out(o.json ? JSON.stringify({ sync: definition, ...status }) : formatSyncShow(definition, status));
    });

  sync
    .command('add <name>')
    .alias('save')
    .description('save a sync (or change the one of that name)')
    .option('--description <text>', 'what it is for')
    .option('--cert <file>', 'PEM certificate, e.g. certbot live/<name>/fullchain.pem (may hold the chain after it)')
    .option('--key <file>', 'PEM private key, e.g. certbot live/<name>/privkey.pem')
    .option('--chain <file>', 'PEM intermediate certificates, when they are a file of their own')
    .option('--pfx <file>', `PKCS#12 file instead of --cert/--key (passphrase from ${PFX_PASSPHRASE_ENV}, kept in the keychain)`)
    .option('--appliance <id>', 'saved appliance profile to push to (repeat for several)', collect, [])
    .option('--partition <name>', "admin partition on those appliances (default: the profile's)")
    .option('--vserver <name>', 'SSL vserver to bind to (repeatable)', collect, [])
    .option('--sni', 'bind as an SNI certificate')
    .option('--no-preserve', 'make a new certkey on each renewal and move the bindings, instead of changing the certkey in place')
    .option('--remove-expired', 'after a successful run, remove the expired or replaced certkeys this sync created')
    .option('--name-schema <schema>', 'file/certkey names for new certkeys')
    .option('--certkey <name>', 'certkey to keep updating')
    .option('--from-json <file>', 'the sync as JSON (source paths, destinations, vservers, options); "-" reads stdin')
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: SaveFlags) => {
      const engine = await ctx.engine();
      const before = (await engine.syncs.list()).some((s) => s.name === name) ? await engine.syncs.definition({ sync: name }) : undefined;
      const input = syncFromFlags(name, o, before);
      const passphrase = ctx.env[PFX_PASSPHRASE_ENV];
      const saved = await engine.syncs.save({ ...input, ...(passphrase ? { passphrase } : {}) });
      ctx.io.out(
        o.json
          ? JSON.stringify(saved)
          : `${before ? 'Changed' : 'Saved'} sync ${saved.name}. Run it with "fieldkit cert sync run ${saved.name}".`,
      );
    });

  sync
    .command('remove <name>')
    .description('forget a sync (nothing on the appliances changes)')
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: { json?: boolean }) => {
      const engine = await ctx.engine();
      await engine.syncs.remove({ sync: name });
      ctx.io.out(o.json ? JSON.stringify({ removed: name }) : `Removed sync ${name}.`);
    });

  sync
    .command('run <name>')
    .description(
      "push the sync's certificate when the appliances do not have it yet; fits an ACME deploy hook (exit 0 pushed or unchanged, 1 failed)",
    )
    .option('--force', 'push even when the appliances already have this certificate')
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: { force?: boolean; json?: boolean }) => {
      const engine = await ctx.engine();
      // The push honours Ctrl-C: it undoes what it applied before the command ends.
      const release = ctx.interrupts.hold();
      try {
        const run = await engine.syncs.run({ sync: name, ...(o.force ? { force: true } : {}) }, { signal: ctx.interrupts.signal });
        ctx.io.out(o.json ? JSON.stringify(run) : formatSyncRun(run));
        if (run.outcome === 'failed') ctx.setExitCode(EXIT.FAILED);
        if (run.outcome === 'interrupted') ctx.setExitCode(EXIT.INTERRUPTED);
      } finally {
        release();
      }
    });

  sync
    .command('watch [names...]')
    .description("watch the syncs' files and push each renewal once it is completely written; runs until Ctrl-C or SIGTERM")
    .option('--settle <ms>', 'how long the files must stay unchanged before they are read', '500')
    .option('--poll', "look at the files' times instead of waiting for change events (network shares)")
    .option('--json', 'one JSON event per line')
    .action(async (names: string[], o: { settle: string; poll?: boolean; json?: boolean }) => {
      const settleMs = Number(o.settle);
      if (!Number.isInteger(settleMs) || settleMs < 50 || settleMs > 60_000)
        throw badInput(`--settle ${o.settle} is not a number of milliseconds between 50 and 60000.`, undefined, 'settle');
      const engine = await ctx.engine();
      const release = ctx.interrupts.hold();
      try {
        await engine.syncs.watch(
          { syncs: names, settleMs, ...(o.poll ? { poll: true } : {}) },
          {
            signal: ctx.interrupts.signal,
            onEvent: (e) => ctx.io.out(o.json ? JSON.stringify(e) : formatWatchEvent(e)),
          },
        );
      } finally {
        release();
      }
    });
}
