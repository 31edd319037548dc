import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsRun, EndpointResult } from '../../shared/schemas/diagnostics.ts';
import { exportRunJson } from '../../electron/services/diagnostics/report-export.ts';
import { renderRunHtml } from '../../electron/services/diagnostics/report-html.ts';
import { runDiagnostics, type DiagnosticsEngineOptions } from '../../electron/services/diagnostics/run-diagnostics.ts';
import { testProxy } from '../../electron/services/diagnostics/test-proxy.ts';
import { catalogHosts, createTestPki, fingerprint, publicLeaf, type TestPki } from '../support/diagnostics-fixtures.ts';
import { realPartAvailable } from '../support/require-real-part.ts';
import { squidUnavailableReason, startSquid, type SquidHandle } from '../support/squid.ts';
import { createRootCa, type Issued } from '../support/test-pki.ts';
import { closedPort, startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';

/**
 * Every proxy mode against a real Squid on loopback: plain explicit, Basic
 * auth, and SSL-bump interception. Squid resolves the real Citrix names to
 * 127.0.0.1 through its own hosts file and connects to the local origin on
 * its high port (the CONNECT carries the port from the engine's port override).
 */
const run = realPartAvailable(squidUnavailableReason()) ? describe : describe.skip;

const FAST = { dnsMs: 1000, connectMs: 1000, proxyConnectMs: 5000, tlsMs: 5000, httpMs: 5000 };
const PASSWORD = 'c0rrect-h0rse';
const DENIED = 'netscalermas.cloud.com';
const UPSTREAM_DOWN = 'accounts.cloud.com';

let pki: TestPki;
let bumpCa: Issued;
let squid: SquidHandle;
let origin: LocalServer;
let downPort: number;

function options(extra: DiagnosticsEngineOptions = {}): DiagnosticsEngineOptions {
  const ports = Object.fromEntries(catalogHosts('commercial').map((h) => [h, origin.port]));
  ports[UPSTREAM_DOWN] = downPort;
  return { portOverrides: ports, extraTrustAnchors: [pki.publicRoot.certPem], env: {}, ...extra };
}

function byHost(r: DiagnosticsRun, host: string): EndpointResult {
  const found = r.results.find((x) => x.host === host && x.coverage === 'exact');
  if (!found) throw new Error(`no result for ${host}`);
  return found;
}

run('diagnostics through a real Squid', () => {
  beforeAll(async () => {
    pki = await createTestPki();
    bumpCa = await createRootCa({ commonName: 'Fieldkit Lab Inspection CA', organization: 'Fieldkit Tests' });
    origin = await startHttpsOrigin(await publicLeaf(pki, catalogHosts('commercial')));
    downPort = await closedPort();
    squid = await startSquid({
      hosts: catalogHosts('commercial'),
      allowedPorts: [origin.port, downPort],
      deniedHosts: [DENIED],
      users: { fieldkit: PASSWORD },
      originCaPem: pki.publicRoot.certPem,
      bumpCa,
    });
  });

  afterAll(async () => {
    await squid?.stop();
    await origin?.close();
  });

  it('explicit proxy: reachable through CONNECT, a denied destination, and a destination the proxy cannot reach', async () => {
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.plainPort } },
      options(),
    );
    const trust = byHost(r, 'trust.citrixnetworkapi.net');
    expect(trust.verdict).toBe('reachable');
    expect(trust.route).toBe('explicit-proxy');
    expect(trust.phases.map((p) => p.phase)).toEqual(['dns', 'tcp', 'proxy-connect', 'tls', 'http']);
    expect(trust.dns).toMatchObject({ for: 'proxy', source: 'literal' });
    expect(trust.tcp).toMatchObject({ for: 'proxy', port: squid.plainPort });
    expect(trust.proxyConnect).toMatchObject({
      statusCode: 200,
      authSent: false,
      request: `CONNECT trust.citrixnetworkapi.net:${origin.port}`,
    });
    expect(trust.tls?.interception.detected).toBe(false);

    const denied = byHost(r, DENIED);
    expect(denied.failure?.code).toBe('proxy_denied');
    expect(denied.failure?.console).toBe('Required service URL not reachable');
    expect(denied.proxyConnect).toMatchObject({
      statusCode: 403,
      server: expect.stringMatching(/^squid/),
      proxyError: expect.stringContaining('ERR_ACCESS_DENIED'),
    });
    expect(denied.failure?.message).toContain(`127.0.0.1:${squid.plainPort}`);

    const down = byHost(r, UPSTREAM_DOWN);
    expect(down.failure?.code).toBe('proxy_upstream_failed');
    expect(down.proxyConnect?.statusCode).toBeGreaterThanOrEqual(500);

    expect(r.summary.verdict).toBe('not-met');
    const steps = r.summary.nextSteps.map((s) => s.code);
    expect(steps.slice(0, 2)).toEqual(['proxy_denied', 'proxy_upstream_failed']);
    expect(r.summary.nextSteps[0]!.text).toContain(DENIED);
  });

  it('a CONNECT to a port the proxy does not allow is a proxy denial', async () => {
    const blocked = await closedPort();
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.plainPort } },
      options({ portOverrides: { 'trust.citrixnetworkapi.net': blocked } }),
    );
    expect(byHost(r, 'trust.citrixnetworkapi.net').failure?.code).toBe('proxy_denied');
  });

  it('Basic auth: required without credentials, with the challenge recorded', async () => {
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.authPort } },
      options(),
    );
    const trust = byHost(r, 'trust.citrixnetworkapi.net');
    expect(trust.failure?.code).toBe('proxy_auth_required');
    expect(trust.proxyConnect?.proxyAuthenticate).toEqual(['Basic realm="Fieldkit test proxy"']);
    expect(r.results.every((x) => x.failure?.code === 'proxy_auth_required')).toBe(true);
    expect(r.summary.nextSteps[0]!.code).toBe('proxy_auth_required');
  });

  it('Basic auth: a username without a password says the password is missing', async () => {
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.authPort, username: 'fieldkit' } },
      options(),
    );
    const trust = byHost(r, 'trust.citrixnetworkapi.net');
    expect(trust.failure?.code).toBe('proxy_auth_required');
    expect(trust.failure?.message).toContain('no password was available');
  });

  it('Basic auth: wrong credentials are rejected', async () => {
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.authPort, username: 'fieldkit' } },
      options({ proxyPassword: 'wrong-password' }),
    );
    const trust = byHost(r, 'trust.citrixnetworkapi.net');
    expect(trust.failure?.code).toBe('proxy_auth_rejected');
    expect(trust.proxyConnect?.authSent).toBe(true);
  });

  it('Basic auth: right credentials pass, and neither the run nor its exports hold the password', async () => {
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.authPort, username: 'fieldkit' } },
      options({ proxyPassword: PASSWORD }),
    );
    expect(byHost(r, 'trust.citrixnetworkapi.net').verdict).toBe('reachable');
    expect(byHost(r, DENIED).failure?.code).toBe('proxy_denied');
    expect(r.proxy).toMatchObject({ authentication: 'basic', username: 'fieldkit' });
    const base64 = Buffer.from(`fieldkit:${PASSWORD}`).toString('base64');
    for (const text of [JSON.stringify(r), exportRunJson(r), renderRunHtml(r), exportRunJson(r, { keepProxyUsername: true })]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(base64);
    }
    expect(exportRunJson(r)).not.toContain('"fieldkit"');
    expect(exportRunJson(r, { keepProxyUsername: true })).toContain('"username": "fieldkit"');
  });

  it('SSL-bump without the proxy CA: verification fails because of interception, issuer named, CA offered', async () => {
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.bumpPort } },
      options(),
    );
    const trust = byHost(r, 'trust.citrixnetworkapi.net');
    expect(trust.failure?.code).toBe('tls_intercepted_untrusted');
    expect(trust.failure?.console).toBe('SSL certificate verification failed');
    expect(trust.tls?.interception).toMatchObject({ detected: true, issuer: 'Fieldkit Lab Inspection CA', caCertificateIsRoot: true });
    expect(trust.tls?.interception.product).toBeUndefined();
    expect(trust.failure?.message).toContain('matches no product');
    expect(fingerprint(trust.tls!.interception.caCertificatePem!)).toBe(fingerprint(bumpCa.certPem));
    // The waterfall says where it broke: the TLS phase, though the proxy then relays an HTTP answer.
    expect(trust.phases.map((p) => `${p.phase}:${p.status}`)).toEqual(['dns:ok', 'tcp:ok', 'proxy-connect:ok', 'tls:failed', 'http:ok']);
    expect(trust.phases.find((p) => p.phase === 'tls')?.error?.message).toContain('Fieldkit Lab Inspection CA');
    expect(trust.failure?.troubleshooting).toEqual(['ssl-certificate-verification-failed', 'las-grace-period']);
  });

  it("SSL-bump: a block page signed by the proxy's own CA is a denial, not an inspection", async () => {
    const r = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: squid.bumpPort } },
      options(),
    );
    const denied = byHost(r, DENIED);
    expect(denied.proxyConnect?.statusCode).toBe(200);
    expect(denied.tls?.interception.detected).toBe(true);
    expect(denied.failure?.code).toBe('proxy_denied');
    expect(denied.http).toMatchObject({ statusCode: 403, proxyGenerated: expect.stringContaining('ERR_ACCESS_DENIED') });
  });

  it('SSL-bump with the proxy CA in the profile: reachable with an inspection warning; the denied host is still denied', async () => {
    const r = await runDiagnostics(
      {
        region: 'commercial',
        timeouts: FAST,
        proxy: { type: 'explicit-ssl-intercepting', host: '127.0.0.1', port: squid.bumpPort, caCertificates: [bumpCa.certPem] },
      },
      options(),
    );
    const trust = byHost(r, 'trust.citrixnetworkapi.net');
    expect(trust.verdict).toBe('reachable');
    expect(trust.warnings.map((w) => w.code)).toEqual(['tls_intercepted_trusted']);
    expect(trust.tls?.interception).toMatchObject({ detected: true, matchesProxyProfileCa: true });
    expect(trust.tls?.anchor?.sources).toEqual(['proxy-profile']);
    expect(byHost(r, DENIED).failure?.code).toBe('proxy_denied');
    expect(r.trust.proxyProfile).toBe(1);
  });

  it('Test proxy reports reachability, authentication and interception', async () => {
    const base = options();
    const noCreds = await testProxy({ type: 'explicit', host: '127.0.0.1', port: squid.authPort }, base);
    expect(noCreds).toMatchObject({
      ok: false,
      proxyReachable: true,
      authentication: 'required',
      proxyServer: expect.stringMatching(/^squid/),
    });
    const creds = await testProxy(
      { type: 'explicit', host: '127.0.0.1', port: squid.authPort, username: 'fieldkit' },
      { ...base, proxyPassword: PASSWORD },
    );
    expect(creds).toMatchObject({ ok: true, authentication: 'accepted', probedHost: 'trust.citrixnetworkapi.net' });
    expect(creds.summary).toContain('TLS is not inspected');
    const bump = await testProxy(
      { type: 'explicit-ssl-intercepting', host: '127.0.0.1', port: squid.bumpPort, caCertificates: [bumpCa.certPem] },
      base,
    );
    expect(bump.ok).toBe(true);
    expect(bump.interception?.detected).toBe(true);
    expect(bump.summary).toContain('Fieldkit Lab Inspection CA');
    await expect(testProxy({ type: 'explicit', host: 'bad host!', port: 1 }, base)).rejects.toMatchObject({
      code: 'DIAG_INVALID_PROXY',
      field: 'proxy.host',
    });
  });
});

