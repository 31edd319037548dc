import type { Command } from 'commander';
import { isInputError } from '../../../shared/error-catalog.ts';
import { isFieldkitError } from '../../../shared/fieldkit-error.ts';
import {
  DEFAULT_NAME_SCHEMA,
  NAME_SCHEMA_HELP,
  type BundleReport,
  type FleetSummary,
  type PushOptionsInput,
} from '../../../shared/schemas/certificates.ts';
import type { TaskProgress } from '../../../shared/schemas/tasks.ts';
import { DEFAULT_FLEET_CONCURRENCY, type BundleFileRefs, type Engine } from '../../services/engine.ts';
import { pushSummaryLine } from '../../../shared/push-summary-text.ts';
import { EXIT, type CliContext } from '../cli-context.ts';
import { checkPlanFormat, writeAnsiblePlan } from './cert-plan-ansible.ts';
import { registerCertExpiryCommand } from './cert-expiry.ts';
import { formatBundle, formatInventory, formatPlan, formatRemoval } from './cert-text.ts';
import { registerCertVerifyCommand } from './cert-verify.ts';
import { registerCertSyncCommand } from './cert-sync.ts';
import {
  badInput,
  collect,
  KEY_PASSPHRASE_ENV,
  parseAppliances,
  PFX_PASSPHRASE_ENV,
  timeoutOf,
  withApplianceOptions,
  type ApplianceFlags,
} from './cert-appliance-flags.ts';

export { KEY_PASSPHRASE_ENV, PASSWORD_ENV, PFX_PASSPHRASE_ENV } from './cert-appliance-flags.ts';

/**
 * fieldkit cert inventory | plan | push | remove. Appliances come from flags;
 * the password from FIELDKIT_APPLIANCE_PASSWORD (never argv), a PFX or key
 * passphrase from FIELDKIT_PFX_PASSPHRASE / FIELDKIT_KEY_PASSPHRASE.
 */

interface BundleFlags {
  cert?: string;
  key?: string;
  chain?: string;
  pfx?: string;
}

interface PushFlags extends ApplianceFlags, BundleFlags {
  vserver: string[];
  sni?: boolean;
  preserve?: boolean;
  certkey?: string;
  allowDomainChange?: boolean;
  nameSchema?: string;
  dryRun?: boolean;
  concurrency?: string;
  format?: string;
  out?: string;
}

interface RemoveFlags extends ApplianceFlags {
  certkey: string[];
  expired?: boolean;
  replaced?: boolean;
  dryRun?: boolean;
  planDigest?: string;
}

function withBundleOptions(cmd: Command): Command {
  return cmd
    .option('--cert <file>', 'certificate, PEM or DER; a fullchain.pem (leaf then intermediates) holds the chain too')
    .option('--key <file>', `PEM private key (passphrase from ${KEY_PASSPHRASE_ENV})`)
    .option('--chain <file>', 'intermediate certificates, any order; the root is not needed')
    .option('--pfx <file>', `PKCS#12 file instead of --cert/--key (passphrase from ${PFX_PASSPHRASE_ENV})`)
    .option('--vserver <name>', 'SSL vserver to bind to (repeatable)', collect, [])
    .option('--sni', 'bind as an SNI certificate')
    .option('--preserve', 'renew in place: the certkey keeps its name and bindings (the default)')
    .option('--no-preserve', "add a new certkey and move the vservers' binding to it, instead of renewing in place")
    .option(
      '--certkey <name>',
      'the certkey to renew in place (default: the one bound on --vserver, else the one for the same subject and names), or to create with --no-preserve',
    )
    .option('--allow-domain-change', 'allow the renewed certificate to name another domain (nodomaincheck)')
    .option('--name-schema <schema>', `file/certkey names: ${NAME_SCHEMA_HELP} (default ${DEFAULT_NAME_SCHEMA})`);
}

