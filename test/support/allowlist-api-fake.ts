import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ALLOWLIST_FIXTURE, type FixtureDataset, type FixtureService } from './allowlist-fixture.ts';

/**
 * A faithful stand-in for the Citrix Cloud Connectivity AllowList API on a
 * local HTTPS port: GET {prefix}/v2/allowlist in both formats from one
 * dataset, the documented parameters, filters, placeholder rule, gzip,
 * Last-Modified/304, Cache-Control, 400 (with a JSON body naming the
 * parameter), 404, the 5-requests-a-minute limit (429 with Retry-After) and
 * switches for the answers a client must refuse.
 */
export interface AllowlistFakeOptions {
  chainPem: string;
  keyPem: string;
  dataset?: FixtureDataset;
  /** Path before /v2/allowlist, as in https://api.cloud.com/connectivity. */
  prefix?: string;
  limit?: number;
  windowMs?: number;
  /** How Retry-After is written on a 429: seconds (default), an HTTP date, or left out. */
  retryAfter?: 'seconds' | 'date' | 'none';
  lastModified?: string;
  cacheControl?: string;
  /** A fixed port (a rehearsal script); any free one by default. */
  port?: number;
}

export interface SeenRequest {
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  status: number;
  /** Whether the answer went out gzip-compressed. */
  gzipped: boolean;
}

/** not-json: an HTML page; wrong-shape: the documented fields with the wrong types; huge: a body that goes on and on. */
export type Malformation = 'not-json' | 'wrong-shape' | 'huge';

export interface AllowlistFake {
  port: number;
  /** The base URL a client is given, e.g. https://127.0.0.1:port/connectivity. */
  baseUrl: string;
  requests: SeenRequest[];
  /** Makes the next answers to /v2/allowlist malformed, until set back to null. */
  malform: Malformation | null;
  /** Answers the next request with this status (and body) instead, once. */
  failNext(status: number, body?: string, headers?: Record<string, string>): void;
  lastModified: string;
  resetRateLimit(): void;
  close(): Promise<void>;
}

const GEOS = ['us', 'eu', 'ap-s', 'jp', 'all'];
const DIRECTIONS = ['inbound', 'outbound', 'all'];
const FORMATS = ['json', 'zscaler'];
const CUSTOMER_ID = /^[a-zA-Z0-9]{1,12}$/;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function replacePlaceholder(fqdns: string[] | undefined, customerId: string | undefined): string[] | undefined {
  return fqdns?.map((f) => f.replace(/CUSTOMER_ID/g, customerId ?? '*'));
}

function filtered(dataset: FixtureDataset, geo: string, direction: string, customerId: string | undefined): FixtureService[] {
  return dataset.services
    .filter((s) => direction === 'all' || s.direction === direction)
    .map((s) => ({
      ...s,
      endpoints: s.endpoints
        .filter((e) => geo === 'all' || e.geo === geo)
        .map((e) => {
          const fqdns = replacePlaceholder(e.fqdns, customerId);
          return { ...e, ...(fqdns ? { fqdns } : {}) };
        }),
    }))
    .filter((s) => s.endpoints.length > 0);
}

export function renderJson(dataset: FixtureDataset, geo: string, direction: string, customerId: string | undefined): unknown {
  return { meta: dataset.meta, services: filtered(dataset, geo, direction, customerId) };
}

/** Zscaler Web Service Endpoint 1.3: one entry per service × direction × geo × protocol, IPv4 and IPv6 apart. */
export function renderZscaler(dataset: FixtureDataset, geo: string, direction: string, customerId: string | undefined): unknown {
  const services: unknown[] = [];
  const ipv6: unknown[] = [];
  for (const s of filtered(dataset, geo, direction, customerId)) {
    for (const e of s.endpoints) {
      const protocols: Array<[string, string]> = [];
      if (s.tcpPorts) protocols.push(['tcp', s.tcpPorts]);
      if (s.udpPorts) protocols.push(['udp', s.udpPorts]);
      for (const [protocol, ports] of protocols) {
        const base = `${slug(s.name)}-${s.direction}-${e.geo}-${protocol}`;
        const label = `${s.name} ${s.direction} ${e.geo} ${protocol}`;
        const type = protocol === 'udp' ? 'real-time' : 'non-real-time';
        const v4 = (e.ips ?? []).filter((c) => !c.includes(':'));
        const v6 = (e.ips ?? []).filter((c) => c.includes(':'));
        services.push({
          id: `${base}-ipv4`,
          name: `${label} ipv4`,
          type,
          protocol,
          ports,
          ...(e.fqdns ? { domains: e.fqdns } : {}),
          cidrs: v4,
          required: s.required,
        });
        if (v6.length) ipv6.push({ id: `${base}-ipv6`, name: `${label} ipv6`, type, protocol, ports, cidrs: v6, required: s.required });
      }
    }
  }
  return { usage: { update_interval: 84, contact: 'https://docs.citrix.com' }, services, ...(ipv6.length ? { ipv6_services: ipv6 } : {}) };
}