describe('proxy failures that need no Squid', () => {
  let pkiLocal: TestPki;
  let tlsOrigin: LocalServer;
  beforeAll(async () => {
    pkiLocal = await createTestPki();
    tlsOrigin = await startHttpsOrigin(await publicLeaf(pkiLocal, ['proxy.fieldkit.test']));
  });
  afterAll(async () => {
    await tlsOrigin?.close();
  });

  it('proxy unreachable: nothing listens on the proxy port, every endpoint says so', async () => {
    const port = await closedPort();
    const r = await runDiagnostics({ region: 'japan', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port } }, { env: {} });
    expect(r.results.every((x) => x.failure?.code === 'proxy_unreachable')).toBe(true);
    expect(r.results[0]!.failure?.message).toContain('refused');
    expect(r.summary.nextSteps[0]!.code).toBe('proxy_unreachable');
    expect(r.summary.nextSteps.map((s) => s.code)).toContain('console-region-setup');
  });

  it('proxy name that does not resolve is an unreachable proxy', async () => {
    const r = await runDiagnostics(
      { region: 'japan', timeouts: FAST, proxy: { type: 'explicit', host: 'proxy.fieldkit.test', port: 3128 } },
      { env: {}, resolverOverrides: {}, dnsServers: ['127.0.0.1:9'] },
    );
    expect(r.results[0]!.failure?.code).toBe('proxy_unreachable');
  });

  it('a port that is not an HTTP proxy gives "did not answer CONNECT"', async () => {
    const r = await runDiagnostics(
      { region: 'japan', timeouts: FAST, proxy: { type: 'explicit', host: '127.0.0.1', port: tlsOrigin.port } },
      { env: {} },
    );
    expect(r.results[0]!.failure?.code).toBe('proxy_bad_response');
  });
});
