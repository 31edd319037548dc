import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldkitError } from '../../shared/fieldkit-error.ts';
import type { AllowlistJsonAnswer, AllowlistQueryInput, ZscalerAnswer } from '../../shared/schemas/allowlist.ts';
import { fetchAllowlist, type AllowlistWait, type FetchAllowlistDeps } from '../../electron/services/allowlist/allowlist-client.ts';
import { openAllowlistConnection, type AllowlistConnection } from '../../electron/services/allowlist/allowlist-connection.ts';
import { allowlistBaseUrl } from '../../electron/services/allowlist/allowlist-endpoints.ts';
import { createFileRateLimiter } from '../../electron/services/allowlist/rate-limiter.ts';
import { startAllowlistFake, type AllowlistFake } from '../support/allowlist-api-fake.ts';
import { realPartAvailable } from '../support/require-real-part.ts';
import { squidUnavailableReason, startSquid, type SquidHandle } from '../support/squid.ts';
import { createRootCa, issueCertificate, type Issued } from '../support/test-pki.ts';
import { closedPort, startHttpsOrigin } from '../support/tls-origins.ts';

/**
 * The AllowList API client against the fake API over real TLS: both formats,
 * filters, placeholders, gzip, 304, every error answer, malformed answers,
 * the 429 wait, and bad input refused before a request.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const folder = mkdtempSync(join(tmpdir(), 'fk-allowlist-client-'));
let root: Issued;
let leaf: Issued;
let fake: AllowlistFake;
let connection: AllowlistConnection;

function deps(extra: Partial<FetchAllowlistDeps> = {}): FetchAllowlistDeps {
  return {
    dispatcher: connection.dispatcher,
    limiter: createFileRateLimiter({ file: join(folder, `limit-${Math.random()}.json`), limit: 1000 }),
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<FieldkitError> {
  try {
    await promise;
  } catch (err) {
    return err as FieldkitError;
  }
  throw new Error('expected the fetch to fail');
}

const json = (query: Partial<AllowlistQueryInput> = {}) => ({ baseUrl: fake.baseUrl, query: { customerId: 'acme42', ...query } });

beforeAll(async () => {
  root = await createRootCa({ commonName: 'Fieldkit Test Public Root' });
  leaf = await issueCertificate(root, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', 'api.citrixcloud.jp', '127.0.0.1'] });
  fake = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1000 });
  connection = await openAllowlistConnection({ extraTrustAnchors: [root.certPem], includeSystemTrust: false, env: {} });
});

afterAll(async () => {
  await connection?.close();
  await fake?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('fetching the allowlist', () => {
  it('gets the json format, gzip-compressed, with placeholders replaced, IPv6 ranges and unknown fields kept', async () => {
    const result = await fetchAllowlist(json(), deps());
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    const seen = fake.requests.at(-1)!;
    expect(seen.path).toBe('/connectivity/v2/allowlist');
    expect(seen.query).toEqual({ customerId: 'acme42', format: 'json', geo: 'all', direction: 'all' });
    expect(seen.headers['accept-encoding']).toBe('gzip');
    expect(seen.gzipped).toBe(true);
    expect(seen.headers['citrix-transactionid']).toBe(result.transactionId);
    expect(result.transactionId).toMatch(GUID);
    const body = result.body as AllowlistJsonAnswer;
    expect(body.meta).toEqual({ version: '2026-06-01T00:00:00Z', validUntil: '2026-06-04T12:00:00Z', schemaRevision: 'v2.3' });
    expect(body.services.map((s) => s.name)).toEqual(['DaaS', 'Gateway Service', 'Console Agent', 'Connector Callback']);
    expect(body.services[0]!['category']).toBe('control-plane');
    expect(body.services[0]!.endpoints[1]!['datacenter']).toBe('westeurope');
    expect(body.services[0]!.endpoints[0]!.fqdns).toEqual(['acme42.xendesktop.net', '*.cloud.com']);
    expect(body.services[0]!.endpoints[0]!.ips).toContain('2620:1ec:4::152/127');
    expect(JSON.stringify(body)).not.toContain('CUSTOMER_ID');
    expect(JSON.parse(result.rawText)).toEqual(body);
    expect(result.lastModified).toBe(fake.lastModified);
    expect(result.cacheControl).toBe('public, max-age=3600');
    expect(Date.parse(result.fetchedAt)).not.toBeNaN();
  });

  it('sends a fresh transaction ID with every request', async () => {
    const a = await fetchAllowlist(json(), deps());
    const b = await fetchAllowlist(json(), deps());
    expect(a.transactionId).not.toBe(b.transactionId);
  });

  it('gets the zscaler format without a customer ID, placeholders as wildcards, IPv6 apart', async () => {
    const result = await fetchAllowlist({ baseUrl: fake.baseUrl, query: { format: 'zscaler' } }, deps());
    if (result.status !== 'ok') throw new Error('expected an answer');
    expect(fake.requests.at(-1)!.query).toEqual({ format: 'zscaler', geo: 'all', direction: 'all' });
    const body = result.body as ZscalerAnswer;
    expect(body.usage.update_interval).toBe(84);
    expect(body.usage['contact']).toBe('https://docs.citrix.com');
    expect(body.services.find((s) => s.id === 'daas-outbound-us-tcp-ipv4')!.domains).toEqual(['*.xendesktop.net', '*.cloud.com']);
    expect(body.services.every((s) => (s.cidrs ?? []).every((c) => !c.includes(':')))).toBe(true);
    expect(body.ipv6_services!.map((s) => s.id)).toContain('daas-outbound-us-tcp-ipv6');
    expect(body.services.find((s) => s.id === 'gateway-service-outbound-eu-udp-ipv4')!.ports).toBe('443,1494,2598');
  });

  it('passes the geo and direction filters on and gets only what they select', async () => {
    const result = await fetchAllowlist(json({ geo: 'jp', direction: 'inbound' }), deps());
    if (result.status !== 'ok') throw new Error('expected an answer');
    expect(fake.requests.at(-1)!.query).toMatchObject({ geo: 'jp', direction: 'inbound' });
    const body = result.body as AllowlistJsonAnswer;
    expect(body.services.map((s) => [s.name, s.direction, s.endpoints.map((e) => e.geo)])).toEqual([
      ['Connector Callback', 'inbound', ['jp']],
    ]);
    expect(body.services[0]!.tcpPorts).toBe('8443-8444');
  });

  it('asks If-Modified-Since and reports not-modified on a 304; a stale date gets the list again', async () => {
    const same = await fetchAllowlist({ ...json(), ifModifiedSince: fake.lastModified }, deps());
    expect(same).toMatchObject({ status: 'not-modified', lastModified: fake.lastModified });
    expect(fake.requests.at(-1)!.headers['if-modified-since']).toBe(fake.lastModified);
    expect(fake.requests.at(-1)!.status).toBe(304);
    const older = await fetchAllowlist({ ...json(), ifModifiedSince: 'Sun, 31 May 2026 00:00:00 GMT' }, deps());
    expect(older.status).toBe('ok');
  });

  it('the fake answers uncompressed to a client that does not ask for gzip', async () => {
    const res = await request(`${fake.baseUrl}/v2/allowlist?customerId=acme42&geo=us`, { dispatcher: connection.dispatcher });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(fake.requests.at(-1)!.gzipped).toBe(false);
    const body = (await res.body.json()) as AllowlistJsonAnswer;
    expect(body.services.flatMap((s) => s.endpoints.map((e) => e.geo))).toEqual(['us', 'us', 'us', 'us']);
  });

  it('reads an answer sent without compression too', async () => {
    fake.failNext(200, JSON.stringify({ meta: { version: 'v', validUntil: 'u' }, services: [] }));
    const result = await fetchAllowlist(json(), deps());
    expect(result).toMatchObject({ status: 'ok', body: { services: [] } });
  });
});

describe('refusing bad input before any request', () => {
  it.each([
    ['a customer ID with other characters', { customerId: 'acme-42!' }, 'customerId'],
    ['a customer ID longer than 12', { customerId: 'abcdefghijklm' }, 'customerId'],
    ['json without a customer ID', { customerId: undefined }, 'customerId'],
    ['an unknown geo', { geo: 'mars' }, 'geo'],
  ])('%s', async (_, query, field) => {
    const before = fake.requests.length;
    const err = await failure(
      fetchAllowlist({ baseUrl: fake.baseUrl, query: { customerId: 'acme42', ...query } as AllowlistQueryInput }, deps()),
    );
    expect(err.code).toBe('ALLOWLIST_BAD_QUERY');
    expect(err.field).toBe(field);
    expect(fake.requests.length).toBe(before);
  });

  it('has no base URL for the Government cloud, says so, and takes one the user gives', () => {
    const gov = allowlistBaseUrl('gov');
    expect(gov.baseUrl).toBeUndefined();
    expect('reason' in gov && gov.reason).toMatch(/documents no AllowList API address/);
    expect(allowlistBaseUrl('gov', 'https://allowlist.example.us/connectivity/')).toEqual({
      baseUrl: 'https://allowlist.example.us/connectivity',
      source: 'override',
    });
    expect(allowlistBaseUrl('commercial').baseUrl).toBe('https://api.cloud.com/connectivity');
    expect(allowlistBaseUrl('japan').baseUrl).toBe('https://api.citrixcloud.jp/connectivity');
    expect(() => allowlistBaseUrl('commercial', 'http://api.cloud.com/connectivity')).toThrow(/https:\/\//);
  });
});

describe('error answers', () => {
  it('the fake itself answers 400 with a JSON body naming the parameter', async () => {
    const res = await request(`${fake.baseUrl}/v2/allowlist?format=json`, { dispatcher: connection.dispatcher });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({ parameter: 'customerId' });
    const geo = await request(`${fake.baseUrl}/v2/allowlist?format=zscaler&geo=mars`, { dispatcher: connection.dispatcher });
    expect(geo.statusCode).toBe(400);
    expect(await geo.body.json()).toMatchObject({ parameter: 'geo' });
  });

  it('400 names the parameter the API names', async () => {
    fake.failNext(400, JSON.stringify({ title: 'Bad Request', parameter: 'geo', message: 'geo must be one of us, eu, ap-s, jp, all.' }));
    const err = await failure(fetchAllowlist(json({ geo: 'eu' }), deps()));
    expect(err.code).toBe('ALLOWLIST_BAD_REQUEST');
    expect(err.field).toBe('geo');
    expect(err.message).toContain('refused the parameter geo (sent: geo=eu)');
    expect(err.message).toContain('geo must be one of');
    expect(err.message).toMatch(/Transaction ID [0-9a-f-]{36}/);
  });

  it('400 that names nothing lists what was sent', async () => {
    fake.failNext(400, 'Bad Request', { 'content-type': 'text/plain' });
    const err = await failure(fetchAllowlist(json({ direction: 'outbound' }), deps()));
    expect(err.code).toBe('ALLOWLIST_BAD_REQUEST');
    expect(err.message).toContain('without saying which parameter (sent: customerId=acme42, format=json, geo=all, direction=outbound)');
  });

  it('404 says there is no allowlist at that address', async () => {
    const err = await failure(fetchAllowlist({ ...json(), baseUrl: `https://127.0.0.1:${fake.port}/wrong` }, deps()));
    expect(err.code).toBe('ALLOWLIST_NOT_FOUND');
    expect(err.message).toContain(`https://127.0.0.1:${fake.port}/wrong/v2/allowlist`);
    expect(fake.requests.at(-1)!.status).toBe(404);
  });

  it('5xx is a server failure with the transaction ID for Citrix support', async () => {
    fake.failNext(503, 'maintenance');
    const err = await failure(fetchAllowlist(json(), deps()));
    expect(err.code).toBe('ALLOWLIST_SERVER_ERROR');
    expect(err.message).toContain('HTTP 503');
    expect(err.message).toContain(fake.requests.at(-1)!.headers['citrix-transactionid'] as string);
  });

  it('a certificate the trust does not know is a TLS failure in Check Connectivity words', async () => {
    const strict = await openAllowlistConnection({ includeSystemTrust: false, env: {} });
    try {
      const err = await failure(fetchAllowlist(json(), deps({ dispatcher: strict.dispatcher })));
      expect(err.code).toBe('ALLOWLIST_UNREACHABLE');
      expect(err.message).toMatch(/^The certificate chain presented for 127\.0\.0\.1 is not trusted/);
    } finally {
      await strict.close();
    }
  });

  it('an API that accepts but never answers is a timeout, not a hang', async () => {
    const silent = await startHttpsOrigin({ chainPem: leaf.certPem, keyPem: leaf.keyPem, behaviour: { kind: 'hang' } });
    try {
      const err = await failure(
        fetchAllowlist({ ...json(), baseUrl: `https://127.0.0.1:${silent.port}/connectivity` }, deps({ timeoutMs: 300 })),
      );
      expect(err.code).toBe('ALLOWLIST_UNREACHABLE');
      expect(err.message).toContain('did not finish answering within 300 ms');
    } finally {
      await silent.close();
    }
  });

  it('a refused connection says so', async () => {
    const port = await closedPort();
    const err = await failure(fetchAllowlist({ ...json(), baseUrl: `https://127.0.0.1:${port}/connectivity` }, deps()));
    expect(err.code).toBe('ALLOWLIST_UNREACHABLE');
    expect(err.message).toContain(`on port ${port} was refused`);
  });
});

describe('malformed answers: an error and nothing returned', () => {
  afterAll(() => {
    fake.malform = null;
  });

  it('json with a wrong type names where, in words', async () => {
    fake.malform = 'wrong-shape';
    const err = await failure(fetchAllowlist(json(), deps()));
    expect(err.code).toBe('ALLOWLIST_MALFORMED');
    expect(err.message).toContain('service 2 (Gateway Service), endpoint 1, fqdns:');
    expect(err.message).toContain('Nothing was kept');
  });

  it('zscaler with a wrong type names where', async () => {
    fake.malform = 'wrong-shape';
    const err = await failure(fetchAllowlist({ baseUrl: fake.baseUrl, query: { format: 'zscaler' } }, deps()));
    expect(err.code).toBe('ALLOWLIST_MALFORMED');
    expect(err.message).toContain('service 1 (DaaS outbound us tcp ipv4), ports: Invalid input: expected string, received number');
  });

  it('a page that is not JSON', async () => {
    fake.malform = 'not-json';
    const err = await failure(fetchAllowlist(json(), deps()));
    expect(err.code).toBe('ALLOWLIST_MALFORMED');
    expect(err.message).toContain('not JSON (it starts "<html>');
  });

  it('an answer past the size cap is cut off', async () => {
    fake.malform = 'huge';
    const err = await failure(fetchAllowlist(json(), deps({ maxBytes: 1024 * 1024 })));
    expect(err.code).toBe('ALLOWLIST_MALFORMED');
    expect(err.message).toContain('goes on past 1 MiB');
  });
});

describe('rate limits', () => {
  it('waits for the client-side limiter and says so', async () => {
    const waits: AllowlistWait[] = [];
    const limiter = createFileRateLimiter({ file: join(folder, 'client-wait.json'), limit: 1, windowMs: 400 });
    const d = deps({ limiter, onWait: (w) => waits.push(w) });
    await fetchAllowlist(json(), d);
    const start = Date.now();
    await fetchAllowlist(json(), d);
    expect(Date.now() - start).toBeGreaterThanOrEqual(300);
    expect(waits[0]).toMatchObject({ reason: 'client-limit' });
    expect(waits[0]!.waitMs).toBeGreaterThan(0);
  });

  describe.each(['seconds', 'date'] as const)('a 429 with Retry-After as %s', (retryAfter) => {
    let limited: AllowlistFake;
    beforeAll(async () => {
      limited = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 2, windowMs: 1000, retryAfter });
    });
    afterAll(() => limited.close());

    it('is waited out, then the request succeeds', async () => {
      const waits: AllowlistWait[] = [];
      const d = deps({ onWait: (w) => waits.push(w) });
      const q = { baseUrl: limited.baseUrl, query: { customerId: 'acme42' } };
      await fetchAllowlist(q, d);
      await fetchAllowlist(q, d);
      const result = await fetchAllowlist(q, d);
      expect(result.status).toBe('ok');
      expect(limited.requests.map((r) => r.status)).toEqual([200, 200, 429, 200]);
      const serverWaits = waits.filter((w) => w.reason === 'server-429');
      expect(serverWaits).toHaveLength(1);
      expect(serverWaits[0]!.waitMs).toBeGreaterThan(0);
      expect(serverWaits[0]!.waitMs).toBeLessThanOrEqual(2000);
      const ids = limited.requests.slice(2).map((r) => r.headers['citrix-transactionid']);
      expect(ids[0]).not.toBe(ids[1]);
    });
  });

  it('stops waiting out a 429 at once when cancelled', async () => {
    const limited = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1, windowMs: 60_000 });
    try {
      const q = { baseUrl: limited.baseUrl, query: { customerId: 'acme42' } };
      await fetchAllowlist(q, deps());
      const controller = new AbortController();
      const start = Date.now();
      const err = await failure(fetchAllowlist({ ...q, signal: controller.signal }, deps({ onWait: () => controller.abort() })));
      expect(err.code).toBe('TASK_CANCELLED');
      expect(Date.now() - start).toBeLessThan(2_000);
      expect(limited.requests.map((r) => r.status)).toEqual([200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('gives up with a clear message when the API asks for a longer wait than allowed', async () => {
    const limited = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1, windowMs: 60_000 });
    try {
      const d = deps({ maxRateLimitWaitMs: 5_000 });
      const q = { baseUrl: limited.baseUrl, query: { customerId: 'acme42' } };
      await fetchAllowlist(q, d);
      const start = Date.now();
      const err = await failure(fetchAllowlist(q, d));
      expect(Date.now() - start).toBeLessThan(2_000);
      expect(err.code).toBe('ALLOWLIST_RATE_LIMITED');
      expect(err.message).toMatch(/HTTP 429\), and it asks to wait (59|60) s more/);
    } finally {
      await limited.close();
    }
  });
});

const withSquid = realPartAvailable(squidUnavailableReason()) ? describe : describe.skip;

withSquid('through a real Squid', () => {
  let squid: SquidHandle;
  beforeAll(async () => {
    squid = await startSquid({
      hosts: ['api.cloud.com', 'api.citrixcloud.jp'],
      allowedPorts: [fake.port],
      deniedHosts: ['api.citrixcloud.jp'],
      users: { fieldkit: 'c0rrect-h0rse' },
      originCaPem: root.certPem,
      bumpCa: await createRootCa({ commonName: 'Fieldkit Lab Inspection CA' }),
    });
  }, 30_000);
  afterAll(() => squid?.stop());

  const viaProxy = async (port: number, baseUrl: string, password?: string) => {
    const proxied = await openAllowlistConnection({
      proxy: { type: 'explicit', host: '127.0.0.1', port, ...(password !== undefined ? { username: 'fieldkit' } : {}) },
      ...(password !== undefined ? { proxyPassword: password } : {}),
      extraTrustAnchors: [root.certPem],
      includeSystemTrust: false,
      env: {},
    });
    try {
      return await fetchAllowlist({ baseUrl, query: { customerId: 'acme42' } }, deps({ dispatcher: proxied.dispatcher }));
    } finally {
      await proxied.close();
    }
  };

  it('fetches through the proxy with CONNECT, by the API name', async () => {
    const result = await viaProxy(squid.plainPort, `https://api.cloud.com:${fake.port}/connectivity`);
    expect(result.status).toBe('ok');
    expect(squid.accessLog()).toContain(`CONNECT api.cloud.com:${fake.port}`);
  });

  it('fetches through the Basic-auth port with the password', async () => {
    const result = await viaProxy(squid.authPort, `https://api.cloud.com:${fake.port}/connectivity`, 'c0rrect-h0rse');
    expect(result.status).toBe('ok');
  });

  it("a proxy's refusal is reported in Check Connectivity's words", async () => {
    const err = await failure(viaProxy(squid.plainPort, `https://api.citrixcloud.jp:${fake.port}/connectivity`));
    expect(err.code).toBe('ALLOWLIST_UNREACHABLE');
    expect(err.message).toContain(`The proxy 127.0.0.1:${squid.plainPort} refused to connect to api.citrixcloud.jp:${fake.port}`);
    const auth = await failure(viaProxy(squid.authPort, `https://api.cloud.com:${fake.port}/connectivity`));
    expect(auth.message).toContain('answered 407');
  });
});
