import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { REGIONS } from '../../../shared/regions.ts';
import { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import { PENDING_UNTIL_LOGIN } from '../../../shared/cloud-connect-status-words.ts';
import { SiteActionKind, SiteDetails, type Site } from '../../../shared/schemas/sites.ts';
import type { Engine } from '../../services/engine.ts';
import type { CliContext } from '../cli-context.ts';
import { formatSiteList, formatSiteShow } from './site-text.ts';
import { regionFlag } from './region-flag.ts';

/**
 * fieldkit site list | show | add | edit | use | remove: the Cloud Connect
 * sites the app keeps (sites.json). The active site's region, CCID, service
 * URL and proxy are what `--site` and the app's pages start from.
 */

const REGION_IDS = REGIONS.map((r) => r.id).join(', ');

interface DetailFlags {
  name?: string;
  region?: string;
  ccid?: string;
  serviceUrl?: string;
  console?: string;
  build?: string;
  proxyProfile?: string;
  notes?: string;
}

/** Which flag sets which field, to name the flag when a value is refused. */
const FLAG_OF: Record<string, string> = {
  name: '<name>',
  region: '--region',
  ccid: '--ccid',
  serviceUrl: '--service-url',
  consoleAddress: '--console',
  consoleBuild: '--build',
  proxyProfileId: '--proxy-profile',
  notes: '--notes',
};

const RECORDED: Record<SiteActionKind, string> = {
  connected: 'Recorded "Login Successful" (Console shows Connected)',
  'modify-tenant': 'Recorded Modify Tenant',
  'modify-proxy': 'Recorded Modify Proxy',
  disconnect: 'Recorded Disconnect',
};

/** What the record means for the status, said once where it is recorded. */
const AFTER_RECORD: Record<SiteActionKind, (name: string) => string> = {
  connected: () => 'From the next refresh (fieldkit cloudconnect status) the site is Connected or in Error.',
  'modify-tenant': () => 'The status is unchanged.',
  'modify-proxy': (name) => `The status is unchanged; if Console now uses another proxy: fieldkit site edit "${name}" --proxy-profile ID.`,
  disconnect: (name) =>
    `The site is Disconnected: every Cloud Connect feature of this Console stops working. To connect again: fieldkit site record "${name}" connected.`,
};

function badInput(message: string, field: string, hint?: string): FieldkitError {
  return new FieldkitError('INVALID_INPUT', message, { field, ...(hint ? { hint } : {}) });
}

/** A flag's value: absent leaves the field as it was, "" clears it. */
function set(value: string | undefined, before: string | undefined): string | undefined {
  if (value === undefined) return before;
  return value.trim() === '' ? undefined : value;
}

/** The details the flags describe, on top of the site as saved (edit) or nothing (add); checked before anything is saved. */
function detailsFrom(name: string, o: DetailFlags, before: Site | undefined): SiteDetails {
  const region = o.region ?? before?.region;
  if (region === undefined) throw badInput('No region was given.', '--region', `Add --region ${REGION_IDS}.`);
  if (!Region.safeParse(region).success)
    throw badInput(`"${region}" is not a region Fieldkit knows.`, '--region', `Use --region ${REGION_IDS}.`);
  const candidate = {
    ...(before ? { id: before.id } : {}),
    name,
    region,
    consoleAddress: set(o.console, before?.consoleAddress),
    consoleBuild: set(o.build, before?.consoleBuild),
    ccid: set(o.ccid, before?.ccid),
    serviceUrl: set(o.serviceUrl, before?.serviceUrl),
    proxyProfileId: set(o.proxyProfile, before?.proxyProfileId),
    notes: set(o.notes, before?.notes),
  };
  const parsed = SiteDetails.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0]);
    throw badInput(`${flag}: ${issue.message}`, flag);
  }
  return parsed.data;
}

/** A proxy profile the user names on the command line must exist: a typo is bad input, not a failure. */
async function knownProxyProfile(engine: Engine, id: string | undefined): Promise<void> {
  if (id === undefined || (await engine.profiles.proxies.list()).some((p) => p.profile.id === id)) return;
  throw badInput(
    `There is no saved proxy profile "${id}".`,
    '--proxy-profile',
    'Save the proxy on the Diagnostics page of the app first, or leave --proxy-profile out if Console goes direct.',
  );
}

function withDetailFlags(cmd: Command): Command {
  return cmd
    .option('--ccid <id>', 'the Citrix Cloud customer ID (CCID)')
    .option('--service-url <host>', 'the Console service URL, e.g. acme.agent.adm.cloud.com')
    .option('--console <address>', "NetScaler Console on-prem's address (host, IP or https:// URL)")
    .option('--build <build>', 'the Console build, e.g. 14.1-66.12')
    .option('--proxy-profile <id>', 'the saved proxy profile Console uses (see the Diagnostics page)')
    .option('--notes <text>', 'notes for whoever comes next');
}

