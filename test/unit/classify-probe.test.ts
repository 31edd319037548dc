import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS } from '../../shared/schemas/diagnostics.ts';
import { classifyProbe } from '../../electron/services/diagnostics/classify-probe.ts';
import { matchInterceptionProduct } from '../../electron/services/diagnostics/interception-products.ts';
import type { ProbeRecord, ProbeStop } from '../../electron/services/diagnostics/probe-endpoint.ts';

const ctx = { listed: '*.citrixnetworkapi.net', timeouts: DEFAULT_TIMEOUTS };

function viaProxy(stop: ProbeStop | undefined, extra: Partial<ProbeRecord> = {}): ProbeRecord {
  return {
    host: 'trust.citrixnetworkapi.net',
    port: 443,
    route: 'explicit-proxy',
    proxyLabel: 'proxy.corp:8080',
    username: 'alice',
    authSent: false,
    phases: [
      { phase: 'dns', status: 'ok', startMs: 0, durationMs: 1, target: 'proxy.corp' },
      { phase: 'tcp', status: 'ok', startMs: 1, durationMs: 1, target: '10.0.0.1:8080' },
    ],
    ...(stop ? { stop } : {}),
    startedAt: '2026-01-01T00:00:00.000Z',
    totalMs: 5,
    ...extra,
  };
}

const connectStop: ProbeStop = { phase: 'proxy-connect', status: 'failed', code: 'HTTP_X', message: 'x' };

describe('classification of proxy answers', () => {
  it('407 without credentials: authentication required, with the offered schemes', () => {
    const c = classifyProbe(
      viaProxy(connectStop, {
        proxyConnect: { request: 'CONNECT', authSent: false, statusCode: 407, proxyAuthenticate: ['NTLM', 'Basic realm="x"'] },
      }),
      ctx,
    );
    expect(c.failure?.code).toBe('proxy_auth_required');
    expect(c.failure?.message).toContain('NTLM; Basic realm="x"');
  });

  it('407 after credentials were sent: credentials rejected, naming the user', () => {
    const c = classifyProbe(
      viaProxy(connectStop, { authSent: true, proxyConnect: { request: 'CONNECT', authSent: true, statusCode: 407 } }),
      ctx,
    );
    expect(c.failure?.code).toBe('proxy_auth_rejected');
    expect(c.failure?.message).toContain('alice');
  });

  it.each([403, 451, 400])('%i: the proxy denied the destination, fix names the listed pattern', (status) => {
    const c = classifyProbe(
      viaProxy(connectStop, { proxyConnect: { request: 'CONNECT', authSent: false, statusCode: status, statusText: 'Forbidden' } }),
      ctx,
    );
    expect(c.failure?.code).toBe('proxy_denied');
    expect(c.failure?.fix).toContain('*.citrixnetworkapi.net');
    expect(c.failure?.console).toBe('Required service URL not reachable');
  });

  it.each([502, 503, 504])('%i: the proxy could not reach the destination', (status) => {
    expect(
      classifyProbe(viaProxy(connectStop, { proxyConnect: { request: 'CONNECT', authSent: false, statusCode: status } }), ctx).failure
        ?.code,
    ).toBe('proxy_upstream_failed');
  });

  it('no parsable answer to CONNECT', () => {
    const c = classifyProbe(
      viaProxy(
        { phase: 'proxy-connect', status: 'timeout', code: 'TIMEOUT', message: 'x' },
        { proxyConnect: { request: 'CONNECT', authSent: false } },
      ),
      ctx,
    );
    expect(c.failure?.code).toBe('proxy_bad_response');
    expect(c.failure?.message).toContain(`${DEFAULT_TIMEOUTS.proxyConnectMs} ms`);
  });

  it('DNS or TCP failures towards the proxy are "proxy unreachable", not destination failures', () => {
    const dnsFail = viaProxy(
      { phase: 'dns', status: 'failed', code: 'NOTFOUND', message: 'x' },
      { phases: [{ phase: 'dns', status: 'failed', startMs: 0, durationMs: 1, target: 'proxy.corp' }] },
    );
    expect(classifyProbe(dnsFail, ctx).failure).toMatchObject({
      code: 'proxy_unreachable',
      message: expect.stringContaining('proxy.corp does not resolve'),
    });
    const tcpFail = viaProxy({ phase: 'tcp', status: 'timeout', code: 'TIMEOUT', message: 'x' });
    expect(classifyProbe(tcpFail, ctx).failure?.code).toBe('proxy_unreachable');
  });

  it('a cancelled probe is "not checked", not "not reachable"', () => {
    const c = classifyProbe(viaProxy({ phase: 'tcp', status: 'aborted', code: 'ABORTED', message: 'x' }), ctx);
    expect(c.verdict).toBe('not-checked');
    expect(c.failure?.code).toBe('not_checked');
  });

  it('an HTTP answer marked as written by the proxy is a denial (4xx) or an upstream failure (5xx), whatever the TLS trust', () => {
    const tlsFacts = {
      servername: 'x',
      authorized: false,
      authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
      chain: [],
      interception: { detected: true, reason: 'r', issuer: 'Corp CA' },
    };
    const blocked = classifyProbe(
      viaProxy(undefined, {
        tls: tlsFacts,
        http: { request: 'GET', statusCode: 403, proxyGenerated: 'X-Squid-Error: ERR_ACCESS_DENIED 0' },
      }),
      ctx,
    );
    expect(blocked.failure?.code).toBe('proxy_denied');
    const upstream = classifyProbe(
      viaProxy(undefined, { tls: tlsFacts, http: { request: 'GET', statusCode: 503, proxyGenerated: 'Proxy-Status: x' } }),
      ctx,
    );
    expect(upstream.failure?.code).toBe('proxy_upstream_failed');
    const inspected = classifyProbe(viaProxy(undefined, { tls: tlsFacts, http: { request: 'GET', statusCode: 200 } }), ctx);
    expect(inspected.failure?.code).toBe('tls_intercepted_untrusted');
  });

  it('an origin 4xx is reachable (the service answered); an origin 5xx is an HTTP error', () => {
    const tlsOk = { servername: 'x', authorized: true, chain: [], interception: { detected: false, reason: 'r' } };
    expect(classifyProbe(viaProxy(undefined, { tls: tlsOk, http: { request: 'GET', statusCode: 404 } }), ctx).verdict).toBe('reachable');
    expect(
      classifyProbe(
        viaProxy(undefined, { tls: tlsOk, http: { request: 'GET', statusCode: 500, statusText: 'Internal Server Error' } }),
        ctx,
      ).failure,
    ).toMatchObject({ code: 'http_error', message: expect.stringContaining('HTTP 500 Internal Server Error') });
  });
});