/** Loads the bundle the flags name into the engine; a bundle that cannot be pushed is bad input, with every reason. */
async function loadCliBundle(engine: Engine, o: BundleFlags, env: NodeJS.ProcessEnv): Promise<{ bundleId: string; report: BundleReport }> {
  let files: BundleFileRefs;
  let passphrase: string | undefined;
  if (o.pfx !== undefined) {
    if (o.cert || o.key || o.chain) throw badInput('Give either --pfx or --cert/--key/--chain, not both.', undefined, 'pfx');
    files = { pfx: { path: o.pfx } };
    passphrase = env[PFX_PASSPHRASE_ENV];
  } else {
    if (!o.cert || !o.key) throw badInput('No certificate: give --cert and --key (and --chain), or --pfx.', undefined, 'cert');
    files = { cert: { path: o.cert }, key: { path: o.key }, ...(o.chain ? { chain: { path: o.chain } } : {}) };
    passphrase = env[KEY_PASSPHRASE_ENV];
  }
  let loaded: Awaited<ReturnType<Engine['certificates']['loadBundle']>>;
  try {
    loaded = await engine.certificates.loadBundle({ files, passphrase });
  } catch (err) {
    if (isFieldkitError(err)) {
      // The app asks for a passphrase in a field; here it comes from an environment variable, which the hint names.
      const variable =
        err.code === 'PFX_PASSPHRASE_WRONG'
          ? PFX_PASSPHRASE_ENV
          : err.code.startsWith('BUNDLE_KEY_PASSPHRASE')
            ? KEY_PASSPHRASE_ENV
            : undefined;
      throw badInput(
        err.message,
        variable ? `Set ${variable} to the passphrase (it is never read from the command line).` : err.hint,
        err.field,
      );
    }
    throw err;
  }
  if (!loaded.report.ok) {
    const errors = loaded.report.problems.filter((p) => p.severity === 'error');
    throw badInput(`The certificate bundle cannot be pushed: ${errors.map((p) => p.message).join(' ')}`, errors[0]?.hint, 'bundle');
  }
  return loaded;
}

function pushOptions(o: PushFlags): PushOptionsInput {
  const options: PushOptionsInput = {
    vservers: o.vserver.map((name) => ({ name, sni: o.sni === true })),
    preserve: o.preserve !== false,
    allowDomainChange: o.allowDomainChange === true,
  };
  if (o.certkey !== undefined) options.certkeyName = o.certkey;
  if (o.nameSchema !== undefined) options.nameSchema = o.nameSchema;
  return options;
}

/** The task control of a CLI command: Ctrl-C's signal, and progress printed to stderr (not with --json). */
function progressPrinter(ctx: CliContext, json: boolean | undefined): { signal: AbortSignal; onProgress: (p: TaskProgress) => void } {
  return {
    signal: ctx.interrupts.signal,
    onProgress: (p) => {
      if (p.kind !== 'certificates') return;
      const e = p.event;
      // What a second Ctrl-C names as still being undone.
      if (e.phase === 'finish') ctx.interrupts.working.delete(e.appliance);
      else ctx.interrupts.working.add(e.appliance);
      if (json) return;
      if (e.phase === 'step' && e.status === 'running') return;
      const where = e.stepIndex >= 0 ? `${e.stepIndex + 1}/${e.stepCount} ` : '';
      ctx.io.err(`[${e.appliance}] ${where}${e.stepLabel}: ${e.status}${e.message && e.status !== 'done' ? ` (${e.message})` : ''}`);
    },
  };
}

