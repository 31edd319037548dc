import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticsProgress, DiagnosticsRun, type EndpointResult } from '../../shared/schemas/diagnostics.ts';
import { rerunEndpoint, runDiagnostics } from '../../electron/services/diagnostics/run-diagnostics.ts';
import { startBlackHole, type BlackHole } from '../support/black-hole.ts';
import {
  catalogHosts,
  createTestPki,
  fingerprint,
  publicLeaf,
  scenarioCatalog,
  selfSignedLeaf,
  type TestPki,
} from '../support/diagnostics-fixtures.ts';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.ts';
import { issueCertificate } from '../support/test-pki.ts';
import { closedPort, startGarbageServer, startHttpsOrigin, startSilentServer, type LocalServer } from '../support/tls-origins.ts';

/**
 * Direct mode (no proxy), against real local servers: every failure class that
 * does not need a proxy, each produced by the real condition, not a mock.
 */
// The DNS wait is generous: the local DNS server's NXDOMAIN has arrived after 800 ms on a loaded machine.
const FAST = { dnsMs: 1500, connectMs: 800, proxyConnectMs: 1500, tlsMs: 1500, httpMs: 1500 };

let pki: TestPki;
let dns: TestDnsServer;
let blackHole: BlackHole;
const servers: LocalServer[] = [];
let refusedPort: number;
let good: LocalServer;
let scenarioRun: DiagnosticsRun;
const progress: unknown[] = [];
let tmp: string;

const SCENARIOS = [
  'ok.fieldkit.test',
  'nx.fieldkit.test',
  'silent.fieldkit.test',
  'servfail.fieldkit.test',
  'refused.fieldkit.test',
  'blackhole.fieldkit.test',
  'mismatch.fieldkit.test',
  'expired.fieldkit.test',
  'selfsigned.fieldkit.test',
  'garbage.fieldkit.test',
  'tlshang.fieldkit.test',
  'zscaler.fieldkit.test',
  'http500.fieldkit.test',
  'httphang.fieldkit.test',
];

async function origin(s: Promise<LocalServer>): Promise<LocalServer> {
  const server = await s;
  servers.push(server);
  return server;
}