function wrongShape(format: string, answer: unknown): unknown {
  const copy = structuredClone(answer) as { services: Array<Record<string, unknown>> };
  if (format === 'json') {
    const endpoints = copy.services[1]!['endpoints'] as Array<Record<string, unknown>>;
    endpoints[0]!['fqdns'] = '*.g.nssvc.net';
  } else {
    copy.services[0]!['ports'] = 443;
  }
  return copy;
}

export async function startAllowlistFake(opts: AllowlistFakeOptions): Promise<AllowlistFake> {
  const dataset = opts.dataset ?? ALLOWLIST_FIXTURE;
  const prefix = opts.prefix ?? '/connectivity';
  const limit = opts.limit ?? 5;
  const windowMs = opts.windowMs ?? 60_000;
  let sent: number[] = [];
  const overrides: Array<{ status: number; body?: string; headers?: Record<string, string> }> = [];

  const fake: Omit<AllowlistFake, 'port' | 'baseUrl' | 'close'> = {
    requests: [],
    malform: null,
    lastModified: opts.lastModified ?? 'Mon, 01 Jun 2026 00:00:00 GMT',
    failNext(status, body, headers) {
      overrides.push({ status, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    },
    resetRateLimit() {
      sent = [];
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://fake.invalid');
    const query = Object.fromEntries(url.searchParams);
    const seen: SeenRequest = { path: url.pathname, query, headers: req.headers, status: 0, gzipped: false };
    fake.requests.push(seen);
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      seen.status = status;
      const out: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...headers };
      const transaction = req.headers['citrix-transactionid'];
      if (typeof transaction === 'string') out['citrix-transactionid'] = transaction;
      let payload: Buffer = Buffer.from(body);
      if (gzip && body.length > 0 && status !== 304) {
        payload = gzipSync(payload);
        out['content-encoding'] = 'gzip';
        out['vary'] = 'Accept-Encoding';
        seen.gzipped = true;
      }
      res.writeHead(status, out);
      res.end(status === 304 ? undefined : payload);
    };
    const badRequest = (parameter: string, message: string) =>
      send(400, JSON.stringify({ type: 'BadRequest', title: 'Bad Request', status: 400, parameter, message }));

    // The limit counts every request from the address, as the real API's does.
    const now = Date.now();
    sent = sent.filter((t) => t > now - windowMs);
    if (sent.length >= limit) {
      const freeAt = sent[sent.length - limit]! + windowMs;
      const headers: Record<string, string> = {};
      if (opts.retryAfter === 'date') headers['retry-after'] = new Date(Math.ceil(freeAt / 1000) * 1000).toUTCString();
      else if (opts.retryAfter !== 'none') headers['retry-after'] = String(Math.ceil((freeAt - now) / 1000));
      send(429, JSON.stringify({ type: 'TooManyRequests', message: 'Rate limit exceeded: 5 requests per minute.' }), headers);
      return;
    }
    sent.push(now);

    const override = overrides.shift();
    if (override) return send(override.status, override.body ?? '', override.headers);
    if (req.method !== 'GET' || url.pathname !== `${prefix}/v2/allowlist`) {
      return send(404, JSON.stringify({ type: 'NotFound', message: `No resource at ${url.pathname}.` }));
    }
    const format = query['format'] ?? 'json';
    const geo = query['geo'] ?? 'all';
    const direction = query['direction'] ?? 'all';
    const customerId = query['customerId'];
    if (!FORMATS.includes(format)) return badRequest('format', `format must be one of ${FORMATS.join(', ')}.`);
    if (!GEOS.includes(geo)) return badRequest('geo', `geo must be one of ${GEOS.join(', ')}.`);
    if (!DIRECTIONS.includes(direction)) return badRequest('direction', `direction must be one of ${DIRECTIONS.join(', ')}.`);
    if (customerId === undefined && format === 'json') return badRequest('customerId', 'customerId is required when format=json.');
    if (customerId !== undefined && !CUSTOMER_ID.test(customerId))
      return badRequest('customerId', 'customerId must match ^[a-zA-Z0-9]{1,12}$.');

    const cacheHeaders = { 'last-modified': fake.lastModified, 'cache-control': opts.cacheControl ?? 'public, max-age=3600' };
    const since = req.headers['if-modified-since'];
    if (typeof since === 'string' && Date.parse(since) >= Date.parse(fake.lastModified)) return send(304, '', cacheHeaders);

    if (fake.malform === 'not-json') {
      return send(200, '<html><body>Service temporarily unavailable</body></html>', { ...cacheHeaders, 'content-type': 'text/html' });
    }
    if (fake.malform === 'huge') return send(200, `{"services":[${'"x",'.repeat(3 * 1024 * 1024)}"x"]}`, cacheHeaders);
    const answer = format === 'json' ? renderJson(dataset, geo, direction, customerId) : renderZscaler(dataset, geo, direction, customerId);
    send(200, JSON.stringify(fake.malform === 'wrong-shape' ? wrongShape(format, answer) : answer), cacheHeaders);
  };

  const server: Server = createServer({ cert: opts.chainPem, key: opts.keyPem }, (req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  server.keepAliveTimeout = 1000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(fake, {
    port,
    baseUrl: `https://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