export function registerSiteCommand(program: Command, ctx: CliContext): void {
  const site = program
    .command('site')
    .description("Cloud Connect sites: each Console's region, CCID, service URL, proxy and onboarding progress; one is active");

  site
    .command('list')
    .description('every site; * marks the active one')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const [sites, active] = await Promise.all([engine.sites.list(), engine.sites.active()]);
      ctx.io.out(o.json ? JSON.stringify({ sites, activeSiteId: active?.id }) : formatSiteList(sites, active?.id));
    });

  site
    .command('show <name>')
    .description("a site's details, onboarding progress and the actions recorded in Console")
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const found = await engine.sites.get(name);
      const active = (await engine.sites.active())?.id === found.id;
      ctx.io.out(o.json ? JSON.stringify({ ...found, active }) : formatSiteShow(found, active));
    });

  withDetailFlags(
    site
      .command('add <name>')
      .description('add a site (the first one becomes active)')
      .option('--region <region>', REGIONS.map((r) => `${r.id} = ${r.label}`).join(', '), regionFlag)
      .option('--json', 'machine-readable output: the saved site'),
  ).action(async (name: string, o: DetailFlags & { json?: boolean }) => {
    const details = detailsFrom(name, o, undefined);
    const engine = await ctx.engine();
    await knownProxyProfile(engine, details.proxyProfileId);
    const saved = await engine.sites.save(details);
    ctx.io.out(o.json ? JSON.stringify(saved) : `Added site ${saved.name}.`);
  });

  withDetailFlags(
    site
      .command('edit <name>')
      .description('change a site: only the flags given change; an empty value ("") clears a field')
      .option('--name <new-name>', 'rename the site')
      .option('--region <region>', REGION_IDS, regionFlag)
      .option('--json', 'machine-readable output: the saved site'),
  ).action(async (name: string, o: DetailFlags & { json?: boolean }) => {
    const engine = await ctx.engine();
    const before = await engine.sites.get(name);
    const details = detailsFrom(o.name ?? before.name, o, before);
    await knownProxyProfile(engine, details.proxyProfileId);
    const saved = await engine.sites.save(details);
    ctx.io.out(o.json ? JSON.stringify(saved) : `Saved site ${saved.name}.`);
  });

  site
    .command('record <name> <action>')
    .description(
      `record what you did in Console: ${SiteActionKind.options.join(', ')} (connected = "Login Successful", Console shows Connected)`,
    )
    .option('--note <text>', 'a note kept with the action (who, which tenant, which ticket)')
    .option('--json', 'machine-readable output: the site as saved')
    .action(async (name: string, actionText: string, o: { note?: string; json?: boolean }) => {
      const kind = SiteActionKind.safeParse(actionText.toLowerCase());
      if (!kind.success)
        throw badInput(
          `"${actionText}" is not an action Fieldkit records.`,
          '<action>',
          `Use one of: ${SiteActionKind.options.join(', ')}.`,
        );
      const engine = await ctx.engine();
      const found = await engine.sites.get(name);
      const saved = await engine.sites.recordAction(found.id, { kind: kind.data, ...(o.note !== undefined ? { note: o.note } : {}) });
      ctx.io.out(o.json ? JSON.stringify(saved) : `${RECORDED[kind.data]} on ${saved.name}. ${AFTER_RECORD[kind.data](saved.name)}`);
    });

  site
    .command('restart-onboarding <name>')
    .description('start the onboarding again (after a Disconnect): steps unticked, workflow and prerequisites kept; the site is Pending')
    .option('--json', 'machine-readable output: the site as saved')
    .action(async (name: string, o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const saved = await engine.sites.restartOnboarding((await engine.sites.get(name)).id);
      ctx.io.out(o.json ? JSON.stringify(saved) : `The onboarding of ${saved.name} starts again: ${PENDING_UNTIL_LOGIN}.`);
    });

  site
    .command('use <name>')
    .description('make a site the active one')
    .option('--json', 'machine-readable output: the active site')
    .action(async (name: string, o: { json?: boolean }) => {
      const chosen = await (await ctx.engine()).sites.setActive(name);
      ctx.io.out(o.json ? JSON.stringify(chosen) : `${chosen.name} is the active site.`);
    });

  site
    .command('remove <name>')
    .description('remove a site and its onboarding progress')
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const found = await engine.sites.get(name);
      await engine.sites.remove(found.id);
      const active = await engine.sites.active();
      if (o.json) return ctx.io.out(JSON.stringify({ removed: { id: found.id, name: found.name }, activeSiteId: active?.id ?? null }));
      ctx.io.out(`Removed site ${found.name}.${active ? ` The active site is ${active.name}.` : ''}`);
    });
}
