import type { StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import { CHANNEL_SECRET_LABELS, type NotificationChannel } from '../../../shared/schemas/notifications.ts';
import type { SecretRef } from '../../../shared/schemas/secrets.ts';
import type { Logger } from '../log/logger.ts';
import type { Secrets } from '../vault/secrets.ts';
import { noAnswerOutcome, sendRequest, type HttpConnection, type SendOutcome } from './notification-http.ts';
import type { NotificationOutbox } from './notification-outbox.ts';
import { notificationTitle } from './notification-text.ts';
import { pagerDutyOutcome, pagerDutyResolve, pagerDutyTrigger, siteDedupKey, testDedupKey } from './pagerduty-event.ts';
import {
  incidentRecord,
  incidentsUrl,
  incidentUrl,
  newIncident,
  openIncidentQueryUrl,
  resolution,
  serviceNowFailure,
  workNote,
  type ServiceNowTarget,
} from './servicenow-incident.ts';
import { signedHeaders, webhookBody, webhookOutcome } from './signed-webhook.ts';
import { slackMessage, slackOutcome } from './slack-message.ts';
import { teamsMessage, teamsOutcome } from './teams-card.ts';

/** A notification shown on this computer: the app shows a system notification, the CLI logs it. */
export type DesktopSink = (n: StatusNotification) => void;

export interface DeliveryContext {
  secrets: Pick<Secrets, 'reveal'>;
  outbox: NotificationOutbox;
  /** An HTTP connection over the channel's proxy, with Fieldkit's one trust; closed after the delivery. */
  connect(channel: NotificationChannel): Promise<{ connection: HttpConnection; close: () => Promise<void> }>;
  desktop?: DesktopSink | undefined;
  logger: Logger;
  now: () => Date;
  /** The Events API v2 address: PagerDuty's own unless a lab gives another. */
  pagerDutyUrl: string;
}

export const secretRef = (channelId: string): SecretRef => ({ kind: 'notification-secret', profileId: channelId });
export const signingKeyRef = (channelId: string): SecretRef => ({ kind: 'notification-signing-key', profileId: channelId });

/** One notification through one channel, once: the outbox decides about retries. */
export async function deliver(channel: NotificationChannel, n: StatusNotification, ctx: DeliveryContext): Promise<SendOutcome> {
  if (channel.kind === 'desktop') {
    if (ctx.desktop) ctx.desktop(n);
    else ctx.logger.info(`Notification: ${notificationTitle(n)}. ${n.summary}`);
    return { ok: true, answer: ctx.desktop ? 'Shown on this computer.' : 'Written to the log (no desktop here).' };
  }
  const secret = await ctx.secrets.reveal(secretRef(channel.id));
  if (secret === null) {
    return {
      ok: false,
      retry: false,
      answer: `The channel "${channel.name}" has no saved ${CHANNEL_SECRET_LABELS[channel.kind]?.toLowerCase()}, so nothing could be sent.`,
    };
  }
  const { connection, close } = await ctx.connect(channel);
  try {
    return await deliverOver(channel, n, secret, connection, ctx);
  } catch (err) {
    return noAnswerOutcome(err);
  } finally {
    await close();
  }
}

async function deliverOver(
  channel: Exclude<NotificationChannel, { kind: 'desktop' }>,
  n: StatusNotification,
  secret: string,
  connection: HttpConnection,
  ctx: DeliveryContext,
): Promise<SendOutcome> {
  switch (channel.kind) {
    case 'slack': {
      const url = secretUrl(secret, channel);
      if (typeof url !== 'string') return url;
      return slackOutcome(await sendRequest(connection, { url, method: 'POST', body: JSON.stringify(slackMessage(n)) }));
    }
    case 'teams': {
      const url = secretUrl(secret, channel);
      if (typeof url !== 'string') return url;
      return teamsOutcome(await sendRequest(connection, { url, method: 'POST', body: JSON.stringify(teamsMessage(n)) }));
    }
    case 'webhook': {
      const url = secretUrl(secret, channel);
      if (typeof url !== 'string') return url;
      const key = await ctx.secrets.reveal(signingKeyRef(channel.id));
      if (key === null) {
        return {
          ok: false,
          retry: false,
          answer: `The channel "${channel.name}" has no saved signing key, so nothing could be sent.`,
        };
      }
      const body = webhookBody(n);
      const headers = signedHeaders({ key, signatureHeader: channel.signatureHeader, body, now: ctx.now(), notificationId: n.id });
      return webhookOutcome(await sendRequest(connection, { url, method: 'POST', body, headers }));
    }
    case 'pagerduty':
      return deliverPagerDuty(channel, n, secret, connection, ctx);
    case 'servicenow':
      return deliverServiceNow(channel, n, secret, connection, ctx);
  }
}

/** The saved URL, checked before anything is sent to it; its words never quote it (it is the secret). */
function secretUrl(secret: string, channel: NotificationChannel): string | SendOutcome {
  try {
    const url = new URL(secret.trim());
    if (url.protocol === 'https:') return url.toString();
  } catch {
    // Said below, without the value.
  }
  return {
    ok: false,
    retry: false,
    answer: `The saved ${CHANNEL_SECRET_LABELS[channel.kind]?.toLowerCase()} of "${channel.name}" is not an https:// address: edit the channel and paste it again.`,
  };
}

async function deliverPagerDuty(
  channel: Extract<NotificationChannel, { kind: 'pagerduty' }>,
  n: StatusNotification,
  routingKey: string,
  connection: HttpConnection,
  ctx: DeliveryContext,
): Promise<SendOutcome> {
  const post = async (event: Record<string, unknown>) =>
    pagerDutyOutcome(await sendRequest(connection, { url: ctx.pagerDutyUrl, method: 'POST', body: JSON.stringify(event) }));
  if (n.kind === 'test') {
    // Opened at info severity and resolved at once: the test proves the key works and leaves no incident behind.
    const dedupKey = testDedupKey(channel.id);
    const triggered = await post(pagerDutyTrigger(n, { routingKey, dedupKey, severity: 'info' }));
    if (!triggered.ok) return triggered;
    const resolved = await post(pagerDutyResolve({ routingKey, dedupKey }));
    return resolved.ok ? { ok: true, answer: `${triggered.answer} The test alert was resolved again at once.` } : resolved;
  }
  const dedupKey = siteDedupKey(n.siteId);
  if (n.kind === 'recovery') return post(pagerDutyResolve({ routingKey, dedupKey }));
  return post(pagerDutyTrigger(n, { routingKey, dedupKey, severity: channel.severity }));
}

async function deliverServiceNow(
  channel: Extract<NotificationChannel, { kind: 'servicenow' }>,
  n: StatusNotification,
  password: string,
  connection: HttpConnection,
  ctx: DeliveryContext,
): Promise<SendOutcome> {
  const target: ServiceNowTarget = channel;
  const headers = { authorization: `Basic ${Buffer.from(`${channel.username}:${password}`).toString('base64')}` };
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: Record<string, string>) =>
    sendRequest(connection, { url, method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });

  const create = async (): Promise<SendOutcome & { record?: { sysId: string; number?: string } }> => {
    const answer = await call('POST', incidentsUrl(channel.instanceUrl), newIncident(n, target));
    const record = answer.status === 201 || answer.status === 200 ? incidentRecord(answer) : undefined;
    if (!record)
      return answer.status < 300 ? unreadable(answer.status, 'creating the incident') : serviceNowFailure(answer, 'creating the incident');
    return { ok: true, answer: `ServiceNow opened incident ${record.number ?? record.sysId}.`, record };
  };
  const update = async (sysId: string, body: Record<string, string>, doing: string) => {
    const answer = await call('PATCH', incidentUrl(channel.instanceUrl, sysId), body);
    return { answer, outcome: answer.status === 200 ? undefined : serviceNowFailure(answer, doing) };
  };

  if (n.kind === 'test') {
    const created = await create();
    if (!created.ok || !created.record) return created;
    const resolved = await update(created.record.sysId, resolution(n, target), 'resolving the test incident');
    return resolved.outcome ?? { ok: true, answer: `${created.answer} It was resolved again at once (a test).` };
  }

  const at = ctx.now().toISOString();
  let open = ctx.outbox.openIncident(channel.id, n.siteId);
  if (!open) {
    // A create whose answer was lost (a restart mid-request) left an incident we do not know of: find it by its correlation id.
    const found = await call('GET', openIncidentQueryUrl(channel.instanceUrl, n.siteId));
    if (found.status !== 200) return serviceNowFailure(found, 'looking for the site’s open incident');
    open = incidentRecord(found);
    if (open) ctx.outbox.recordIncident(channel.id, n.siteId, open, at);
  }

  if (n.kind === 'recovery') {
    if (!open) return { ok: true, answer: 'ServiceNow has no open incident for this site: nothing to resolve.' };
    const { answer, outcome } = await update(open.sysId, resolution(n, target), 'resolving the incident');
    if (outcome && answer.status !== 404) return outcome;
    ctx.outbox.closeIncident(channel.id, n.siteId);
    return {
      ok: true,
      answer:
        answer.status === 404
          ? 'The incident was deleted in ServiceNow: nothing to resolve.'
          : `ServiceNow resolved incident ${open.number ?? open.sysId}.`,
    };
  }

  if (open) {
    const { answer, outcome } = await update(open.sysId, workNote(n), 'adding a work note');
    if (!outcome) return { ok: true, answer: `ServiceNow added a work note to incident ${open.number ?? open.sysId}.` };
    if (answer.status !== 404) return outcome;
    // Deleted in ServiceNow meanwhile: the problem still stands, so it gets a new incident.
    ctx.outbox.closeIncident(channel.id, n.siteId);
  }
  const created = await create();
  if (created.ok && created.record) ctx.outbox.recordIncident(channel.id, n.siteId, created.record, at);
  return created.ok ? { ok: true, answer: created.answer } : created;
}

function unreadable(status: number, doing: string): SendOutcome {
  return { ok: false, retry: true, answer: `ServiceNow answered HTTP ${status} while ${doing}, without the record Fieldkit expected.` };
}
