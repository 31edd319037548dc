import type { Command } from 'commander';
import { STATE_LABELS } from '../../../shared/schemas/cloud-connect-status.ts';
import {
  CHANNEL_KIND_LABELS,
  CHANNEL_SECRET_LABELS,
  ChannelKind,
  PagerDutySeverity,
  type ChannelSaveInput,
  type ChannelView,
} from '../../../shared/schemas/notifications.ts';
import { webhookHostFit } from '../../../shared/webhook-hosts.ts';
import type { Engine } from '../../services/engine.ts';
import { whereSecretsAreKept } from '../../../shared/secret-storage-words.ts';
import { EXIT, type CliContext } from '../cli-context.ts';
import { badInput, collect } from './cert-appliance-flags.ts';

/** The channel's webhook URL, routing key or password, and a signed webhook's key: from the environment, never from a flag (shell history). */
export const NOTIFY_SECRET_ENV = 'FIELDKIT_NOTIFY_SECRET';
export const NOTIFY_SIGNING_KEY_ENV = 'FIELDKIT_NOTIFY_SIGNING_KEY';

interface AddFlags {
  severity?: string;
  instanceUrl?: string;
  user?: string;
  assignmentGroup?: string;
  caller?: string;
  closeCode?: string;
  signatureHeader?: string;
  site: string[];
  proxyProfile?: string;
  disabled?: boolean;
  cloudconnectStatus: boolean;
  json?: boolean;
}

/**
 * fieldkit notify: the same notification channels as the app's Notifications
 * tab, for a jump host that runs `fieldkit cloudconnect watch`.
 */
export function registerNotifyCommand(program: Command, ctx: CliContext): void {
  const notify = program
    .command('notify')
    .description('Cloud Connect status notification channels (Slack, PagerDuty, ServiceNow, Teams, signed webhook, desktop)');

  notify
    .command('channels')
    .description('the saved channels, and whether each has its secret in the keychain')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const engine = await ctx.engine();
      const views = await engine.notifications.channels();
      if (o.json) return ctx.io.out(JSON.stringify(views));
      if (views.length === 0) return ctx.io.out('No notification channel is saved.');
      const names = await siteNames(engine);
      for (const v of views) ctx.io.out(channelLine(v, names));
    });

  notify
    .command('add <kind> <name>')
    .description(
      `add a channel (kinds: ${ChannelKind.options.join(', ')}); its URL, routing key or password from ${NOTIFY_SECRET_ENV}, a webhook's signing key from ${NOTIFY_SIGNING_KEY_ENV}`,
    )
    .option('--severity <severity>', `PagerDuty: ${PagerDutySeverity.options.join(', ')} (default critical)`)
    .option('--instance-url <url>', 'ServiceNow: https://<instance>.service-now.com')
    .option('--user <name>', 'ServiceNow: the user the incidents are created as')
    .option('--assignment-group <group>', 'ServiceNow: assignment group (name or sys_id)')
    .option('--caller <user>', 'ServiceNow: caller (user name or sys_id)')
    .option('--close-code <code>', 'ServiceNow: resolution code on recovery (default "Solution provided")')
    .option('--signature-header <name>', 'webhook: the header carrying the signature (default X-Fieldkit-Signature)')
    .option('--site <name>', 'only this site, by name or id (repeat for several); default every site', collect, [])
    .option('--proxy-profile <id>', 'send through this saved proxy profile')
    .option('--disabled', 'save it switched off')
    .option('--no-cloudconnect-status', 'save it with the CloudConnectStatus category off')
    .option('--json', 'machine-readable output')
    .action(async (kindText: string, name: string, o: AddFlags) => {
      const kind = ChannelKind.safeParse(kindText);
      if (!kind.success) throw badInput(`"${kindText}" is not a channel kind.`, `Use one of: ${ChannelKind.options.join(', ')}.`, 'kind');
      const secret = ctx.env[NOTIFY_SECRET_ENV] || undefined;
      const signingKey = ctx.env[NOTIFY_SIGNING_KEY_ENV] || undefined;
      const engine = await ctx.engine();
      const fit = secret === undefined ? undefined : webhookHostFit(kind.data, secret);
      // A site as the user knows it (its name) or its id; an unknown one is SITE_NOT_FOUND, bad input.
      const siteIds = await Promise.all(o.site.map(async (s) => (await engine.sites.get(s)).id));
      const view = await engine.notifications.save({
        channel: channelFrom(kind.data, name, { ...o, site: [...new Set(siteIds)] }),
        ...(secret ? { secret } : {}),
        ...(signingKey ? { signingKey } : {}),
      });
      // Another vendor's URL was refused by the engine; an undocumented host is saved with a warning.
      if (fit?.fits === 'unknown') ctx.io.err(`fieldkit notify: warning: ${fit.message}`);
      if (o.json) return ctx.io.out(JSON.stringify(view));
      ctx.io.out(`Saved ${channelLine(view, await siteNames(engine), whereSecretsAreKept(engine.secrets.vaultStatus, 'cli'))}`);
    });

  notify
    .command('remove <name>')
    .description('remove a channel, its secrets and what it still had to send')
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: { json?: boolean }) => {
      const { ok } = await (await ctx.engine()).notifications.remove(name);
      if (!ok) throw badInput(`There is no notification channel "${name}".`, 'List them with "fieldkit notify channels".', 'name');
      ctx.io.out(o.json ? JSON.stringify({ removed: name }) : `Removed the channel "${name}".`);
    });

  notify
    .command('test <name>')
    .description(
      `send a test notification through a channel now; exit 1 when the service refuses it. With no secret saved (no keychain), ${NOTIFY_SECRET_ENV} and ${NOTIFY_SIGNING_KEY_ENV} are used for this run`,
    )
    .option('--json', 'machine-readable output')
    .action(async (name: string, o: { json?: boolean }) => {
      const secret = ctx.env[NOTIFY_SECRET_ENV] || undefined;
      const signingKey = ctx.env[NOTIFY_SIGNING_KEY_ENV] || undefined;
      const result = await (
        await ctx.engine()
      ).notifications.test(name, { ...(secret ? { secret } : {}), ...(signingKey ? { signingKey } : {}) });
      if (!result.ok) ctx.setExitCode(EXIT.FAILED);
      if (!result.ok && !o.json) {
        const view = await (await ctx.engine()).notifications.channel(result.channelId);
        if (!view.secretSaved && !secret)
          ctx.io.err(
            `Set ${NOTIFY_SECRET_ENV} for this run, or save it: printf '%s' "$SECRET" | fieldkit secret set notification-secret "${result.channelName}".`,
          );
        if (view.signingKeySaved === false && !signingKey)
          ctx.io.err(
            `Set ${NOTIFY_SIGNING_KEY_ENV} for this run, or save it: printf '%s' "$KEY" | fieldkit secret set notification-signing-key "${result.channelName}".`,
          );
      }
      if (result.usedForThisRun && !o.json)
        ctx.io.err(`${result.channelName}: no secret is saved for it here; using ${envNames(result.usedForThisRun)} for this run only.`);
      ctx.io.out(o.json ? JSON.stringify(result) : `${result.channelName}: ${result.ok ? 'sent' : 'not sent'}. ${result.answer}`);
    });

  notify
    .command('outbox')
    .description('notifications still to be sent, being retried, or given up, with the last answer')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const entries = await (await ctx.engine()).notifications.outbox();
      if (o.json) return ctx.io.out(JSON.stringify(entries));
      if (entries.length === 0) return ctx.io.out('Nothing is waiting to be sent.');
      for (const e of entries) {
        const when = e.status === 'failed' && e.nextAttemptAt ? `, next try ${e.nextAttemptAt}` : '';
        const error = e.lastError ? `: ${e.lastError}` : '';
        ctx.io.out(
          `${e.status}  ${e.channelName}  ${e.notification.siteName} ${STATE_LABELS[e.notification.state]} (${e.notification.kind}, ${e.attempts} tries${when})${error}`,
        );
      }
    });
}