function printFleet(ctx: CliContext, summary: FleetSummary): void {
  for (const r of summary.results) {
    ctx.io.out(`${r.appliance}: ${r.outcome}${r.certkey ? ` (certkey ${r.certkey})` : ''}`);
    if (r.error) ctx.io.out(`  ${r.error.message}${r.error.hint ? `\n  hint: ${r.error.hint}` : ''}`);
    for (const line of r.rollback?.restored ?? []) ctx.io.out(`  restored: ${line}`);
    for (const f of r.rollback?.failed ?? []) ctx.io.out(`  NOT restored: ${f.action}: ${f.error.message}`);
    // Said once: how to check what may be left (an appliance that stopped answering, an undo that failed).
    const failed = r.rollback?.failed ?? [];
    const check = (failed.find((f) => f.error.code === 'APPLIANCE_STOPPED_ANSWERING') ?? failed.find((f) => f.error.hint))?.error.hint;
    if (check) ctx.io.out(`  check: ${check}`);
    if (r.secondary) ctx.io.out(`  HA: ${r.secondary.message}`);
    if (r.historyProblem) ctx.io.out(`  history: ${r.historyProblem.message}`);
  }
  ctx.io.out(pushSummaryLine(summary));
}

export function registerCertCommand(program: Command, ctx: CliContext): void {
  const cert = program.command('cert').description('push certificates to NetScaler ADC appliances over NITRO, list and remove them');
  registerCertExpiryCommand(cert, ctx);
  registerCertVerifyCommand(cert, ctx);

  withApplianceOptions(cert.command('inventory').description('list the certkeys of each appliance, soonest expiry first')).action(
    async (o: ApplianceFlags) => {
      const refs = parseAppliances(o, ctx.env);
      const timeoutMs = timeoutOf(o);
      const engine = await ctx.engine();
      const out: unknown[] = [];
      for (const ref of refs) {
        try {
          const inv = await engine.certificates.inventory({ appliance: ref, timeoutMs });
          out.push(inv);
          if (!o.json) ctx.io.out(formatInventory(inv));
        } catch (err) {
          const info = engine.describeFailure(err);
          out.push({ appliance: ref.profile.host, error: info });
          if (!o.json) ctx.io.out(`${String(ref.profile.host)}: ${info.message}${info.hint ? ` (${info.hint})` : ''}`);
          ctx.setExitCode(EXIT.FAILED);
        }
      }
      if (o.json) ctx.io.out(JSON.stringify(out.length === 1 ? out[0] : out));
    },
  );

  const plan = async (o: PushFlags) => {
    const refs = parseAppliances(o, ctx.env);
    const options = pushOptions(o);
    const timeoutMs = timeoutOf(o);
    const format = checkPlanFormat(o.format, o.out);
    const engine = await ctx.engine();
    const { bundleId, report } = await loadCliBundle(engine, o, ctx.env);
    if (format === 'ansible')
      return writeAnsiblePlan(ctx, engine, { bundleId, appliances: refs, options, timeoutMs, out: o.out!, json: o.json });
    if (!o.json) ctx.io.out(formatBundle(report));
    const outcomes = await engine.certificates.plan({ bundleId, appliances: refs, options, timeoutMs });
    const out = outcomes.map((outcome, i) => {
      if ('plan' in outcome) {
        if (!o.json) ctx.io.out(formatPlan(outcome.plan));
        return outcome.plan;
      }
      const host = String(refs[i]!.profile.host);
      // Failures name their appliance already ("host:port: ..."); others get the host in front.
      const message = outcome.error.message.startsWith(host) ? outcome.error.message : `${host}: ${outcome.error.message}`;
      if (!o.json) ctx.io.out(`${message}${outcome.error.hint ? ` (${outcome.error.hint})` : ''}`);
      // A choice only the user can make (which certkey to renew, a change of names) is a usage error, as a bad flag is.
      ctx.setExitCode(isInputError(outcome.error.code) ? EXIT.USAGE : EXIT.FAILED);
      return { appliance: host, error: outcome.error };
    });
    if (o.json) ctx.io.out(JSON.stringify({ bundle: report, plans: out }));
  };

  withBundleOptions(
    withApplianceOptions(cert.command('plan').description('show the exact NITRO calls a push would make, changing nothing')),
  )
    .option('--format <format>', 'text (default), or ansible: write the plan as an Ansible playbook and inventory to --out')
    .option('--out <folder>', 'new or empty folder for --format ansible')
    .action(plan);

  withBundleOptions(
    withApplianceOptions(
      cert.command('push').description('push a certificate to one or more appliances, rolling back any appliance where a step fails'),
    ),
  )
    .option('--dry-run', 'plan only (same as "cert plan")')
    .option('--concurrency <n>', `appliances at a time (default ${DEFAULT_FLEET_CONCURRENCY})`)
    .action(async (o: PushFlags) => {
      if (o.dryRun) return plan(o);
      const refs = parseAppliances(o, ctx.env);
      const options = pushOptions(o);
      const timeoutMs = timeoutOf(o);
      const concurrency = o.concurrency === undefined ? DEFAULT_FLEET_CONCURRENCY : Number(o.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw badInput(`--concurrency ${o.concurrency} is not a whole number from 1 to 64.`, undefined, 'concurrency');
      const engine = await ctx.engine();
      const { bundleId, report } = await loadCliBundle(engine, o, ctx.env);
      if (!o.json) ctx.io.out(formatBundle(report));
      // The push honours Ctrl-C: it undoes what it applied before the command ends.
      const release = ctx.interrupts.hold();
      let summary: FleetSummary;
      try {
        summary = await engine.certificates.push(
          { bundleId, appliances: refs, options, concurrency, timeoutMs },
          progressPrinter(ctx, o.json),
        );
      } finally {
        release();
      }
      if (o.json) ctx.io.out(JSON.stringify(summary));
      else printFleet(ctx, summary);
      if (summary.failed.length > 0 || summary.rolledBack.length > 0) ctx.setExitCode(EXIT.FAILED);
      if (summary.results.some((r) => r.error !== undefined && r.error.step === 'plan' && isInputError(r.error.code)))
        ctx.setExitCode(EXIT.USAGE);
      if (summary.interrupted.length > 0) ctx.setExitCode(EXIT.INTERRUPTED);
    });

  withApplianceOptions(
    cert.command('remove').description('remove certificates Fieldkit put on the appliances once expired or replaced, or named ones'),
  )
    .option('--certkey <name>', 'a certkey to remove even if Fieldkit did not create it (repeatable)', collect, [])
    .option('--expired', "remove Fieldkit's expired certkeys")
    .option('--replaced', "remove Fieldkit's certkeys that a later-expiring certkey of the same subject replaced, when nothing uses them")
    .option('--dry-run', 'show what would be removed, changing nothing')
    .option('--plan-digest <digest>', 'remove only if the plan is still the one a dry run showed with this digest (one appliance)')
    .action(async (o: RemoveFlags) => {
      if (o.certkey.length === 0 && !o.expired && !o.replaced)
        throw badInput('Nothing to remove: give --certkey NAME, --expired or --replaced.', undefined, 'certkey');
      const refs = parseAppliances(o, ctx.env);
      if (o.planDigest !== undefined && (refs.length !== 1 || !/^[0-9a-f]{16}$/.test(o.planDigest)))
        throw badInput(
          `--plan-digest ${o.planDigest} must be the 16-character digest a dry run printed, for one appliance.`,
          undefined,
          'planDigest',
        );
      const timeoutMs = timeoutOf(o);
      const engine = await ctx.engine();
      const results = [];
      for (const ref of refs) {
        const r = await engine.certificates.remove(
          {
            appliance: ref,
            options: { certkeys: o.certkey, expired: o.expired === true, replaced: o.replaced === true },
            dryRun: o.dryRun === true,
            ...(o.planDigest !== undefined ? { approved: { planDigest: o.planDigest } } : {}),
            timeoutMs,
          },
          progressPrinter(ctx, o.json),
        );
        results.push(r);
        if (r.outcome === 'failed' || r.outcome === 'rolled-back') ctx.setExitCode(EXIT.FAILED);
        if (!o.json) ctx.io.out(formatRemoval(r, o.dryRun === true));
      }
      if (o.json) ctx.io.out(JSON.stringify(results.length === 1 ? results[0] : results));
    });

  registerCertSyncCommand(cert, ctx);
}
