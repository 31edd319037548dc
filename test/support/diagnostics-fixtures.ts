import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIAGNOSTICS_RESULT_VERSION, type DiagnosticsRun, type EndpointResult } from '../../shared/schemas/diagnostics.ts';
import type { EndpointCatalog } from '../../shared/schemas/endpoint-catalog.ts';
import { summarizeRun } from '../../electron/services/diagnostics/run-summary.ts';
import { loadEndpointCatalog } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import { createRootCa, issueCertificate, type Issued } from './test-pki.ts';

/** A catalog of plain hosts for the commercial region: one endpoint per failure scenario. */
export function scenarioCatalog(hosts: string[]): EndpointCatalog {
  const base = loadEndpointCatalog();
  return {
    ...base,
    endpoints: hosts.map((host) => ({
      id: host.split('.')[0]!,
      region: 'commercial' as const,
      group: 'trust-service' as const,
      listed: host,
      probe: { kind: 'exact' as const, host },
      port: 443,
      required: true,
      why: `test scenario ${host}`,
    })),
  };
}

/** Every host the shipped catalog probes for a region (tenant hosts at domain level). */
export function catalogHosts(region: 'commercial' | 'gov' | 'japan'): string[] {
  const hosts = new Set<string>();
  for (const e of loadEndpointCatalog().endpoints) {
    if (e.region !== region) continue;
    hosts.add(e.probe.kind === 'tenant' ? e.probe.domainHost : e.probe.host);
  }
  return [...hosts];
}

export interface TestPki {
  /** Stands for the public CAs Citrix Cloud uses: passed to the engine as an extra trust anchor. */
  publicRoot: Issued;
  publicIntermediate: Issued;
  /** An SSL-inspection product's CA, named like the real one. */
  zscalerRoot: Issued;
}

export async function createTestPki(): Promise<TestPki> {
  const publicRoot = await createRootCa({ commonName: 'Fieldkit Test Public Root', organization: 'Fieldkit Tests' });
  const publicIntermediate = await issueCertificate(publicRoot, {
    commonName: 'Fieldkit Test Public Issuing CA',
    ca: true,
    caIssuersUrl: 'http://ca.fieldkit.test/root.cer',
  });
  const zscalerRoot = await createRootCa({ commonName: 'Zscaler Root CA', organization: 'Zscaler Inc.' });
  return { publicRoot, publicIntermediate, zscalerRoot };
}

/** A leaf for `names` from the public intermediate, served with its intermediate. */
export async function publicLeaf(
  pki: TestPki,
  names: string[],
  extra: { validFromDays?: number; validForDays?: number } = {},
): Promise<{ chainPem: string; keyPem: string }> {
  const leaf = await issueCertificate(pki.publicIntermediate, {
    commonName: names[0]!,
    altNames: names,
    caIssuersUrl: 'http://ca.fieldkit.test/issuing.cer',
    ...extra,
  });
  return { chainPem: leaf.certPem + pki.publicIntermediate.certPem, keyPem: leaf.keyPem };
}

export function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** A self-signed server certificate that is not a CA (what a misconfigured server presents), made by openssl. */
export function selfSignedLeaf(name: string): { chainPem: string; keyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fieldkit-selfsigned-'));
  try {
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '30',
        '-subj',
        `/CN=${name}`,
        '-addext',
        `subjectAltName=DNS:${name}`,
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`openssl req failed: ${r.stderr}`);
    return { chainPem: readFileSync(join(dir, 'cert.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A hand-made endpoint result for unit tests (no network). */
export function makeResult(partial: Partial<EndpointResult> & { endpointId: string }): EndpointResult {
  return {
    region: 'commercial',
    group: 'trust-service',
    groupLabel: 'Trust service',
    listed: `${partial.endpointId}.example.test`,
    host: `${partial.endpointId}.example.test`,
    port: 443,
    coverage: 'exact',
    required: true,
    why: 'test',
    route: 'direct',
    verdict: 'reachable',
    verdictLabel: 'Reachable',
    warnings: [],
    phases: [{ phase: 'dns', status: 'ok', startMs: 0, durationMs: 1, target: 'x' }],
    startedAt: '2026-01-01T00:00:00.000Z',
    totalMs: 10,
    ...partial,
  };
}

export function makeRun(results: EndpointResult[], partial: Partial<DiagnosticsRun> = {}): DiagnosticsRun {
  const run: DiagnosticsRun = {
    schemaVersion: DIAGNOSTICS_RESULT_VERSION,
    id: partial.id ?? 'run-1',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    region: 'commercial',
    regionLabel: 'Commercial (US, EU, APAC)',
    proxy: null,
    trust: { bundled: 1, system: 0, userFiles: 0, nodeExtraCaCerts: 0, proxyProfile: 0, extraAnchors: 0, total: 1, userFileNames: [] },
    timeouts: { dnsMs: 1000, connectMs: 1000, proxyConnectMs: 1000, tlsMs: 1000, httpMs: 1000 },
    concurrency: 4,
    overrides: { resolve: {}, dnsServers: [], ports: {}, extraTrustAnchors: 0, customCatalog: false },
    cancelled: false,
    results,
    summary: summarizeRun(results, {
      regionLabel: 'Commercial (US, EU, APAC)',
      cancelled: false,
      overrides: { resolve: {}, dnsServers: [], ports: {}, extraTrustAnchors: 0, customCatalog: false },
    }),
    ...partial,
  };
  return run;
}
