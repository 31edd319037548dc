import type { Command } from 'commander';
import { cliHintFor, isInputError } from '../../../shared/error-catalog.ts';
import { FieldkitError, isFieldkitError } from '../../../shared/fieldkit-error.ts';
import { ALLOWLIST_GEOS, AllowlistGeo } from '../../../shared/schemas/allowlist.ts';
import { CCID_IN_A_CHECK, DEFAULT_TIMEOUTS, type AllowlistCheckSourceInput } from '../../../shared/schemas/diagnostics.ts';
import { REGIONS } from '../../../shared/regions.ts';
import { isIpAddress, isPort } from '../../../shared/schemas/network-names.ts';
import { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import type { DiagnosticsCheckInput } from '../../services/engine.ts';
import { EXIT, type CliContext } from '../cli-context.ts';
import { formatRunText } from './diagnose-text.ts';
import { siteDefaults, siteDefaultsNote, siteProxy, type SiteDefaults } from './site-defaults.ts';
import { regionFlag } from './region-flag.ts';

/** The regions the endpoint catalog knows, as --region takes them. */
const REGION_IDS = REGIONS.map((r) => r.id).join(', ');

/** The environment variable the proxy password is read from; never a command-line argument. */
export const PROXY_PASSWORD_ENV = 'FIELDKIT_PROXY_PASSWORD';

interface DiagnoseFlags {
  site?: string;
  region?: string;
  ccid?: string;
  serviceUrl?: string;
  proxy?: string;
  proxyCa: string[];
  ca: string[];
  resolve: string[];
  timeout?: string;
  concurrency?: string;
  json?: boolean;
  /** true without a VERSION: the newest stored. */
  fromAllowlist?: string | true;
  service: string[];
  geo?: string;
  requiredOnly?: boolean;
}

const FLAG_FOR_FIELD: Array<[RegExp, string]> = [
  [/^siteId/, '--site'],
  [/^region/, '--region'],
  [/^ccid/, '--ccid'],
  [/^serviceUrl/, '--service-url'],
  [/^proxy\.caFiles|^proxy\.caCertificates/, '--proxy-ca'],
  [/^proxy/, '--proxy'],
  [/^lab\.trustAnchorFiles|^extraTrustAnchors|^caFiles/, '--ca'],
  [/^timeouts/, '--timeout'],
  [/^concurrency/, '--concurrency'],
  [/^endpoints\.fromAllowlist\.filter\.services/, '--service'],
  [/^endpoints\.fromAllowlist\.filter\.geo/, '--geo'],
  [/^endpoints\.fromAllowlist/, '--from-allowlist'],
];

function flagFor(field: string | undefined): string {
  if (!field) return 'input';
  return FLAG_FOR_FIELD.find(([re]) => re.test(field))?.[1] ?? field;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function badInput(flag: string, message: string, hint: string): FieldkitError {
  return new FieldkitError('DIAG_INVALID_OPTION', message, { field: flag, hint });
}

function parsePositiveInt(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw badInput(
      flag,
      `${flag} must be a whole number from ${min} to ${max}, not "${value}".`,
      `For example ${flag} ${Math.min(max, Math.max(min, 5000))}.`,
    );
  return n;
}

/** host=addr, or host=addr:port (curl's --resolve idea) so a lab or test can point a name at a high port. */
function parseResolve(entries: string[]): { addresses: Record<string, string>; ports: Record<string, number> } {
  const addresses: Record<string, string> = {};
  const ports: Record<string, number> = {};
  for (const entry of entries) {
    const i = entry.indexOf('=');
    const host = entry.slice(0, i).trim().toLowerCase();
    const target = entry.slice(i + 1).trim();
    const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(target) ?? /^([0-9.]+):(\d{1,5})$/.exec(target);
    const addr = m ? m[1]! : target;
    const port = m ? Number(m[2]) : undefined;
    if (i <= 0 || !host || !isIpAddress(addr) || (port !== undefined && !isPort(port))) {
      throw badInput(
        '--resolve',
        `--resolve "${entry}" is not host=address or host=address:port.`,
        'Write it as --resolve trust.citrixnetworkapi.net=127.0.0.1 (an IP address after "=", optionally :port).',
      );
    }
    addresses[host] = addr;
    if (port !== undefined) ports[host] = port;
  }
  return { addresses, ports };
}

/** --from-allowlist [VERSION] with its filters; the filters alone are a mistake worth a line. */
function allowlistFromFlags(flags: DiagnoseFlags): AllowlistCheckSourceInput | undefined {
  if (flags.fromAllowlist === undefined) {
    const stray = flags.service.length
      ? '--service'
      : flags.geo !== undefined
        ? '--geo'
        : flags.requiredOnly
          ? '--required-only'
          : undefined;
    if (stray)
      throw badInput(
        stray,
        `${stray} filters an allowlist, but no --from-allowlist was given.`,
        'Add --from-allowlist (the newest stored version) or --from-allowlist VERSION.',
      );
    return undefined;
  }
  const source: AllowlistCheckSourceInput = {};
  if (flags.fromAllowlist !== true) {
    if (!/^\d{1,9}$/.test(flags.fromAllowlist) || Number(flags.fromAllowlist) < 1)
      throw badInput(
        '--from-allowlist',
        `--from-allowlist takes a stored version number, not "${flags.fromAllowlist}".`,
        'List them with fieldkit allowlist versions, or leave the number out for the newest.',
      );
    source.versionId = Number(flags.fromAllowlist);
  }
  let geo: AllowlistGeo | undefined;
  if (flags.geo !== undefined) {
    const parsed = AllowlistGeo.safeParse(flags.geo);
    if (!parsed.success) throw badInput('--geo', `"${flags.geo}" is not an allowlist geo.`, `Use --geo ${ALLOWLIST_GEOS.join(', ')}.`);
    geo = parsed.data;
  }
  if (flags.service.length || geo || flags.requiredOnly)
    source.filter = {
      ...(flags.service.length ? { services: flags.service } : {}),
      ...(geo ? { geo } : {}),
      ...(flags.requiredOnly ? { requiredOnly: true } : {}),
    };
  return source;
}

/** The check the flags ask for, and what the user should know about how it will run; a problem is a FieldkitError naming the flag. */
function checkFromFlags(
  given: DiagnoseFlags,
  env: NodeJS.ProcessEnv,
  site?: SiteDefaults,
): { input: DiagnosticsCheckInput; notes: string[] } {
  const notes: string[] = [];
  const proxyGiven = given.proxy !== undefined || given.proxyCa.length > 0;
  const flags = {
    ...given,
    region: given.region ?? site?.region,
    ccid: given.ccid ?? site?.ccid,
    serviceUrl: given.serviceUrl ?? site?.serviceUrl,
  };
  if (site) {
    notes.push(
      siteDefaultsNote(site, {
        region: given.region === undefined,
        ccid: given.ccid === undefined,
        serviceUrl: given.serviceUrl === undefined,
        proxy: !proxyGiven,
      }),
    );
  }
  const fromAllowlist = allowlistFromFlags(flags);
  // An allowlist names its hosts itself; the region only picks how tenant wildcards are checked.
  const regionFlag = flags.region ?? (fromAllowlist ? 'commercial' : undefined);
  if (!regionFlag) throw badInput('--region', 'No region was given.', `Add --region ${REGION_IDS}, or --site NAME for a saved site.`);
  const region = Region.safeParse(regionFlag);
  if (!region.success) {
    throw badInput('--region', `"${flags.region}" is not a region Fieldkit knows.`, `Use --region ${REGION_IDS}.`);
  }
  const input: DiagnosticsCheckInput = { region: region.data, ccid: flags.ccid, serviceUrl: flags.serviceUrl };
  if (fromAllowlist) input.endpoints = { fromAllowlist };
  const password = env[PROXY_PASSWORD_ENV];
  if (flags.proxy !== undefined || flags.proxyCa.length > 0) {
    input.proxy = {
      ...(flags.proxy !== undefined ? { url: flags.proxy } : {}),
      caFiles: flags.proxyCa,
      ...(password !== undefined ? { password } : {}),
    };
    if (flags.proxy === undefined) notes.push('No --proxy: the --proxy-ca certificates are trusted as a transparent interception CA.');
  }
  const fromSite = siteProxy(site, proxyGiven);
  // The site's saved profile: the environment's password stands in where the keychain has none (a jump host, a service user).
  if (fromSite) input.proxy = { ...fromSite, ...(password !== undefined ? { password } : {}) };
  if (flags.timeout !== undefined) {
    const ms = parsePositiveInt(flags.timeout, '--timeout', 100, 120_000);
    input.timeouts = Object.fromEntries(Object.keys(DEFAULT_TIMEOUTS).map((k) => [k, ms]));
  }
  if (flags.concurrency !== undefined) input.concurrency = parsePositiveInt(flags.concurrency, '--concurrency', 1, 256);
  const resolve = parseResolve(flags.resolve);
  input.lab = { resolve: resolve.addresses, ports: resolve.ports, trustAnchorFiles: flags.ca };
  if (Object.keys(resolve.addresses).length) notes.push(`--resolve overrides DNS for: ${flags.resolve.join(', ')}.`);
  return { input, notes };
}

/**
 * `fieldkit diagnose`: Check Connectivity from the command line.
 * Exit 0 when every required endpoint is reachable, 1 when one is not (or the
 * check could not complete), 2 on bad input with one line naming the flag.
 * The --json output is documented in docs/diagnose-json.md.
 */
export function registerDiagnoseCommand(program: Command, ctx: CliContext): void {
  program
    .command('diagnose')
    .description(
      'Check that every Citrix Cloud endpoint NetScaler Console Cloud Connect needs (or every outbound host a stored allowlist version lists) is reachable from this network, and why not',
    )
    .option('--site <name>', 'take the region, CCID, service URL and proxy of a saved site (fieldkit site list); flags given win')
    .option('--region <region>', REGIONS.map((r) => `${r.id} = ${r.label}`).join(', '), regionFlag)
    .option('--ccid <id>', `Citrix Cloud customer ID, 1-12 letters and digits: ${CCID_IN_A_CHECK.short} (use --service-url)`)
    .option('--service-url <host>', 'your Console service URL, e.g. acme.agent.adm.cloud.com')
    .option('--proxy <url>', `explicit proxy, http://[user@]host:port (password from ${PROXY_PASSWORD_ENV})`)
    .option(
      '--proxy-ca <file>',
      'CA of an SSL-inspecting proxy, PEM or DER (repeatable); without --proxy: transparent interception',
      collect,
      [],
    )
    .option('--ca <file>', 'extra CA trusted like a public root, PEM or DER (repeatable; labs and tests)', collect, [])
    .option('--resolve <host=addr[:port]>', 'use addr (and port) for host instead of DNS (repeatable; labs and tests)', collect, [])
    .option(
      '--timeout <ms>',
      `per-phase timeout in ms (default ${DEFAULT_TIMEOUTS.connectMs} for DNS and connect, ${DEFAULT_TIMEOUTS.tlsMs} for the rest)`,
    )
    .option('--concurrency <n>', 'endpoints checked at once (default 32)')
    .option(
      '--from-allowlist [version]',
      'check the outbound hosts a stored allowlist version lists (default: the newest) instead of the catalog',
    )
    .option('--service <name>', 'with --from-allowlist: only this allowlist service (repeatable)', collect, [])
    .option('--geo <geo>', `with --from-allowlist: only this geo (${ALLOWLIST_GEOS.join(', ')})`)
    .option('--required-only', 'with --from-allowlist: only the services the allowlist marks required')
    .option('--json', 'print the run as JSON (see docs/diagnose-json.md)')
    .action(async (_flags: DiagnoseFlags, command: Command) => {
      const flags = command.optsWithGlobals<DiagnoseFlags>();
      let check: ReturnType<typeof checkFromFlags>;
      try {
        check = checkFromFlags(flags, ctx.env, await siteDefaults(ctx, flags.site));
      } catch (err) {
        reportBadInput(ctx, err);
        return;
      }
      const engine = await ctx.engine();
      try {
        const run = await engine.diagnostics.run(check.input, {
          onProgress: (p) => {
            if (p.kind !== 'diagnostics') return;
            // Notes wait until the engine has accepted the input, so bad input stays a single line.
            if (p.event.type === 'run-started') for (const note of check.notes) ctx.io.err(`fieldkit diagnose: ${note}`);
            if (!flags.json && p.event.type === 'endpoint-finished') {
              const r = p.event.result;
              ctx.io.err(
                `[${p.event.completed}/${p.event.total}] ${r.verdictLabel}: ${r.listed}${r.host === r.listed ? '' : ` (checked as ${r.host})`}`,
              );
            }
          },
        });
        // Whether the password was used is the engine's reading of the proxy URL, reported by the run.
        const proxyUser = run.proxy?.username;
        const passwordSet = ctx.env[PROXY_PASSWORD_ENV] !== undefined;
        if (passwordSet && run.proxy && !proxyUser) {
          const where = run.proxy.profileId ? `the proxy profile ${run.proxy.profileId}` : 'the proxy URL (http://user@host:port)';
          ctx.io.err(`fieldkit diagnose: ${PROXY_PASSWORD_ENV} is set but ${where} has no user: it is not used.`);
        }
        if (proxyUser && run.proxy?.authentication === 'none') {
          ctx.io.err(
            passwordSet
              ? `fieldkit diagnose: The proxy has user ${proxyUser} but its password was not used: no credentials are sent.`
              : `fieldkit diagnose: The proxy has user ${proxyUser} but no password (none in the keychain, ${PROXY_PASSWORD_ENV} not set): no credentials are sent.`,
          );
        }
        if (run.overrides.extraTrustAnchors > 0) {
          ctx.io.err(
            `fieldkit diagnose: --ca adds ${run.overrides.extraTrustAnchors} certificate(s) trusted like public roots (interception through them is not reported).`,
          );
        }
        if (flags.json) {
          const exported = await engine.diagnostics.export({ runId: run.id, format: 'json', options: { keepProxyUsername: true } });
          ctx.io.out(exported.content);
        } else {
          ctx.io.out(formatRunText(run));
        }
        ctx.setExitCode(run.summary.verdict === 'met' ? EXIT.OK : EXIT.FAILED);
      } catch (err) {
        if (isFieldkitError(err) && isInputError(err.code)) {
          reportBadInput(ctx, err);
          return;
        }
        ctx.io.err(`fieldkit diagnose: the check failed: ${(err as Error).message}`);
        ctx.setExitCode(EXIT.FAILED);
      }
    });
}

function reportBadInput(ctx: CliContext, err: unknown): void {
  if (isFieldkitError(err)) {
    const flag = err.field?.startsWith('--') ? err.field : flagFor(err.field);
    const message = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
    const hint = cliHintFor(err.code, err.hint);
    ctx.io.err(`fieldkit diagnose: ${flag}: ${message}${hint ? ` ${hint}` : ''}`);
  } else {
    ctx.io.err(`fieldkit diagnose: ${(err as Error).message}`);
  }
  ctx.setExitCode(EXIT.USAGE);
}
