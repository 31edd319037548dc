import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { REGIONS } from '../../../shared/regions.ts';
import {
  ALLOWLIST_DIRECTIONS,
  ALLOWLIST_FORMATS,
  ALLOWLIST_GEOS,
  AllowlistDirection,
  AllowlistFormat,
  AllowlistGeo,
  CUSTOMER_ID_PATTERN,
  EXPORT_KINDS,
  ExportKind,
} from '../../../shared/schemas/allowlist.ts';
import { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import type { AllowlistExportInput } from '../../services/engine.ts';
import type { CliContext } from '../cli-context.ts';
import { PROXY_PASSWORD_ENV } from './diagnose.ts';
import { siteDefaults, siteDefaultsNote, siteProxy } from './site-defaults.ts';
import { formatAllowlistDiff, formatAllowlistVersions, formatFetch } from './allowlist-text.ts';
import { regionFlag } from './region-flag.ts';

/**
 * fieldkit allowlist fetch | versions | diff | export. Every flag is checked
 * before any request: the API allows five requests a minute.
 */

interface FilterFlags {
  service: string[];
  geo?: string;
  direction?: string;
  requiredOnly?: boolean;
}

function badInput(message: string, hint?: string, field?: string): FieldkitError {
  return new FieldkitError('INVALID_INPUT', message, { ...(hint ? { hint } : {}), ...(field ? { field } : {}) });
}

const collect = (value: string, previous: string[]) => [...previous, value];

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  schema: { safeParse(v: unknown): { success: boolean } },
): T | undefined {
  if (value === undefined) return undefined;
  if (!schema.safeParse(value).success) throw badInput(`${flag} ${value} is not one of ${allowed.join(', ')}.`, undefined, flag);
  return value as T;
}

function customerIdOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!CUSTOMER_ID_PATTERN.test(value))
    throw badInput(
      `--customer-id ${value} is not a customer ID: 1 to 12 letters and digits.`,
      'Citrix Cloud shows it under Account Settings (CCID).',
      '--customer-id',
    );
  return value;
}

function versionOf(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw badInput(`${flag} ${value} is not a version number (see "fieldkit allowlist versions").`, undefined, flag);
  return Number(value);
}

function withFilters(cmd: Command): Command {
  return cmd
    .option('--service <name>', 'only this service (repeatable)', collect, [])
    .option('--geo <geo>', `only this geography: ${ALLOWLIST_GEOS.join(', ')}`)
    .option('--direction <direction>', `only this direction: ${ALLOWLIST_DIRECTIONS.join(', ')}`)
    .option('--required-only', 'only the services Citrix marks as required');
}

function filterOf(o: FilterFlags): NonNullable<AllowlistExportInput['filter']> {
  const geo = oneOf('--geo', o.geo, ALLOWLIST_GEOS, AllowlistGeo);
  const direction = oneOf('--direction', o.direction, ALLOWLIST_DIRECTIONS, AllowlistDirection);
  return {
    ...(o.service.length > 0 ? { services: o.service } : {}),
    ...(geo ? { geo } : {}),
    ...(direction ? { direction } : {}),
    requiredOnly: o.requiredOnly === true,
  };
}

