import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { createRootCa, issueCertificate } from './test-pki.ts';

/**
 * Local HTTPS stand-ins for Slack, PagerDuty, ServiceNow, Microsoft Teams
 * and a signed webhook receiver. Each checks every request against the
 * vendor's documented schema (a payload that does not match is refused as
 * the vendor would and recorded as invalid), answers like the vendor, and
 * can be told to fail the next requests (500, 429 with Retry-After, a
 * vendor's own error). Trust their CA (`caPem`) to reach them with TLS
 * verification on: engine overrides in integration tests, NODE_EXTRA_CA_CERTS
 * for the app in an E2E.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
  /** The payload matched the vendor's schema (and, for the webhook, its signature verified). */
  valid: boolean;
  problem?: string;
}

export interface ScriptedFailure {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface Receiver {
  /** https://127.0.0.1:<port> */
  origin: string;
  /** The CA that signed the receiver's certificate. */
  caPem: string;
  received: ReceivedRequest[];
  /** Valid requests only. */
  readonly accepted: ReceivedRequest[];
  /** The next `times` requests get this answer instead, before any check. */
  failNext(failure: ScriptedFailure, times?: number): void;
  /** Drops the scripted failures not used up. */
  clearFailures(): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

type Handle = (req: {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  raw: string;
}) => Answer & { record: Omit<ReceivedRequest, 'method' | 'path' | 'headers' | 'raw'> };

let pki: Promise<{ caPem: string; certPem: string; keyPem: string }> | undefined;

/** One CA and one 127.0.0.1/localhost certificate for every receiver of the test process. */
export function receiverPki(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  pki ??= (async () => {
    const ca = await createRootCa({ commonName: 'Fieldkit Test Receivers CA' });
    const leaf = await issueCertificate(ca, { commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
    return { caPem: ca.certPem, certPem: leaf.certPem + ca.certPem, keyPem: leaf.keyPem };
  })();
  return pki;
}

async function startReceiver(handle: Handle): Promise<Receiver> {
  const { caPem, certPem, keyPem } = await receiverPki();
  const received: ReceivedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const base = { method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, raw };
      const failure = failures.shift();
      let answer: Answer;
      if (failure) {
        received.push({ ...base, body: safeJson(raw), valid: false, problem: `scripted ${failure.status}` });
        answer = failure;
      } else {
        const { record, ...a } = handle({ method: base.method, url, headers: req.headers, raw });
        received.push({ ...base, ...record });
        answer = a;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    caPem,
    received,
    get accepted() {
      return received.filter((r) => r.valid);
    },
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    clearFailures() {
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function check<T>(schema: z.ZodType<T>, raw: string): { ok: true; body: T } | { ok: false; body: unknown; problem: string } {
  const body = safeJson(raw);
  if (body === undefined) return { ok: false, body, problem: 'not JSON' };
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, body, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

/* ----------------------------------------------------------------- Slack */

/** Block Kit text objects and the blocks Fieldkit may send, with Slack's documented limits. */
const SlackText = z.strictObject({
  type: z.enum(['plain_text', 'mrkdwn']),
  text: z.string().min(1).max(3000),
  emoji: z.boolean().optional(),
  verbatim: z.boolean().optional(),
});
const SlackBlock = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('header'),
    text: SlackText.extend({ type: z.literal('plain_text'), text: z.string().min(1).max(150) }),
    block_id: z.string().max(255).optional(),
  }),
  z.strictObject({ type: z.literal('section'), text: SlackText, block_id: z.string().max(255).optional() }),
  z.strictObject({ type: z.literal('context'), elements: z.array(SlackText).min(1).max(10), block_id: z.string().max(255).optional() }),
  z.strictObject({ type: z.literal('divider'), block_id: z.string().max(255).optional() }),
]);
export const SlackPayload = z.looseObject({
  text: z.string().min(1).max(40_000),
  blocks: z.array(SlackBlock).max(50).optional(),
});

export interface SlackReceiver extends Receiver {
  /** The incoming webhook URL to save in a Slack channel (its token is the secret). */
  webhookUrl: string;
  /** Messages Slack would have posted. */
  readonly messages: Array<z.infer<typeof SlackPayload>>;
}

/** Slack's incoming webhook: 200 "ok"; 400 invalid_payload; 404 no_service for a URL it does not know. */
export async function startSlackReceiver(): Promise<SlackReceiver> {
  const token = `T0FIELDKIT/B0RECEIVER/${randomBytes(12).toString('hex')}`;
  const receiver = await startReceiver(({ method, url, raw }) => {
    if (method !== 'POST' || url.pathname !== `/services/${token}`) {
      return { status: 404, body: 'no_service', record: { body: safeJson(raw), valid: false, problem: 'unknown webhook' } };
    }
    const c = check(SlackPayload, raw);
    if (!c.ok) return { status: 400, body: 'invalid_payload', record: { body: c.body, valid: false, problem: c.problem } };
    return { status: 200, body: 'ok', record: { body: c.body, valid: true } };
  });
  return {
    ...receiver,
    get accepted() {
      return receiver.accepted;
    },
    webhookUrl: `${receiver.origin}/services/${token}`,
    get messages() {
      return receiver.accepted.map((r) => r.body as z.infer<typeof SlackPayload>);
    },
  };
}

/* ------------------------------------------------------------- PagerDuty */

const PdSeverity = z.enum(['critical', 'error', 'warning', 'info']);
/** Events API v2: a trigger carries a payload; acknowledge and resolve carry the dedup key. */
export const PagerDutyEvent = z.discriminatedUnion('event_action', [
  z.strictObject({
    routing_key: z.string().length(32),
    event_action: z.literal('trigger'),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: z.strictObject({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1),
      severity: PdSeverity,
      timestamp: z.iso.datetime({ offset: true }).optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    }),
    client: z.string().optional(),
    client_url: z.url().optional(),
    images: z.array(z.unknown()).optional(),
    links: z.array(z.unknown()).optional(),
  }),
  z.strictObject({
    routing_key: z.string().length(32),
    event_action: z.enum(['acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(255),
  }),
]);
export type PagerDutyEvent = z.infer<typeof PagerDutyEvent>;

export interface PagerDutyReceiver extends Receiver {
  /** POST here: the stand-in for https://events.pagerduty.com/v2/enqueue. */
  eventsUrl: string;
  routingKey: string;
  readonly events: PagerDutyEvent[];
  /** dedup key → the alert's state as PagerDuty would hold it. */
  alerts: Map<string, 'triggered' | 'resolved'>;
}

export async function startPagerDutyReceiver(): Promise<PagerDutyReceiver> {
  const routingKey = randomBytes(16).toString('hex');
  const alerts = new Map<string, 'triggered' | 'resolved'>();
  const invalid = (body: unknown, problem: string, errors: string[]) => ({
    ...json(400, { status: 'invalid event', message: 'Event object is invalid', errors }),
    record: { body, valid: false, problem },
  });
  const receiver = await startReceiver(({ method, url, raw }) => {
    if (method !== 'POST' || url.pathname !== '/v2/enqueue')
      return { status: 404, record: { body: undefined, valid: false, problem: 'not the events path' } };
    const c = check(PagerDutyEvent, raw);
    if (!c.ok) return invalid(c.body, c.problem, [c.problem]);
    if (c.body.routing_key !== routingKey) return invalid(c.body, 'unknown routing key', ['Invalid routing key']);
    const dedupKey = c.body.dedup_key ?? randomBytes(16).toString('hex');
    if (c.body.event_action === 'trigger') alerts.set(dedupKey, 'triggered');
    else if (c.body.event_action === 'resolve' && alerts.has(dedupKey)) alerts.set(dedupKey, 'resolved');
    return { ...json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey }), record: { body: c.body, valid: true } };
  });
  return {
    ...receiver,
    get accepted() {
      return receiver.accepted;
    },
    eventsUrl: `${receiver.origin}/v2/enqueue`,
    routingKey,
    alerts,
    get events() {
      return receiver.accepted.map((r) => r.body as PagerDutyEvent);
    },
  };
}

/* ------------------------------------------------------------ ServiceNow */

const Choice = z.enum(['1', '2', '3']);
/** The incident fields Fieldkit sets, as the Table API takes them (strings). */
export const IncidentCreate = z.strictObject({
  short_description: z.string().min(1).max(160),
  // The incident table's dictionary lengths: description 4000, short description 160.
  description: z.string().max(4000).optional(),
  urgency: Choice.optional(),
  impact: Choice.optional(),
  correlation_id: z.string().max(100).optional(),
  correlation_display: z.string().max(100).optional(),
  category: z.string().max(40).optional(),
  assignment_group: z.string().optional(),
  caller_id: z.string().optional(),
});
export const IncidentUpdate = z.union([
  z.strictObject({ work_notes: z.string().min(1).max(4000) }),
  // Resolving needs a resolution code and notes: without them the instance's data policy refuses the update.
  z.strictObject({
    state: z.literal('6'),
    close_code: z.string().min(1).max(40),
    close_notes: z.string().min(1).max(4000),
    work_notes: z.string().max(4000).optional(),
  }),
]);

export interface Incident {
  sys_id: string;
  number: string;
  state: string;
  active: boolean;
  fields: z.infer<typeof IncidentCreate>;
  workNotes: string[];
  closeCode?: string;
  closeNotes?: string;
}

export interface ServiceNowReceiver extends Receiver {
  /** The instance address to save: https://127.0.0.1:<port> */
  instanceUrl: string;
  username: string;
  password: string;
  incidents: Map<string, Incident>;
}

export async function startServiceNowReceiver(): Promise<ServiceNowReceiver> {
  const username = 'fieldkit.integration';
  const password = `Sn-${randomBytes(9).toString('base64url')}`;
  const incidents = new Map<string, Incident>();
  let counter = 10000;
  const failure = (status: number, message: string, detail: string, body: unknown, problem: string) => ({
    ...json(status, { error: { message, detail }, status: 'failure' }),
    record: { body, valid: false, problem },
  });
  const show = (i: Incident) => ({ sys_id: i.sys_id, number: i.number, state: i.state, active: String(i.active), ...i.fields });
  const receiver = await startReceiver(({ method, url, headers, raw }) => {
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (headers.authorization !== expected)
      return failure(401, 'User Not Authenticated', 'Required to provide Auth information', safeJson(raw), 'bad credentials');
    const path = url.pathname;
    if (method === 'GET' && path === '/api/now/table/incident') {
      const query = url.searchParams.get('sysparm_query') ?? '';
      const m = /^correlation_id=([^^]+)\^active=true$/.exec(query);
      if (!m) return failure(400, 'Invalid query', query, undefined, 'unexpected query');
      const found = [...incidents.values()].filter((i) => i.active && i.fields.correlation_id === m[1]);
      return {
        ...json(200, { result: found.slice(0, Number(url.searchParams.get('sysparm_limit') ?? 10)).map(show) }),
        record: { body: undefined, valid: true },
      };
    }
    if (method === 'POST' && path === '/api/now/table/incident') {
      const c = check(IncidentCreate, raw);
      if (!c.ok) return failure(400, 'Invalid record', c.problem, c.body, c.problem);
      const incident: Incident = {
        sys_id: randomBytes(16).toString('hex'),
        number: `INC${String(++counter).padStart(7, '0')}`,
        state: '1',
        active: true,
        fields: c.body,
        workNotes: [],
      };
      incidents.set(incident.sys_id, incident);
      return { ...json(201, { result: show(incident) }), record: { body: c.body, valid: true } };
    }
    const patch = /^\/api\/now\/table\/incident\/([0-9a-f]{32})$/.exec(path);
    if (method === 'PATCH' && patch) {
      const incident = incidents.get(patch[1]!);
      // A well-formed request for a record that is gone (deleted in ServiceNow): refused, but not a payload error.
      if (!incident)
        return {
          ...json(404, {
            error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" },
            status: 'failure',
          }),
          record: { body: safeJson(raw), valid: true, problem: 'unknown sys_id' },
        };
      const c = check(IncidentUpdate, raw);
      if (!c.ok) return failure(400, 'Data Policy Exception', c.problem, c.body, c.problem);
      if ('state' in c.body) {
        incident.state = '6';
        incident.active = false;
        incident.closeCode = c.body.close_code;
        incident.closeNotes = c.body.close_notes;
      }
      if (c.body.work_notes) incident.workNotes.push(c.body.work_notes);
      return { ...json(200, { result: show(incident) }), record: { body: c.body, valid: true } };
    }
    return failure(400, 'Requested URI does not represent any resource', path, undefined, 'unknown path');
  });
  return {
    ...receiver,
    get accepted() {
      return receiver.accepted;
    },
    instanceUrl: receiver.origin,
    username,
    password,
    incidents,
  };
}

/* ----------------------------------------------------------------- Teams */

const CardElement = z.looseObject({ type: z.string().min(1) });
/** A workflow webhook message: one or more Adaptive Card attachments. */
export const TeamsMessage = z.strictObject({
  type: z.literal('message'),
  attachments: z
    .array(
      z.strictObject({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.string().nullable().optional(),
        content: z.looseObject({
          $schema: z.string().optional(),
          type: z.literal('AdaptiveCard'),
          version: z.string().regex(/^1\.[0-6]$/),
          body: z.array(CardElement).min(1),
        }),
      }),
    )
    .min(1),
});

export interface TeamsReceiver extends Receiver {
  workflowUrl: string;
  readonly messages: Array<z.infer<typeof TeamsMessage>>;
}

export async function startTeamsReceiver(): Promise<TeamsReceiver> {
  const sig = randomBytes(16).toString('base64url');
  const path = '/workflows/8f0d1e7c4b7a4d2c/triggers/manual/paths/invoke';
  const receiver = await startReceiver(({ method, url, raw }) => {
    if (method !== 'POST' || url.pathname !== path || url.searchParams.get('sig') !== sig) {
      return {
        ...json(401, { error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated.' } }),
        record: { body: safeJson(raw), valid: false, problem: 'bad workflow URL' },
      };
    }
    const c = check(TeamsMessage, raw);
    if (!c.ok)
      return {
        ...json(400, { error: { code: 'InvalidRequestContent', message: c.problem } }),
        record: { body: c.body, valid: false, problem: c.problem },
      };
    return { status: 202, record: { body: c.body, valid: true } };
  });
  return {
    ...receiver,
    get accepted() {
      return receiver.accepted;
    },
    workflowUrl: `${receiver.origin}${path}?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`,
    get messages() {
      return receiver.accepted.map((r) => r.body as z.infer<typeof TeamsMessage>);
    },
  };
}

/* ------------------------------------------------------- signed webhook */

export const WebhookPayload = z.strictObject({
  schema: z.literal('fieldkit.cloud-connect-status/1'),
  notification: z.looseObject({ id: z.string(), kind: z.string(), siteId: z.string(), summary: z.string() }),
});

export interface WebhookReceiver extends Receiver {
  url: string;
  signingKey: string;
}

/** Verifies the signature as docs/notifications.md tells a receiver to: HMAC-SHA256 over timestamp + "." + body. */
export async function startWebhookReceiver(opts: { signatureHeader?: string } = {}): Promise<WebhookReceiver> {
  const signingKey = `whsec-${randomBytes(18).toString('base64url')}`;
  const header = (opts.signatureHeader ?? 'X-Fieldkit-Signature').toLowerCase();
  const receiver = await startReceiver(({ method, url, headers, raw }) => {
    const timestamp = headers['x-fieldkit-timestamp'];
    const signature = headers[header];
    const expected =
      typeof timestamp === 'string' ? `sha256=${createHmac('sha256', signingKey).update(`${timestamp}.${raw}`).digest('hex')}` : '';
    const verified =
      typeof signature === 'string' &&
      signature.length === expected.length &&
      timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    if (method !== 'POST' || url.pathname !== '/hooks/fieldkit')
      return { status: 404, record: { body: safeJson(raw), valid: false, problem: 'unknown path' } };
    if (!verified)
      return { status: 401, body: 'signature does not verify', record: { body: safeJson(raw), valid: false, problem: 'bad signature' } };
    const c = check(WebhookPayload, raw);
    if (!c.ok) return { status: 400, body: c.problem, record: { body: c.body, valid: false, problem: c.problem } };
    return { status: 204, record: { body: c.body, valid: true } };
  });
  return {
    ...receiver,
    get accepted() {
      return receiver.accepted;
    },
    url: `${receiver.origin}/hooks/fieldkit`,
    signingKey,
  };
}