function result(host: string): EndpointResult {
  const r = scenarioRun.results.find((x) => x.host === host);
  if (!r) throw new Error(`no result for ${host}`);
  return r;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'fieldkit-diag-'));
  pki = await createTestPki();
  good = await origin(
    startHttpsOrigin(
      await publicLeaf(pki, ['ok.fieldkit.test', ...catalogHosts('commercial'), 'acme.agent.adm.cloud.com', 'abc123.agent.adm.cloud.com']),
    ),
  );
  const mismatch = await origin(startHttpsOrigin(await publicLeaf(pki, ['other.fieldkit.test'])));
  const expired = await origin(
    startHttpsOrigin(await publicLeaf(pki, ['expired.fieldkit.test'], { validFromDays: -400, validForDays: 30 })),
  );
  const selfSigned = await origin(startHttpsOrigin(selfSignedLeaf('selfsigned.fieldkit.test')));
  const garbage = await origin(startGarbageServer());
  const tlsHang = await origin(startSilentServer());
  const zLeaf = await issueCertificate(pki.zscalerRoot, {
    commonName: 'zscaler.fieldkit.test',
    altNames: ['zscaler.fieldkit.test', 'trust.citrixnetworkapi.net'],
  });
  const zscaler = await origin(startHttpsOrigin({ chainPem: zLeaf.certPem + pki.zscalerRoot.certPem, keyPem: zLeaf.keyPem }));
  const http500 = await origin(
    startHttpsOrigin({ ...(await publicLeaf(pki, ['http500.fieldkit.test'])), behaviour: { kind: 'status', status: 503, body: 'down' } }),
  );
  const httpHang = await origin(startHttpsOrigin({ ...(await publicLeaf(pki, ['httphang.fieldkit.test'])), behaviour: { kind: 'hang' } }));
  blackHole = await startBlackHole();
  refusedPort = await closedPort();
  dns = await startDnsServer({ records: {}, silent: ['silent.fieldkit.test'], servfail: ['servfail.fieldkit.test'] });

  const ports: Record<string, number> = {
    'ok.fieldkit.test': good.port,
    'refused.fieldkit.test': refusedPort,
    'blackhole.fieldkit.test': blackHole.port,
    'mismatch.fieldkit.test': mismatch.port,
    'expired.fieldkit.test': expired.port,
    'selfsigned.fieldkit.test': selfSigned.port,
    'garbage.fieldkit.test': garbage.port,
    'tlshang.fieldkit.test': tlsHang.port,
    'zscaler.fieldkit.test': zscaler.port,
    'http500.fieldkit.test': http500.port,
    'httphang.fieldkit.test': httpHang.port,
  };
  scenarioRun = await runDiagnostics(
    { region: 'commercial', timeouts: FAST },
    {
      catalog: scenarioCatalog(SCENARIOS),
      resolverOverrides: Object.fromEntries(Object.keys(ports).map((h) => [h, '127.0.0.1'])),
      dnsServers: [dns.server],
      portOverrides: ports,
      extraTrustAnchors: [pki.publicRoot.certPem],
      env: {},
      onProgress: (e) => progress.push(e),
    },
  );
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await blackHole?.close();
  await dns?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('direct probes classify every failure from the real condition', () => {
  it('reaches a healthy host and records every phase and the TLS facts', () => {
    const r = result('ok.fieldkit.test');
    expect(r.verdict).toBe('reachable');
    expect(r.verdictLabel).toBe('Reachable');
    expect(r.failure).toBeUndefined();
    expect(r.phases.map((p) => p.phase)).toEqual(['dns', 'tcp', 'tls', 'http']);
    expect(r.phases.every((p) => p.status === 'ok' && p.durationMs >= 0)).toBe(true);
    expect(r.dns).toMatchObject({ source: 'override', for: 'destination', addresses: ['127.0.0.1'] });
    expect(r.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls?.cipher?.name).toBeTruthy();
    expect(r.tls?.authorized).toBe(true);
    expect(r.tls?.interception.detected).toBe(false);
    const chain = r.tls!.chain;
    expect(chain.map((c) => c.subject)).toEqual([
      'CN=ok.fieldkit.test',
      'CN=Fieldkit Test Public Issuing CA',
      'CN=Fieldkit Test Public Root, O=Fieldkit Tests',
    ]);
    expect(chain[0]!.caIssuersUrls).toEqual(['http://ca.fieldkit.test/issuing.cer']);
    expect(chain[2]!.fingerprint256).toBe(fingerprint(pki.publicRoot.certPem));
    expect(chain[2]!.trustedBy).toEqual(['extra-anchor']);
    expect(r.http).toMatchObject({ statusCode: 200, server: 'fieldkit-test-origin' });
    expect(r.http!.ttfbMs).toBeGreaterThanOrEqual(0);
  });

  it('DNS name not found (NXDOMAIN from the DNS server)', () => {
    const r = result('nx.fieldkit.test');
    expect(r.verdict).toBe('not-reachable');
    expect(r.failure?.code).toBe('dns_not_found');
    // The documentation's two messages are for a proxy that fails or a URL not allowed: not a DNS answer.
    expect(r.failure?.console).toBeUndefined();
    expect(r.failure?.troubleshooting).toContain('endpoints-blocked');
    expect(dns.queries).toContain('A nx.fieldkit.test');
  });

  it('DNS timeout (the DNS server never answers)', () => {
    const r = result('silent.fieldkit.test');
    expect(r.failure?.code).toBe('dns_timeout');
    expect(r.phases[0]).toMatchObject({ phase: 'dns', status: 'timeout' });
    expect(r.failure?.message).toContain('1500 ms');
  });

  it('DNS failure other than not-found (SERVFAIL)', () => {
    const r = result('servfail.fieldkit.test');
    expect(r.failure?.code).toBe('dns_failed');
    expect(r.failure?.message).toContain('ESERVFAIL');
  });

  it('TCP refused (nothing listens)', () => {
    const r = result('refused.fieldkit.test');
    expect(r.failure?.code).toBe('tcp_refused');
    expect(r.failure?.message).toContain(`port ${refusedPort}`);
    expect(r.failure?.console).toBe('Required service URL not reachable');
    expect(r.failure?.troubleshooting).toEqual(['required-service-url-not-reachable', 'endpoints-blocked', 'las-grace-period']);
  });

  it('TCP timeout (SYN dropped) costs one connect timeout', () => {
    const r = result('blackhole.fieldkit.test');
    expect(r.failure?.code).toBe('tcp_timeout');
    const tcp = r.phases.find((p) => p.phase === 'tcp')!;
    expect(tcp.status).toBe('timeout');
    expect(tcp.durationMs).toBeGreaterThanOrEqual(790);
    expect(tcp.durationMs).toBeLessThan(1500);
  });

  it("hostname mismatch names the certificate's names", () => {
    const r = result('mismatch.fieldkit.test');
    expect(r.failure?.code).toBe('tls_hostname_mismatch');
    expect(r.failure?.message).toContain('other.fieldkit.test');
    // No intercepting proxy is in sight, so this is not what Console's "SSL certificate verification failed" means.
    expect(r.failure?.console).toBeUndefined();
    expect(r.phases.find((p) => p.phase === 'tls')).toMatchObject({ status: 'failed', error: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
  });

  it('expired certificate', () => {
    const r = result('expired.fieldkit.test');
    expect(r.failure?.code).toBe('tls_cert_expired');
    expect(r.tls?.chain[0]?.expired).toBe(true);
  });

  it('a self-signed server certificate is untrusted, not interception', () => {
    const r = result('selfsigned.fieldkit.test');
    expect(r.failure?.code).toBe('tls_untrusted');
    expect(r.tls?.interception.detected).toBe(false);
  });

  it('TLS handshake failure (the server does not speak TLS)', () => {
    const r = result('garbage.fieldkit.test');
    expect(r.failure?.code).toBe('tls_handshake_failed');
    expect(r.phases.find((p) => p.phase === 'tls')?.status).toBe('failed');
  });

  it('TLS handshake timeout is a handshake failure with the timeout in the message', () => {
    const r = result('tlshang.fieldkit.test');
    expect(r.failure?.code).toBe('tls_handshake_failed');
    expect(r.failure?.message).toContain('1500 ms');
  });

  it('transparent interception: names the issuer and the product and offers the CA as PEM', () => {
    const r = result('zscaler.fieldkit.test');
    expect(r.failure?.code).toBe('tls_intercepted_untrusted');
    expect(r.failure?.title).toBe('TLS intercepted by Zscaler');
    expect(r.failure?.message).toContain('Zscaler Root CA');
    expect(r.failure?.console).toBe('SSL certificate verification failed');
    expect(r.tls?.interception).toMatchObject({ detected: true, issuer: 'Zscaler Root CA', product: 'Zscaler', caCertificateIsRoot: true });
    expect(fingerprint(r.tls!.interception.caCertificatePem!)).toBe(fingerprint(pki.zscalerRoot.certPem));
    expect(r.failure?.troubleshooting).toEqual(['ssl-certificate-verification-failed', 'las-grace-period']);
  });

  it('interception fails the TLS phase of the waterfall, even though the intercepting device answers HTTP', () => {
    const r = result('zscaler.fieldkit.test');
    const tls = r.phases.find((p) => p.phase === 'tls')!;
    expect(tls.status).toBe('failed');
    expect(tls.error?.message).toMatch(/^the certificate was not verified: .*Zscaler Root CA/);
    expect(r.verdictLabel).toBe('Not Reachable');
  });

  it('HTTP error (the service answers 5xx)', () => {
    const r = result('http500.fieldkit.test');
    expect(r.failure?.code).toBe('http_error');
    expect(r.http?.statusCode).toBe(503);
  });

  it('no HTTP answer after TLS', () => {
    const r = result('httphang.fieldkit.test');
    expect(r.failure?.code).toBe('http_no_response');
    expect(r.phases.find((p) => p.phase === 'http')?.status).toBe('timeout');
  });

  it('probes in parallel: the run takes about one timeout, not the sum', () => {
    expect(scenarioRun.durationMs).toBeLessThan(4000);
  });

  it('the run and every progress event are plain JSON that the schemas accept', () => {
    expect(JSON.parse(JSON.stringify(scenarioRun))).toEqual(scenarioRun);
    expect(() => DiagnosticsRun.parse(scenarioRun)).not.toThrow();
    expect(progress.filter((e) => (e as { type: string }).type === 'endpoint-finished')).toHaveLength(SCENARIOS.length);
    for (const e of progress) {
      expect(JSON.parse(JSON.stringify(e))).toEqual(e);
      expect(() => DiagnosticsProgress.parse(e)).not.toThrow();
    }
    expect((progress[0] as { type: string }).type).toBe('run-started');
    expect((progress[progress.length - 1] as { type: string }).type).toBe('run-finished');
  });

  it('the summary says not met and orders next steps with DNS before TLS before HTTP', () => {
    expect(scenarioRun.summary.verdict).toBe('not-met');
    expect(scenarioRun.summary.headline).toMatch(/^Cloud Connect prerequisites not met for Commercial/);
    expect(scenarioRun.summary.headline).toContain('Test overrides in effect');
    const codes = scenarioRun.summary.nextSteps.map((s) => s.code);
    expect(codes.indexOf('dns_not_found')).toBeLessThan(codes.indexOf('tcp_refused'));
    expect(codes.indexOf('tcp_timeout')).toBeLessThan(codes.indexOf('tls_intercepted_untrusted'));
    expect(codes.indexOf('tls_handshake_failed')).toBeLessThan(codes.indexOf('http_error'));
    expect(codes[codes.length - 1]).toBe('rerun');
    expect(scenarioRun.overrides.dnsServers).toEqual([dns.server]);
  });
});

describe('interception that the check trusts is a warning, not a failure', () => {
  it('transparent interception with the CA in the proxy profile: Reachable with a warning naming the product', async () => {
    const zLeaf = await issueCertificate(pki.zscalerRoot, { commonName: 'trust.citrixnetworkapi.net' });
    const z = await origin(startHttpsOrigin({ chainPem: zLeaf.certPem, keyPem: zLeaf.keyPem }));
    const run = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, proxy: { type: 'transparent-ssl-intercepting', caCertificates: [pki.zscalerRoot.certPem] } },
      {
        catalog: scenarioCatalog(['trust.citrixnetworkapi.net']),
        resolverOverrides: { 'trust.citrixnetworkapi.net': '127.0.0.1' },
        portOverrides: { 'trust.citrixnetworkapi.net': z.port },
        env: {},
      },
    );
    const r = run.results[0]!;
    expect(r.verdict).toBe('reachable');
    expect(r.warnings.map((w) => w.code)).toEqual(['tls_intercepted_trusted']);
    expect(r.warnings[0]!.message).toContain('from the proxy profile');
    expect(r.tls?.interception).toMatchObject({ detected: true, product: 'Zscaler', matchesProxyProfileCa: true });
    expect(run.trust.proxyProfile).toBe(1);
    expect(run.summary.verdict).toBe('met');
    expect(run.summary.nextSteps[0]!.code).toBe('tls_intercepted_trusted');
  });

  it('the same CA from a CA file (DER) is trusted too, and counted as a user file', async () => {
    const der = Buffer.from(pki.zscalerRoot.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const file = join(tmp, 'zscaler.cer');
    writeFileSync(file, der);
    const zLeaf = await issueCertificate(pki.zscalerRoot, { commonName: 'trust.citrixnetworkapi.net' });
    const z = await origin(startHttpsOrigin({ chainPem: zLeaf.certPem, keyPem: zLeaf.keyPem }));
    const run = await runDiagnostics(
      { region: 'commercial', timeouts: FAST, caFiles: [file] },
      {
        catalog: scenarioCatalog(['trust.citrixnetworkapi.net']),
        resolverOverrides: { 'trust.citrixnetworkapi.net': '127.0.0.1' },
        portOverrides: { 'trust.citrixnetworkapi.net': z.port },
        env: {},
      },
    );
    expect(run.results[0]!.verdict).toBe('reachable');
    expect(run.results[0]!.warnings[0]!.message).toContain('from your CA files');
    expect(run.trust.userFiles).toBe(1);
    expect(run.trust.userFileNames).toEqual(['zscaler.cer']);
  });
});

describe('region runs over the shipped catalog', () => {
  const everyHost = () =>
    Object.fromEntries(
      [...catalogHosts('commercial'), 'acme.agent.adm.cloud.com', 'abc123.agent.adm.cloud.com'].map((h) => [h, '127.0.0.1']),
    );
  const everyPort = () => Object.fromEntries(Object.keys(everyHost()).map((h) => [h, good.port]));

  it('prerequisites met for commercial, with the tenant host checked at domain level when unknown', async () => {
    const run = await runDiagnostics(
      { region: 'commercial', timeouts: FAST },
      { resolverOverrides: everyHost(), portOverrides: everyPort(), extraTrustAnchors: [pki.publicRoot.certPem], env: {} },
    );
    expect(run.summary.verdict).toBe('met');
    expect(run.summary.headline).toMatch(/^Cloud Connect prerequisites met for Commercial \(US, EU, APAC\)/);
    expect(run.results).toHaveLength(7);
    const agent = run.results.find((r) => r.endpointId === 'commercial-agent')!;
    expect(agent).toMatchObject({ host: 'adm.cloud.com', coverage: 'domain-level', verdict: 'reachable' });
    expect(agent.warnings.map((w) => w.code)).toEqual(['domain_level_only']);
    expect(run.results.find((r) => r.listed === '*.adm.cloud.com')!.coverageNote).toContain('adm.cloud.com');
    expect(run.summary.nextSteps.map((s) => s.code)).toEqual(['domain_level_only', 'continue-setup']);
    expect(run.results.map((r) => r.listed)).toContain('citrix.cloud.com');
    expect(run.results.every((r) => r.listed === r.listed.toLowerCase() && r.host === r.host.toLowerCase())).toBe(true);
  });

  it('probes each distinct host once and gives its result to every listed name it stands for', async () => {
    const started: string[] = [];
    const run = await runDiagnostics(
      { region: 'commercial', timeouts: FAST },
      {
        resolverOverrides: everyHost(),
        portOverrides: { ...everyPort(), 'adm.cloud.com': refusedPort },
        extraTrustAnchors: [pki.publicRoot.certPem],
        env: {},
        onProgress: (e) => {
          if (e.type === 'endpoint-started') started.push(e.host);
        },
      },
    );
    expect(started.filter((h) => h === 'adm.cloud.com')).toHaveLength(1);
    expect(new Set(started).size).toBe(started.length);
    const adm = run.results.filter((r) => r.host === 'adm.cloud.com');
    expect(adm.map((r) => r.listed)).toEqual(['*.agent.adm.cloud.com', '*.adm.cloud.com', 'adm.cloud.com']);
    expect(new Set(adm.map((r) => r.startedAt)).size).toBe(1);
    // The fix names every listed name the host stands for, so one request to the firewall team covers them.
    expect(adm[0]!.failure?.fix).toContain('adm.cloud.com');
    expect(run.summary.counts.hosts).toEqual({
      total: 5,
      required: 5,
      reachable: 4,
      notReachable: 1,
      notChecked: 0,
      requiredNotReachable: 1,
    });
    expect(run.summary.headline).toMatch(
      /^Cloud Connect prerequisites not met for Commercial \(US, EU, APAC\): 1 of 5 required hosts is not reachable \(it stands for 3 of the 7 listed names\)\./,
    );
    const step = run.summary.nextSteps.find((s) => s.code === 'tcp_refused')!;
    expect(step.text).toContain('adm.cloud.com (for *.agent.adm.cloud.com, *.adm.cloud.com and adm.cloud.com)');
    expect(step.text.match(/adm\.cloud\.com \(/g)).toHaveLength(1);

    const again = await rerunEndpoint(
      run,
      'commercial-adm',
      { region: 'commercial', timeouts: FAST },
      { resolverOverrides: everyHost(), portOverrides: everyPort(), extraTrustAnchors: [pki.publicRoot.certPem], env: {} },
    );
    expect(again.results.filter((r) => r.host === 'adm.cloud.com').map((r) => r.verdict)).toEqual(['reachable', 'reachable', 'reachable']);
    expect(again.summary.verdict).toBe('met');
  });

  it('uses the service URL for the tenant host; a CCID alone does not name it (no documented pattern), so domain level', async () => {
    const opts = { resolverOverrides: everyHost(), portOverrides: everyPort(), extraTrustAnchors: [pki.publicRoot.certPem], env: {} };
    const byUrl = await runDiagnostics(
      { region: 'commercial', serviceUrl: 'https://ACME.agent.adm.cloud.com/', ccid: 'abc123', timeouts: FAST },
      opts,
    );
    expect(byUrl.results.find((r) => r.endpointId === 'commercial-agent')).toMatchObject({
      host: 'acme.agent.adm.cloud.com',
      coverage: 'tenant-service-url',
      verdict: 'reachable',
      warnings: [],
    });
    expect(byUrl.serviceUrlHost).toBe('acme.agent.adm.cloud.com');
    const byCcid = await runDiagnostics({ region: 'commercial', ccid: 'ABC123', timeouts: FAST }, opts);
    expect(byCcid.results.find((r) => r.endpointId === 'commercial-agent')).toMatchObject({
      host: 'adm.cloud.com',
      coverage: 'domain-level',
      verdict: 'reachable',
    });
    expect(byCcid.ccid).toBe('ABC123');
  });

  it('re-runs one endpoint after a fix and recomputes the summary', async () => {
    const ports = { ...everyPort(), 'netscalermas.cloud.com': refusedPort };
    const opts = { resolverOverrides: everyHost(), extraTrustAnchors: [pki.publicRoot.certPem], env: {} };
    const first = await runDiagnostics({ region: 'commercial', timeouts: FAST }, { ...opts, portOverrides: ports });
    expect(first.summary.verdict).toBe('not-met');
    expect(first.results.find((r) => r.endpointId === 'commercial-netscalermas')!.failure?.code).toBe('tcp_refused');
    const again = await rerunEndpoint(
      first,
      'commercial-netscalermas',
      { region: 'commercial', timeouts: FAST },
      { ...opts, portOverrides: everyPort() },
    );
    expect(again.id).toBe(first.id);
    expect(again.updatedAt).toBeDefined();
    expect(again.results.find((r) => r.endpointId === 'commercial-netscalermas')!.verdict).toBe('reachable');
    expect(again.summary.verdict).toBe('met');
    await expect(rerunEndpoint(first, 'no-such-endpoint', { region: 'commercial' }, opts)).rejects.toMatchObject({
      code: 'DIAG_UNKNOWN_ENDPOINT',
    });
  });

  it('cancelling a run stops at once and marks unfinished endpoints as not checked', async () => {
    const controller = new AbortController();
    const t0 = performance.now();
    setTimeout(() => controller.abort(), 300);
    const run = await runDiagnostics(
      { region: 'commercial', timeouts: { ...FAST, connectMs: 20_000 } },
      {
        resolverOverrides: everyHost(),
        portOverrides: Object.fromEntries(Object.keys(everyHost()).map((h) => [h, blackHole.port])),
        env: {},
        signal: controller.signal,
      },
    );
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(run.cancelled).toBe(true);
    expect(run.summary.verdict).toBe('incomplete');
    expect(run.results.every((r) => r.verdict === 'not-checked' && r.failure?.code === 'not_checked')).toBe(true);
  });

  it('rejects bad input before any connection, naming the field', async () => {
    await expect(runDiagnostics({ region: 'mars' })).rejects.toMatchObject({ code: 'DIAG_INVALID_REGION', field: 'region' });
    await expect(runDiagnostics({ region: 'gov', ccid: 'bad-ccid!' })).rejects.toMatchObject({ code: 'DIAG_INVALID_CCID', field: 'ccid' });
    await expect(runDiagnostics({ region: 'gov', serviceUrl: 'acme.agent.adm.cloud.com' })).rejects.toMatchObject({
      code: 'DIAG_INVALID_SERVICE_URL',
      field: 'serviceUrl',
    });
    await expect(runDiagnostics({ region: 'commercial', proxy: { type: 'explicit', host: 'proxy', port: 70000 } })).rejects.toMatchObject({
      code: 'DIAG_INVALID_PROXY',
      field: 'proxy.port',
    });
    await expect(
      runDiagnostics({ region: 'commercial', proxy: { type: 'explicit', host: 'proxy', port: 8080, password: 'x' } }),
    ).rejects.toMatchObject({ code: 'DIAG_INVALID_PROXY' });
    const bad = join(tmp, 'bad.pem');
    writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n');
    await expect(runDiagnostics({ region: 'commercial', caFiles: [bad] })).rejects.toMatchObject({
      code: 'TRUST_CA_FILE_MALFORMED',
      field: 'caFiles.0',
    });
  });
});