function channelFrom(kind: ChannelKind, name: string, o: AddFlags): ChannelSaveInput['channel'] {
  const common = {
    name,
    enabled: !o.disabled,
    cloudConnectStatus: o.cloudconnectStatus,
    ...(o.site.length ? { siteIds: o.site } : {}),
    ...(o.proxyProfile ? { proxyProfileId: o.proxyProfile } : {}),
  };
  switch (kind) {
    case 'pagerduty': {
      if (o.severity === undefined) return { ...common, kind };
      const severity = PagerDutySeverity.safeParse(o.severity);
      if (!severity.success)
        throw badInput(`"${o.severity}" is not a PagerDuty severity.`, `Use one of: ${PagerDutySeverity.options.join(', ')}.`, 'severity');
      return { ...common, kind, severity: severity.data };
    }
    case 'servicenow':
      if (!o.instanceUrl || !o.user) throw badInput('A ServiceNow channel needs --instance-url and --user.', undefined, 'instanceUrl');
      return {
        ...common,
        kind,
        instanceUrl: o.instanceUrl,
        username: o.user,
        ...(o.assignmentGroup ? { assignmentGroup: o.assignmentGroup } : {}),
        ...(o.caller ? { callerId: o.caller } : {}),
        ...(o.closeCode ? { closeCode: o.closeCode } : {}),
      };
    case 'webhook':
      return { ...common, kind, ...(o.signatureHeader ? { signatureHeader: o.signatureHeader } : {}) };
    default:
      return { ...common, kind };
  }
}

/** Site id → name, so a channel's sites read as the user named them. */
async function siteNames(engine: Engine): Promise<Map<string, string>> {
  return new Map((await engine.sites.list()).map((s) => [s.id, s.name]));
}

function envNames(used: Array<'secret' | 'signingKey'>): string {
  return used.map((u) => (u === 'secret' ? NOTIFY_SECRET_ENV : NOTIFY_SIGNING_KEY_ENV)).join(' and ');
}

/** `where` says where a secret just saved is kept (right after `notify add`); a listing only says whether it is there. */
function channelLine({ channel: c, secretSaved, signingKeySaved }: ChannelView, names: Map<string, string>, where?: string): string {
  const saved = where ? `saved ${where}` : 'saved';
  const secretLabel = CHANNEL_SECRET_LABELS[c.kind];
  const parts = [
    `${c.name} (${CHANNEL_KIND_LABELS[c.kind]})`,
    c.enabled ? 'on' : 'off',
    `CloudConnectStatus ${c.cloudConnectStatus ? 'on' : 'off'}`,
    c.siteIds ? `sites ${c.siteIds.map((id) => names.get(id) ?? `${id} (removed)`).join(', ')}` : 'every site',
  ];
  if (secretLabel) parts.push(`${secretLabel.toLowerCase()} ${secretSaved ? saved : 'NOT saved'}`);
  if (signingKeySaved !== undefined) parts.push(`signing key ${signingKeySaved ? saved : 'NOT saved'}`);
  return parts.join('  ');
}
