import { z } from 'zod';
import { hasControlCharacter, singleLine } from './network-names.ts';
import { ProfileId, SecretValue } from './secrets.ts';
import { SiteId } from './sites.ts';
import { StatusNotification } from './cloud-connect-status.ts';

/**
 * Where Cloud Connect status notifications go. The channel itself (kind,
 * filters, non-secret settings) is kept in notifications.json; its webhook
 * URL, routing key or password and a webhook's signing key are kept in the
 * keychain and never leave the engine.
 */

export const NOTIFICATIONS_VERSION = 1;

export const ChannelId = ProfileId;

export const ChannelKind = z.enum(['desktop', 'slack', 'pagerduty', 'servicenow', 'teams', 'webhook']);
export type ChannelKind = z.infer<typeof ChannelKind>;

/** How people name each kind. */
export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  desktop: 'Desktop notification',
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  servicenow: 'ServiceNow',
  teams: 'Microsoft Teams',
  webhook: 'Signed webhook',
};

/** What the channel's keychain secret is, per kind; desktop has none. */
export const CHANNEL_SECRET_LABELS: Record<ChannelKind, string | undefined> = {
  desktop: undefined,
  slack: 'Incoming webhook URL',
  pagerduty: 'Integration (routing) key',
  servicenow: 'Password',
  teams: 'Workflow webhook URL',
  webhook: 'Webhook URL',
};

/** The Events API v2 severities. */
export const PagerDutySeverity = z.enum(['critical', 'error', 'warning', 'info']);
export type PagerDutySeverity = z.infer<typeof PagerDutySeverity>;

/** The default header carrying a signed webhook's HMAC (docs/notifications.md). */
export const DEFAULT_SIGNATURE_HEADER = 'X-Fieldkit-Signature';

/** The resolution code ServiceNow's incident form offers by default (Utah and later); instances may use their own list. */
export const DEFAULT_SERVICENOW_CLOSE_CODE = 'Solution provided';

const HttpsUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(300, `${what} is longer than 300 characters.`)
    .refine((u) => !hasControlCharacter(u), `${what} contains control characters.`)
    .refine((u) => /^https:\/\/[A-Za-z0-9[][^\s/?#]*(\/[^\s]*)?$/.test(u), `${what} must be an https:// address.`);

/** An HTTP header name (RFC 9110 token). */
const HeaderName = z
  .string()
  .min(1)
  .max(64, 'A header name is at most 64 characters.')
  .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'A header name starts with a letter and uses letters, digits and dashes (e.g. X-Fieldkit-Signature).');

const ChannelCommon = {
  id: ChannelId,
  name: singleLine('A channel name', 80).trim().min(1, 'Give the channel a name.'),
  enabled: z.boolean(),
  /** NetScaler Console's CloudConnectStatus event category: on by default, switched off here per channel. */
  cloudConnectStatus: z.boolean(),
  /** Only these sites; absent: every site. */
  siteIds: z.array(SiteId).min(1, 'Pick at least one site, or all sites.').max(1000).optional(),
  /** The saved proxy profile the requests go through; none: direct. */
  proxyProfileId: ProfileId.optional(),
};

export const DesktopChannel = z.strictObject({ ...ChannelCommon, kind: z.literal('desktop') });
export const SlackChannel = z.strictObject({ ...ChannelCommon, kind: z.literal('slack') });
export const TeamsChannel = z.strictObject({ ...ChannelCommon, kind: z.literal('teams') });
export const PagerDutyChannel = z.strictObject({
  ...ChannelCommon,
  kind: z.literal('pagerduty'),
  /** The severity of a problem or reminder; recovery resolves. */
  severity: PagerDutySeverity,
});
export const ServiceNowChannel = z.strictObject({
  ...ChannelCommon,
  kind: z.literal('servicenow'),
  /** https://<instance>.service-now.com */
  instanceUrl: HttpsUrl('The ServiceNow instance address'),
  username: singleLine('The ServiceNow user name', 100).trim().min(1, 'Enter the ServiceNow user name the incidents are created as.'),
  /** A sys_id or name of a group, set on each incident when given. */
  assignmentGroup: singleLine('The assignment group', 100).trim().min(1).optional(),
  /** A sys_id or user name, set as the incident's caller when given. */
  callerId: singleLine('The caller', 100).trim().min(1).optional(),
  /** The Resolution code a recovery sets (the Table API requires one with the Resolution notes). */
  closeCode: singleLine('The resolution code', 40).trim().min(1),
});
export const WebhookChannel = z.strictObject({
  ...ChannelCommon,
  kind: z.literal('webhook'),
  signatureHeader: HeaderName,
});

export const NotificationChannel = z.discriminatedUnion('kind', [
  DesktopChannel,
  SlackChannel,
  PagerDutyChannel,
  ServiceNowChannel,
  TeamsChannel,
  WebhookChannel,
]);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NotificationsFile = z.strictObject({
  version: z.literal(NOTIFICATIONS_VERSION),
  channels: z.array(NotificationChannel).max(200),
});
export type NotificationsFile = z.infer<typeof NotificationsFile>;

/** A channel as the window and the CLI see it: whether its secrets are saved, never what they are. */
export const ChannelView = z.strictObject({
  channel: NotificationChannel,
  /** The webhook URL, routing key or password is in the keychain (desktop needs none: true). */
  secretSaved: z.boolean(),
  /** A signed webhook's key is in the keychain (other kinds: absent). */
  signingKeySaved: z.boolean().optional(),
});
export type ChannelView = z.infer<typeof ChannelView>;

/** A channel to save: no id for a new one; secrets given only when they change (write-only). */
export const ChannelSaveInput = z.strictObject({
  channel: z.discriminatedUnion('kind', [
    DesktopChannel.partial({ id: true }),
    SlackChannel.partial({ id: true }),
    PagerDutyChannel.partial({ id: true, severity: true }),
    ServiceNowChannel.partial({ id: true, closeCode: true }),
    TeamsChannel.partial({ id: true }),
    WebhookChannel.partial({ id: true, signatureHeader: true }),
  ]),
  secret: SecretValue.optional(),
  signingKey: SecretValue.optional(),
});
export type ChannelSaveInput = z.input<typeof ChannelSaveInput>;

/**
 * One notification on its way to one channel. pending: not tried yet;
 * sending: a request is out; failed: tried, tried again at nextAttemptAt;
 * sent; given-up: no more tries, lastError says why.
 */
export const OutboxStatus = z.enum(['pending', 'sending', 'failed', 'sent', 'given-up']);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const OutboxEntry = z.strictObject({
  notificationId: z.string(),
  channelId: ChannelId,
  /** The channel's name now, or its id when it has since been removed. */
  channelName: z.string(),
  channelKind: ChannelKind.optional(),
  notification: StatusNotification,
  status: OutboxStatus,
  attempts: z.number().int(),
  createdAt: z.string(),
  nextAttemptAt: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  sentAt: z.string().optional(),
  /** The vendor's answer or the connection failure, in words. */
  lastError: z.string().optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** "Send test": what the vendor answered, in words. */
export const ChannelTestResult = z.strictObject({
  channelId: ChannelId,
  channelName: z.string(),
  ok: z.boolean(),
  answer: z.string(),
  /** Secrets given for this test only (the CLI's environment) because none is saved here: said so, never shown. */
  usedForThisRun: z.array(z.enum(['secret', 'signingKey'])).optional(),
});
export type ChannelTestResult = z.infer<typeof ChannelTestResult>;