describe('classification of direct failures', () => {
  const direct = (stop: ProbeStop): ProbeRecord => ({
    ...viaProxy(stop),
    route: 'direct',
    phases: [{ phase: 'tcp', status: 'failed', startMs: 0, durationMs: 1, target: '203.0.113.9:443' }],
  });

  it('no route to the host is "network unreachable", naming the address', () => {
    const c = classifyProbe(direct({ phase: 'tcp', status: 'failed', code: 'ENETUNREACH', message: 'connect ENETUNREACH' }), ctx);
    expect(c.failure?.code).toBe('tcp_unreachable');
    expect(c.failure?.message).toContain('203.0.113.9');
  });

  it('a reset while connecting counts as refused; an OS-level ETIMEDOUT as a timeout', () => {
    expect(classifyProbe(direct({ phase: 'tcp', status: 'failed', code: 'ECONNRESET', message: 'x' }), ctx).failure?.code).toBe(
      'tcp_refused',
    );
    expect(classifyProbe(direct({ phase: 'tcp', status: 'failed', code: 'ETIMEDOUT', message: 'x' }), ctx).failure?.code).toBe(
      'tcp_timeout',
    );
  });
});

describe('interception products', () => {
  it.each([
    ['CN=Zscaler Intermediate Root CA (zscloud.net), O=Zscaler Inc.', 'Zscaler'],
    ['CN=FortiGate CA, O=Fortinet', 'Fortinet FortiGate'],
    ['CN=Fortinet_CA_SSL', 'Fortinet FortiGate'],
    ['CN=Blue Coat ProxySG CA', 'Blue Coat / Symantec ProxySG (Broadcom Edge SWG)'],
    ['CN=Palo Alto Networks Decryption CA', 'Palo Alto Networks'],
    ['CN=Cisco Umbrella Secondary SubCA', 'Cisco Umbrella'],
    ['CN=Forcepoint Cloud CA', 'Forcepoint'],
    ['CN=Sophos SSL CA_C123', 'Sophos'],
    ['CN=Check Point Inspection CA', 'Check Point'],
    ['CN=ca.corp.goskope.com, O=Netskope Inc', 'Netskope'],
  ])('%s → %s', (name, product) => {
    expect(matchInterceptionProduct([name])).toBe(product);
  });

  it('a corporate CA with no product name matches nothing', () => {
    expect(matchInterceptionProduct(['CN=ACME Corp Issuing CA 2', 'CN=ACME Root'])).toBeUndefined();
  });
});
