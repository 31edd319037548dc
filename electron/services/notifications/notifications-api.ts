import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parseInput } from '../../../shared/input-schema.ts';
import { webhookHostFit } from '../../../shared/webhook-hosts.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { networkUnreachableHint } from '../../../shared/network-actions.ts';
import { StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import type { SecretRef } from '../../../shared/schemas/secrets.ts';
import {
  ChannelSaveInput,
  DEFAULT_SERVICENOW_CLOSE_CODE,
  DEFAULT_SIGNATURE_HEADER,
  NotificationChannel,
  type ChannelTestResult,
  type ChannelView,
  type OutboxEntry,
  type NotificationsFile,
  type OutboxStatus,
} from '../../../shared/schemas/notifications.ts';
import { openAllowlistConnection, type AllowlistConnectionOptions } from '../allowlist/allowlist-connection.ts';
import type { Logger } from '../log/logger.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';
import { resolveProxyChoice, type ProxyChoiceDeps } from '../network/proxy-choice.ts';
import type { Secrets } from '../vault/secrets.ts';
import { deliver, secretRef, signingKeyRef, type DesktopSink } from './channel-delivery.ts';
import { createDeliveryLoop } from './delivery-loop.ts';
import { NOTIFY_USER_AGENT, REQUEST_TIMEOUT_MS, type SendOutcome } from './notification-http.ts';
import type { NotificationOutbox, OutboxRow } from './notification-outbox.ts';
import type { NotificationsStore } from './notifications-store.ts';
import { PAGERDUTY_EVENTS_URL } from './pagerduty-event.ts';
import { nextAttempt } from './retry-schedule.ts';

/**
 * Notification channels and reliable delivery. The status monitor decides
 * when to notify and calls enqueue(); the outbox (SQLite) sends each
 * notification once per channel, retrying with backoff, across restarts.
 */
/** Secrets for one "Send test" only, where none is saved (the CLI without a keychain); never stored. */
export interface TestSecrets {
  secret?: string;
  signingKey?: string;
}

export interface NotificationsApi {
  channels(): Promise<ChannelView[]>;
  /** By id, or by name regardless of case (what a CLI user types). */
  channel(idOrName: string): Promise<ChannelView>;
  /** Adds (no id) or changes a channel; secrets are written only when given and go to the keychain. */
  save(input: ChannelSaveInput): Promise<ChannelView>;
  /** The channel, its secrets and its undelivered notifications. */
  remove(idOrName: string): Promise<{ ok: boolean }>;
  /** "Send test": a test notification through this channel now, not through the outbox; the vendor's answer in words. */
  test(idOrName: string, forThisRun?: TestSecrets): Promise<ChannelTestResult>;
  /** Undelivered and given-up notifications, newest first (sent ones when asked for). */
  outbox(input?: { statuses?: OutboxStatus[] | undefined; limit?: number | undefined }): Promise<OutboxEntry[]>;
  /**
   * Queues a notification for every channel that takes it (enabled, CloudConnectStatus on, the site in its filter).
   * The same id twice, also after a restart, queues nothing: each event is sent once per channel.
   */
  enqueue(n: StatusNotification): Promise<{ queued: number }>;
  /**
   * The same, at once, with the channels as last read (the delivery loop reads them again on every pass): the status
   * monitor queues inside the transaction that records the transition, so a crash loses neither or both.
   */
  enqueueNow(n: StatusNotification): { queued: number };
  /** One pass over the outbox: everything due is tried once. */
  deliverDue(): Promise<DeliveryPass>;
  /** Delivery in the background while the engine is open (the app, `fieldkit cloudconnect watch`). */
  startDelivery(opts?: { intervalMs?: number }): void;
  stopDelivery(): Promise<void>;
}

export interface DeliveryPass {
  sent: number;
  failed: number;
  givenUp: number;
}

/** Lab and test overrides: roots treated as public, timeouts, PagerDuty's address. Never on unless passed. */
export interface NotificationsOverrides {
  connection?: Pick<AllowlistConnectionOptions, 'extraTrustAnchors' | 'includeSystemTrust' | 'env' | 'connectTimeoutMs'>;
  timeoutMs?: number;
  pagerDutyUrl?: string;
}

export interface NotificationsDeps {
  store: NotificationsStore;
  outbox: NotificationOutbox;
  secrets: Secrets;
  redactor: SecretRedactor;
  proxies: ProxyChoiceDeps['proxies'];
  logger: Logger;
  desktop?: DesktopSink | undefined;
  now?: () => Date;
  /** 0 ≤ r < 1 for the retry jitter. */
  random?: () => number;
  overrides?: NotificationsOverrides;
  /** How long a row stays "sending" before another pass takes it as abandoned (a process stopped mid-request). */
  leaseMs?: number;
}

/** Longer than a request can take (two timeouts), so a live send is never taken for an abandoned one. */
const SENDING_LEASE_MS = 2 * 60_000;

/** The kinds whose secret is a URL: it must be https, and its path and query are secret too (Slack's token is in the path). */
const URL_SECRET_KINDS = new Set(['slack', 'teams', 'webhook']);

export function createNotificationsApi(deps: NotificationsDeps): NotificationsApi {
  const now = deps.now ?? (() => new Date());
  const overrides = deps.overrides ?? {};
  const loop = createDeliveryLoop(
    () => deliverDue(),
    (err) => deps.logger.warn(`Notification delivery pass failed: ${err instanceof Error ? err.message : String(err)}`),
  );

  /** A URL secret is echoed back in parts (a receiver quoting its path): every part long enough to be the token is scrubbed. */
  function rememberParts(value: string): void {
    deps.redactor.remember(value);
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      return;
    }
    deps.redactor.remember(`${url.pathname}${url.search}`);
    for (const part of url.pathname.split('/')) if (part.length >= 12) deps.redactor.remember(part);
    for (const v of url.searchParams.values()) if (v.length >= 12) deps.redactor.remember(v);
  }
  const secrets = {
    async reveal(ref: Parameters<Secrets['reveal']>[0]) {
      const value = await deps.secrets.reveal(ref);
      if (value !== null) rememberParts(value);
      return value;
    },
  };

  async function find(idOrName: string): Promise<NotificationChannel> {
    const { channels } = await deps.store.current();
    const channel = channels.find((c) => c.id === idOrName) ?? channels.find((c) => c.name.toLowerCase() === idOrName.trim().toLowerCase());
    if (!channel)
      throw new FieldkitError('NOTIFY_CHANNEL_NOT_FOUND', `There is no notification channel "${idOrName}".`, { field: 'channel' });
    return channel;
  }

  async function view(channel: NotificationChannel): Promise<ChannelView> {
    if (channel.kind === 'desktop') return { channel, secretSaved: true };
    const secretSaved = (await deps.secrets.status(secretRef(channel.id))).saved;
    if (channel.kind !== 'webhook') return { channel, secretSaved };
    return { channel, secretSaved, signingKeySaved: (await deps.secrets.status(signingKeyRef(channel.id))).saved };
  }

  async function connect(channel: NotificationChannel) {
    const { profile, password } = await resolveProxyChoice(
      channel.proxyProfileId ? { profileId: channel.proxyProfileId } : undefined,
      deps,
    );
    const connection = await openAllowlistConnection({
      ...(profile ? { proxy: profile } : {}),
      ...(password !== undefined ? { proxyPassword: password } : {}),
      userAgent: NOTIFY_USER_AGENT,
      ...overrides.connection,
    });
    return {
      connection: { dispatcher: connection.dispatcher, timeoutMs: overrides.timeoutMs ?? REQUEST_TIMEOUT_MS, now },
      close: () => connection.close(),
    };
  }

  const context = () => ({
    secrets,
    outbox: deps.outbox,
    connect,
    desktop: deps.desktop,
    logger: deps.logger,
    now,
    pagerDutyUrl: overrides.pagerDutyUrl ?? PAGERDUTY_EVENTS_URL,
  });

  /** One try, never throwing: what went wrong unexpectedly (a proxy profile deleted) is an answer too, and worth a retry. */
  async function attempt(channel: NotificationChannel, n: StatusNotification, ctx = context()): Promise<SendOutcome> {
    try {
      const outcome = await deliver(channel, n, ctx);
      return { ...outcome, answer: deps.redactor.redact(outcome.answer) };
    } catch (err) {
      return { ok: false, retry: true, answer: deps.redactor.redact(err instanceof Error ? err.message : String(err)) };
    }
  }

  async function deliverDue(): Promise<DeliveryPass> {
    const pass: DeliveryPass = { sent: 0, failed: 0, givenUp: 0 };
    const { channels } = await deps.store.current();
    // Rows taken in batches until none is due: a row that waited for an older one becomes due within the pass.
    for (let round = 0; round < 100; round++) {
      const start = now();
      const rows = deps.outbox.due(start.toISOString(), new Date(start.getTime() - (deps.leaseMs ?? SENDING_LEASE_MS)).toISOString());
      let tried = 0;
      for (const row of rows) {
        if (!deps.outbox.claim(row, now().toISOString())) continue;
        tried++;
        await deliverRow(row, channels, pass);
      }
      if (tried === 0) break;
    }
    return pass;
  }

  async function deliverRow(row: OutboxRow, channels: NotificationChannel[], pass: DeliveryPass): Promise<void> {
    const channel = channels.find((c) => c.id === row.channelId);
    if (!channel || !channel.enabled) {
      pass.givenUp++;
      deps.outbox.markGivenUp(
        row.id,
        channel ? 'The channel was switched off before this could be sent.' : 'The channel was removed before this could be sent.',
      );
      return;
    }
    const outcome = await attempt(channel, row.notification);
    if (outcome.ok) {
      pass.sent++;
      deps.outbox.markSent(row.id, now().toISOString());
      return;
    }
    const decision = outcome.retry
      ? nextAttempt({
          attempts: row.attempts + 1,
          queuedAt: new Date(row.createdAt),
          now: now(),
          retryAfterMs: outcome.retryAfterMs,
          ...(deps.random ? { random: deps.random() } : {}),
        })
      : ({ retry: false, reason: 'not retried: trying again would get the same answer' } as const);
    if (decision.retry) {
      pass.failed++;
      deps.outbox.markFailed(row.id, outcome.answer, decision.at.toISOString());
    } else {
      pass.givenUp++;
      deps.outbox.markGivenUp(row.id, `${outcome.answer} (${decision.reason})`);
      deps.logger.warn(`Notification to ${channel.name} given up: ${outcome.answer}`);
    }
  }

  return {
    async channels() {
      const { channels } = await deps.store.current();
      return Promise.all(channels.map(view));
    },
    async channel(idOrName) {
      return view(await find(idOrName));
    },
    async save(raw) {
      const input = parseInput(ChannelSaveInput, raw);
      if (input.secret !== undefined) rememberParts(input.secret);
      if (input.signingKey !== undefined) deps.redactor.remember(input.signingKey);
      const given = input.channel;
      if (given.proxyProfileId !== undefined) deps.proxies.get(given.proxyProfileId);
      if (input.secret !== undefined && URL_SECRET_KINDS.has(given.kind)) {
        requireHttpsUrl(input.secret);
        const fit = webhookHostFit(given.kind, input.secret);
        if (fit.fits === false) throw new FieldkitError('NOTIFY_SECRET_INVALID', fit.message, { field: 'secret' });
      }
      if (input.secret !== undefined && given.kind === 'pagerduty' && !/^[A-Za-z0-9]{32}$/.test(input.secret.trim())) {
        throw new FieldkitError(
          'NOTIFY_SECRET_INVALID',
          'A PagerDuty integration key is 32 letters and digits: copy the Integration Key of an Events API v2 integration.',
          { field: 'secret' },
        );
      }
      if (input.signingKey !== undefined && given.kind !== 'webhook') {
        throw new FieldkitError('INVALID_INPUT', 'Only a signed webhook takes a signing key.', { field: 'signingKey' });
      }
      let before: NotificationChannel | undefined;
      let saved: NotificationChannel | undefined;
      await deps.store.update((file) => {
        before = given.id === undefined ? undefined : file.channels.find((c) => c.id === given.id);
        if (given.id !== undefined && !before) {
          throw new FieldkitError('NOTIFY_CHANNEL_NOT_FOUND', `There is no notification channel "${given.id}".`, { field: 'id' });
        }
        const sameName = file.channels.find((c) => c.name.toLowerCase() === given.name.trim().toLowerCase() && c.id !== before?.id);
        if (sameName) {
          throw new FieldkitError('NOTIFY_CHANNEL_NAME_TAKEN', `A notification channel named "${sameName.name}" exists already.`, {
            field: 'name',
          });
        }
        if (before && before.kind !== given.kind) {
          throw new FieldkitError('INVALID_INPUT', 'A channel keeps its kind: add a new channel for another service.', { field: 'kind' });
        }
        if (!before && given.kind !== 'desktop' && input.secret === undefined) {
          throw new FieldkitError('NOTIFY_SECRET_MISSING', undefined, { field: 'secret' });
        }
        if (!before && given.kind === 'webhook' && input.signingKey === undefined) {
          throw new FieldkitError(
            'NOTIFY_SECRET_MISSING',
            'A signed webhook needs a signing key: the receiver checks each request with it.',
            {
              field: 'signingKey',
            },
          );
        }
        saved = NotificationChannel.parse({
          ...withDefaults(given),
          id: before?.id ?? randomUUID(),
        });
        const channels = before ? file.channels.map((c) => (c.id === before!.id ? saved! : c)) : [...file.channels, saved];
        return { ...file, channels };
      });
      const channel = saved!;
      // A password belongs to where it is sent: a ServiceNow channel re-pointed without a new one loses the old one.
      if (before?.kind === 'servicenow' && channel.kind === 'servicenow' && input.secret === undefined) {
        if (!isDeepStrictEqual([before.instanceUrl, before.username], [channel.instanceUrl, channel.username])) {
          await deps.secrets.delete(secretRef(channel.id));
        }
      }
      if (input.secret !== undefined) await deps.secrets.save(secretRef(channel.id), input.secret.trim());
      if (input.signingKey !== undefined) await deps.secrets.save(signingKeyRef(channel.id), input.signingKey);
      return view(channel);
    },
    async remove(idOrName) {
      let removed: NotificationChannel | undefined;
      await deps.store.update((file) => {
        removed = file.channels.find((c) => c.id === idOrName || c.name.toLowerCase() === idOrName.trim().toLowerCase());
        return { ...file, channels: file.channels.filter((c) => c.id !== removed?.id) };
      });
      if (!removed) return { ok: false };
      await deps.secrets.delete(secretRef(removed.id));
      await deps.secrets.delete(signingKeyRef(removed.id));
      deps.outbox.dropUndelivered(removed.id);
      return { ok: true };
    },
    async test(idOrName, forThisRun = {}) {
      const channel = await find(idOrName);
      if (forThisRun.secret !== undefined && URL_SECRET_KINDS.has(channel.kind)) requireHttpsUrl(forThisRun.secret);
      // A secret given for this run fills in only where none is saved: the saved one is what the channel really uses.
      const used: Array<'secret' | 'signingKey'> = [];
      const given = (ref: SecretRef): string | undefined =>
        ref.kind === 'notification-secret'
          ? forThisRun.secret
          : ref.kind === 'notification-signing-key'
            ? forThisRun.signingKey
            : undefined;
      const testSecrets = {
        async reveal(ref: SecretRef) {
          const saved = await secrets.reveal(ref);
          const value = given(ref);
          if (saved !== null || value === undefined) return saved;
          rememberParts(value);
          used.push(ref.kind === 'notification-secret' ? 'secret' : 'signingKey');
          return value.trim();
        },
      };
      const at = now().toISOString();
      const n: StatusNotification = {
        id: `test-${randomUUID()}`,
        kind: 'test',
        siteId: 'fieldkit-test',
        siteName: 'Fieldkit test',
        state: 'connected',
        at,
        failures: [],
        summary: `Test from Fieldkit for the channel "${channel.name}": Cloud Connect status notifications will arrive here.`,
      };
      const outcome = await attempt(channel, n, { ...context(), secrets: testSecrets });
      // The outbox retries by itself; a test is the user waiting for an answer, who needs to know the network is the cause.
      const offline = !outcome.ok && outcome.noNetwork ? ` ${networkUnreachableHint('notificationSendTest', outcome.noNetwork)}` : '';
      return {
        channelId: channel.id,
        channelName: channel.name,
        ok: outcome.ok,
        answer: outcome.answer + offline,
        ...(used.length ? { usedForThisRun: used } : {}),
      };
    },
    async outbox(input = {}) {
      const { channels } = await deps.store.current();
      return deps.outbox.list({ ...(input.statuses ? { statuses: input.statuses } : {}), limit: input.limit ?? 200 }).map((row) => {
        const channel = channels.find((c) => c.id === row.channelId);
        const { id: _rowId, ...entry } = row;
        return { ...entry, channelName: channel?.name ?? row.channelId, ...(channel ? { channelKind: channel.kind } : {}) };
      });
    },
    async enqueue(raw) {
      await deps.store.current();
      return queue(raw, deps.store.known().channels);
    },
    enqueueNow: (raw) => queue(raw, deps.store.known().channels),
    deliverDue,
    startDelivery: (opts) => loop.start(opts),
    stopDelivery: () => loop.stop(),
  };

  function queue(raw: StatusNotification, channels: NotificationsFile['channels']): { queued: number } {
    const n = StatusNotification.parse(raw);
    const takers = channels.filter((c) => c.enabled && c.cloudConnectStatus && (c.siteIds === undefined || c.siteIds.includes(n.siteId)));
    const queued = deps.outbox.add(
      n,
      takers.map((c) => c.id),
      now().toISOString(),
    );
    if (queued > 0) loop.kick();
    return { queued };
  }
}

function withDefaults(given: ChannelSaveInput['channel']): Record<string, unknown> {
  switch (given.kind) {
    case 'pagerduty':
      return { ...given, severity: given.severity ?? 'critical' };
    case 'servicenow':
      return { ...given, closeCode: given.closeCode ?? DEFAULT_SERVICENOW_CLOSE_CODE };
    case 'webhook':
      return { ...given, signatureHeader: given.signatureHeader ?? DEFAULT_SIGNATURE_HEADER };
    default:
      return { ...given };
  }
}

/** Checked before it is kept; the words never quote it. */
function requireHttpsUrl(value: string): void {
  let ok = false;
  try {
    ok = new URL(value.trim()).protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok)
    throw new FieldkitError('NOTIFY_SECRET_INVALID', 'The webhook URL must be a whole https:// address, as the service shows it.', {
      field: 'secret',
    });
}