export function registerAllowlistCommand(program: Command, ctx: CliContext): void {
  const allowlist = program
    .command('allowlist')
    .description('the Citrix Cloud connectivity allowlist: fetch and keep every version, compare two, export for firewalls and proxies');

  allowlist
    .command('fetch')
    .description(
      'fetch the allowlist from the Connectivity AllowList API and keep it as a new version (conditional: unchanged keeps the last)',
    )
    .option('--site <name>', 'take the CCID, region and proxy of a saved site (fieldkit site list); flags given win')
    .option('--customer-id <id>', 'your Citrix Cloud customer ID (CCID); required for --format json')
    .option('--format <format>', `${ALLOWLIST_FORMATS.join(' or ')} (default json)`)
    .option('--geo <geo>', `${ALLOWLIST_GEOS.join(', ')} (default all)`)
    .option('--direction <direction>', `${ALLOWLIST_DIRECTIONS.join(', ')} (default all)`)
    .option('--region <region>', `chooses the base URL: ${REGIONS.map((r) => r.id).join(', ')} (default commercial)`, regionFlag)
    .option('--base-url <url>', 'the API base URL, instead of the one for the region')
    .option('--proxy <url>', `http://[user@]host:port of the site proxy (password from ${PROXY_PASSWORD_ENV})`)
    .option('--force', "ask even while the stored answer is fresh by the API's Cache-Control")
    .option('--json', 'machine-readable output')
    .action(
      async (o: {
        site?: string;
        customerId?: string;
        format?: string;
        geo?: string;
        direction?: string;
        region?: string;
        baseUrl?: string;
        proxy?: string;
        force?: boolean;
        json?: boolean;
      }) => {
        const format = oneOf('--format', o.format, ALLOWLIST_FORMATS, AllowlistFormat) ?? 'json';
        const site = await siteDefaults(ctx, o.site);
        const customerId = customerIdOf(o.customerId ?? site?.ccid);
        if (format === 'json' && customerId === undefined)
          throw badInput(
            '--format json needs --customer-id.',
            'Give your CCID, or use --format zscaler, which works without one.',
            '--customer-id',
          );
        const region = o.region === undefined ? site?.region : Region.safeParse(o.region).success ? (o.region as Region) : undefined;
        if (o.region !== undefined && region === undefined)
          throw badInput(`--region ${o.region} is not one of ${REGIONS.map((r) => r.id).join(', ')}.`, undefined, '--region');
        const geo = oneOf('--geo', o.geo, ALLOWLIST_GEOS, AllowlistGeo);
        const direction = oneOf('--direction', o.direction, ALLOWLIST_DIRECTIONS, AllowlistDirection);
        const engine = await ctx.engine();
        const password = ctx.env[PROXY_PASSWORD_ENV];
        const proxyFromSite = siteProxy(site, o.proxy !== undefined);
        if (site)
          ctx.io.err(
            `note: ${siteDefaultsNote(site, { region: o.region === undefined, ccid: o.customerId === undefined, serviceUrl: false, proxy: o.proxy === undefined })}`,
          );
        const result = await engine.allowlist.fetch({
          query: { format, ...(customerId ? { customerId } : {}), ...(geo ? { geo } : {}), ...(direction ? { direction } : {}) },
          ...(region ? { region } : {}),
          ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
          ...(o.force ? { force: true } : {}),
          ...(o.proxy ? { proxy: { url: o.proxy, ...(password ? { password } : {}) } } : {}),
          // The environment's password stands in where the site's profile has none in the keychain, as for diagnose --site.
          ...(proxyFromSite ? { proxy: { ...proxyFromSite, ...(password ? { password } : {}) } } : {}),
        });
        ctx.io.out(o.json ? JSON.stringify(result) : formatFetch(result));
      },
    );

  allowlist
    .command('versions')
    .description('the stored versions, newest first, with their age and whether they are past validUntil')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const v = engine.allowlist.versions();
      ctx.io.out(o.json ? JSON.stringify(v) : formatAllowlistVersions(v));
    });

  allowlist
    .command('diff <from> <to>')
    .description('what changed between two stored versions: services, FQDNs, CIDRs and ports added and removed')
    .option('--json', 'machine-readable output')
    .action(async (from: string, to: string, o: { json?: boolean }) => {
      const a = versionOf('<from>', from)!;
      const b = versionOf('<to>', to)!;
      const engine = await ctx.engine();
      const diff = engine.allowlist.diff({ from: a, to: b });
      ctx.io.out(o.json ? JSON.stringify(diff) : formatAllowlistDiff(diff));
    });

  withFilters(
    allowlist
      .command('export')
      .description('write a stored version as firewalls and proxies import it; the same input always gives the same bytes')
      .requiredOption('--to <kind>', EXPORT_KINDS.join(', '))
      .option('--version <id>', 'a stored version (default: the newest)')
      .option('--customer-id <id>', 'replaces CUSTOMER_ID placeholders (else * where the format allows it)')
      .option('--site <name>', 'a saved site whose CCID replaces the placeholders (--customer-id wins)')
      .option('--ip <4|6>', 'for --to cidr: IPv4 or IPv6 addresses (default 4)')
      .option('--pac-proxy <host:port>', 'for --to pac: the proxy the listed hosts go through (default DIRECT)')
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(
    async (
      o: FilterFlags & { to: string; version?: string; customerId?: string; site?: string; ip?: string; pacProxy?: string; out?: string },
    ) => {
      const kind = oneOf('--to', o.to, EXPORT_KINDS, ExportKind)!;
      const versionId = versionOf('--version', o.version);
      const customerId = customerIdOf(o.customerId ?? (await siteDefaults(ctx, o.site))?.ccid);
      if (o.ip !== undefined && o.ip !== '4' && o.ip !== '6') throw badInput(`--ip ${o.ip} is neither 4 nor 6.`, undefined, '--ip');
      let proxy: AllowlistExportInput['proxy'];
      if (o.pacProxy !== undefined) {
        const m = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(o.pacProxy);
        if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
          throw badInput(`--pac-proxy ${o.pacProxy} is not host:port.`, 'For example proxy.example.com:8080.', '--pac-proxy');
        proxy = { host: m[1]!, port: Number(m[2]) };
      }
      const filter = filterOf(o);
      const engine = await ctx.engine();
      const exported = engine.allowlist.export({
        kind,
        filter,
        ...(versionId !== undefined ? { versionId } : {}),
        ...(customerId ? { customerId } : {}),
        ...(o.ip ? { ipVersion: Number(o.ip) as 4 | 6 } : {}),
        ...(proxy ? { proxy } : {}),
      });
      for (const w of exported.warnings) ctx.io.err(`note: ${w}`);
      if (o.out) {
        writeFileSync(o.out, exported.content);
        ctx.io.err(`Wrote ${o.out}`);
      } else ctx.io.out(exported.content.replace(/\n$/, ''));
    },
  );
}
