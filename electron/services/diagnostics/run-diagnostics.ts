import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { randomUUID, X509Certificate } from 'node:crypto';
import pLimit from 'p-limit';
import { renderDiagnostic, troubleshootingFor } from '../../../shared/diagnostics-failures.ts';
import { listNames, probeKey } from '../../../shared/probed-hosts.ts';
import {
  DEFAULT_TIMEOUTS,
  DIAGNOSTICS_RESULT_VERSION,
  type DiagnoseRequest,
  type DiagnosticsProgress,
  type Diagnostic,
  type DiagnosticsRun,
  type EndpointResult,
  type PhaseTimeouts,
  type ProxyProfile,
  type RunAllowlist,
  type RunOverrides,
  type RunProxy,
  VERDICT_LABELS,
} from '../../../shared/schemas/diagnostics.ts';
import { describeRegion } from '../../../shared/regions.ts';
import { isPort } from '../../../shared/schemas/network-names.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import { buildTrustStore, type TrustStore } from '../network/trust-store.ts';
import { allowlistSummaryContext, planAllowlistEndpoints, type AllowlistCheck } from './allowlist-plan.ts';
import { classifyProbe } from './classify-probe.ts';
import { validateDiagnoseRequest } from './diagnose-request.ts';
import { loadEndpointCatalog, planEndpoints, tenantSuffix, type EndpointCatalog, type PlannedEndpoint } from './endpoint-catalog.ts';
import { probeEndpoint, routeForProxyProfile, type ProbeEnvironment, type ProbeRecord, type ProbeRoute } from './probe-endpoint.ts';
import { summarizeRun } from './run-summary.ts';

export const DEFAULT_CONCURRENCY = 32;
const USER_AGENT = 'Fieldkit-CheckConnectivity/1';

/**
 * How the engine is run, beyond what the admin asks for. The overrides exist
 * for tests, labs and the CLI's --resolve/--ca; none is on unless passed, and a
 * run records each one it used (DiagnosticsRun.overrides, and the headline).
 */
export interface DiagnosticsEngineOptions {
  /** The proxy's Basic-auth password, from the keychain or FIELDKIT_PROXY_PASSWORD. Never stored. */
  proxyPassword?: string;
  /** host → IP address, consulted before DNS (destination hosts in direct mode, and the proxy's host). */
  resolverOverrides?: Record<string, string>;
  /** Query these DNS servers ("ip" or "ip:port") instead of the system resolver. */
  dnsServers?: string[];
  /** PEM certificates trusted as if they were public roots (interception through them is not reported). */
  extraTrustAnchors?: string[];
  /** host → port, instead of the catalog's 443 (local stand-ins listen on high ports). */
  portOverrides?: Record<string, number>;
  /** A catalog instead of the shipped one. */
  catalog?: EndpointCatalog;
  /** Check what this stored allowlist version lists instead of the region's catalog. */
  allowlist?: AllowlistCheck;
  /** Where NODE_EXTRA_CA_CERTS is read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Include the operating system's trust store (default true). */
  includeSystemTrust?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: DiagnosticsProgress) => void;
}

interface RunSetup {
  catalog: EndpointCatalog;
  region: Region;
  regionLabel: string;
  consoleSetup?: string;
  request: DiagnoseRequest;
  serviceUrlHost?: string;
  planned: PlannedEndpoint[];
  allowlist?: RunAllowlist;
  trust: TrustStore;
  route: ProbeRoute;
  proxy: RunProxy | null;
  timeouts: PhaseTimeouts;
  concurrency: number;
  overrides: RunOverrides;
  env: ProbeEnvironment;
  missingPassword: boolean;
}

function runProxy(profile: ProxyProfile | null | undefined, password: string | undefined): RunProxy | null {
  if (!profile) return null;
  const out: RunProxy = { type: profile.type, authentication: 'none', caCertificates: profile.caCertificates?.length ?? 0 };
  if (profile.id) out.profileId = profile.id;
  if (profile.name) out.name = profile.name;
  if (profile.type !== 'transparent-ssl-intercepting') {
    out.host = profile.host;
    out.port = profile.port;
    if (profile.username) {
      out.username = profile.username;
      out.authentication = password !== undefined ? 'basic' : 'none';
    }
  }
  return out;
}

function lowerKeys<T>(record: Record<string, T> | undefined): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

async function prepare(input: unknown, options: DiagnosticsEngineOptions): Promise<RunSetup> {
  const catalog = options.catalog ?? loadEndpointCatalog();
  const { request, serviceUrlHost } = validateDiagnoseRequest(input, catalog);
  const ports = lowerKeys(options.portOverrides);
  for (const [host, port] of Object.entries(ports)) {
    if (!isPort(port))
      throw new FieldkitError('DIAG_INVALID_OPTION', `portOverrides.${host}: ${port} is not a port.`, { field: `portOverrides.${host}` });
  }
  const resolve = lowerKeys(options.resolverOverrides);
  const fromAllowlist = options.allowlist
    ? planAllowlistEndpoints(options.allowlist, { catalog, region: request.region, ccid: request.ccid, serviceUrlHost })
    : undefined;
  const plan =
    fromAllowlist?.planned ??
    planEndpoints(catalog, request.region, {
      ...(request.ccid ? { ccid: request.ccid } : {}),
      ...(serviceUrlHost ? { serviceUrlHost } : {}),
    });
  const planned = plan.map((p) => ({
    ...p,
    port: ports[p.host] ?? p.port,
  }));
  const profile = request.proxy ?? null;
  const trust = await buildTrustStore({
    ...(request.caFiles ? { caFiles: request.caFiles } : {}),
    ...(profile?.caCertificates ? { proxyCaPems: profile.caCertificates } : {}),
    ...(options.extraTrustAnchors ? { extraAnchors: options.extraTrustAnchors } : {}),
    ...(options.env ? { env: options.env } : {}),
    includeSystem: options.includeSystemTrust ?? true,
  });
  // Built once up front, so no endpoint's TLS phase carries the cost of parsing every CA.
  trust.secureContext();
  const route = routeForProxyProfile(profile, options.proxyPassword);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...request.timeouts };
  const overrides: RunOverrides = {
    resolve,
    dnsServers: [...(options.dnsServers ?? [])],
    ports,
    extraTrustAnchors: trust.counts.extraAnchors,
    customCatalog: options.catalog !== undefined,
  };
  const proxyCaFingerprints = new Set((profile?.caCertificates ?? []).map((pem) => new X509Certificate(pem).fingerprint256));
  const regionInfo = describeRegion(request.region, catalog.regions[request.region]);
  return {
    catalog,
    region: request.region,
    regionLabel: regionInfo.label,
    ...(regionInfo.consoleSetup ? { consoleSetup: regionInfo.consoleSetup } : {}),
    request,
    ...(serviceUrlHost ? { serviceUrlHost } : {}),
    planned,
    ...(fromAllowlist ? { allowlist: fromAllowlist.record } : {}),
    trust,
    route,
    proxy: runProxy(profile, options.proxyPassword),
    timeouts,
    concurrency: request.concurrency ?? DEFAULT_CONCURRENCY,
    overrides,
    missingPassword: Boolean(
      profile && profile.type !== 'transparent-ssl-intercepting' && profile.username && options.proxyPassword === undefined,
    ),
    env: {
      trust,
      resolver: { overrides: resolve, ...(options.dnsServers?.length ? { servers: options.dnsServers } : {}) },
      timeouts,
      userAgent: USER_AGENT,
      proxyCaFingerprints,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  };
}

/** One result per listed name; `names` are all the listed names its host stands for, so a fix names everything to allow. */
function toResult(plan: PlannedEndpoint, record: ProbeRecord, setup: RunSetup, names: string): EndpointResult {
  const verdict = classifyProbe(record, { listed: names, timeouts: setup.timeouts, missingPassword: setup.missingPassword });
  const warnings = [...verdict.warnings];
  if (plan.coverage === 'domain-level' && plan.entry.probe.kind === 'tenant') {
    warnings.push(
      renderDiagnostic('domain_level_only', {
        pattern: plan.entry.listed,
        host: plan.host,
        suffix: tenantSuffix(setup.catalog, setup.region),
      }),
    );
  }
  const result: EndpointResult = {
    endpointId: plan.entry.id,
    region: plan.entry.region,
    group: plan.entry.group,
    groupLabel: plan.groupLabel,
    listed: plan.entry.listed,
    host: plan.host,
    port: plan.port,
    coverage: plan.coverage,
    required: plan.entry.required,
    why: plan.entry.why,
    route: record.route,
    verdict: verdict.verdict,
    verdictLabel: VERDICT_LABELS[verdict.verdict],
    warnings: warnings.map((w) => linked(w, plan)),
    phases: record.phases,
    startedAt: record.startedAt,
    totalMs: record.totalMs,
  };
  if (plan.coverageNote) result.coverageNote = plan.coverageNote;
  if (verdict.failure) result.failure = linked(verdict.failure, plan);
  if (record.dns) result.dns = record.dns;
  if (record.tcp) result.tcp = record.tcp;
  if (record.proxyConnect) result.proxyConnect = record.proxyConnect;
  if (record.tls) result.tls = record.tls;
  if (record.http) result.http = record.http;
  return result;
}

/** The diagnostic with the troubleshooting entries its code and its host's purpose link. */
function linked(d: Diagnostic, plan: PlannedEndpoint): Diagnostic {
  const ids = troubleshootingFor(d, plan.entry.group);
  const { troubleshooting: _, ...rest } = d;
  return ids.length ? { ...rest, troubleshooting: ids } : rest;
}

/**
 * Probes the planned endpoints with bounded concurrency. Catalog entries that
 * resolve to the same host:port share one probe (a wildcard and its
 * representative host are one connection, reported twice).
 */
async function probeAll(
  setup: RunSetup,
  runId: string,
  plans: PlannedEndpoint[],
  onProgress?: (e: DiagnosticsProgress) => void,
): Promise<EndpointResult[]> {
  const limit = pLimit(setup.concurrency);
  const probes = new Map<string, Promise<ProbeRecord>>();
  const names = new Map<string, string[]>();
  for (const plan of plans) {
    const key = probeKey(plan);
    const list = names.get(key) ?? [];
    if (!list.includes(plan.entry.listed)) list.push(plan.entry.listed);
    names.set(key, list);
  }
  const total = plans.length;
  let completed = 0;
  return Promise.all(
    plans.map(async (plan) => {
      const key = probeKey(plan);
      let probe = probes.get(key);
      if (!probe) {
        probe = limit(() => {
          onProgress?.({ type: 'endpoint-started', runId, endpointId: plan.entry.id, host: plan.host });
          return probeEndpoint(plan.host, plan.port, setup.route, setup.env);
        });
        probes.set(key, probe);
      }
      const result = toResult(plan, await probe, setup, listNames(names.get(key)!));
      completed += 1;
      onProgress?.({ type: 'endpoint-finished', runId, completed, total, result });
      return result;
    }),
  );
}

function emit(options: DiagnosticsEngineOptions, event: DiagnosticsProgress): void {
  try {
    options.onProgress?.(event);
  } catch {
    // A failing listener (a closed window) must not break the run.
  }
}

/**
 * Checks every endpoint Cloud Connect needs for one region, directly or
 * through the given proxy, and says whether the prerequisites are met and what
 * to do next. Bad input throws a FieldkitError naming the field before any
 * connection is made; everything after that is reported in the result.
 */
export async function runDiagnostics(input: unknown, options: DiagnosticsEngineOptions = {}): Promise<DiagnosticsRun> {
  const setup = await prepare(input, options);
  const runId = randomUUID();
  const startedAt = new Date();
  const t0 = performance.now();
  const progress = (e: DiagnosticsProgress) => emit(options, e);
  progress({
    type: 'run-started',
    runId,
    region: setup.region,
    total: setup.planned.length,
    endpoints: setup.planned.map((p) => ({ endpointId: p.entry.id, listed: p.entry.listed, host: p.host })),
  });
  const results = await probeAll(setup, runId, setup.planned, progress);
  const cancelled = options.signal?.aborted ?? false;
  const summary = summarizeRun(results, {
    regionLabel: setup.regionLabel,
    ...(setup.consoleSetup ? { consoleSetup: setup.consoleSetup } : {}),
    ...(setup.proxy?.host ? { proxyLabel: `${setup.proxy.host}:${setup.proxy.port}` } : {}),
    cancelled,
    overrides: setup.overrides,
    ...allowlistSummaryContext(setup.allowlist),
  });
  const run: DiagnosticsRun = {
    schemaVersion: DIAGNOSTICS_RESULT_VERSION,
    id: runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: performance.now() - t0,
    region: setup.region,
    regionLabel: setup.regionLabel,
    proxy: setup.proxy,
    trust: setup.trust.counts,
    timeouts: setup.timeouts,
    concurrency: setup.concurrency,
    overrides: setup.overrides,
    cancelled,
    results,
    summary,
  };
  if (setup.request.ccid) run.ccid = setup.request.ccid;
  if (setup.serviceUrlHost) run.serviceUrlHost = setup.serviceUrlHost;
  if (setup.allowlist) run.allowlist = setup.allowlist;
  progress({ type: 'run-finished', runId, summary, cancelled });
  return run;
}

/**
 * Checks a single catalog endpoint with the given request (proxy, trust,
 * timeouts), with every other listed name its host stands for: one probe, a
 * result per name. Used to re-check one row and to test a proxy profile.
 */
export async function checkEndpoint(
  input: unknown,
  endpointId: string,
  options: DiagnosticsEngineOptions = {},
  runId: string = randomUUID(),
): Promise<{ results: EndpointResult[]; setup: Pick<RunSetup, 'region' | 'consoleSetup'> }> {
  const setup = await prepare(input, options);
  const plan = setup.planned.find((p) => p.entry.id === endpointId);
  if (!plan)
    throw new FieldkitError(
      'DIAG_UNKNOWN_ENDPOINT',
      setup.allowlist
        ? `The endpoint ${endpointId} is not in allowlist version ${setup.allowlist.versionId} as filtered for this run.`
        : `The endpoint ${endpointId} is not in the ${setup.region} catalog.`,
      { field: 'endpointId' },
    );
  const sharing = setup.planned.filter((p) => probeKey(p) === probeKey(plan));
  const results = await probeAll(setup, runId, sharing, (e) => emit(options, e));
  return { results, setup: { region: setup.region, ...(setup.consoleSetup ? { consoleSetup: setup.consoleSetup } : {}) } };
}

/**
 * Checks one endpoint of an earlier run again (after a fix) and returns the
 * run with its result, and those of the other names its host stands for,
 * replaced and the summary recomputed. The request must be given again: runs
 * never store the proxy password or CA file contents.
 */
export async function rerunEndpoint(
  previous: DiagnosticsRun,
  endpointId: string,
  input: unknown,
  options: DiagnosticsEngineOptions = {},
): Promise<DiagnosticsRun> {
  const index = previous.results.findIndex((r) => r.endpointId === endpointId);
  if (index < 0)
    throw new FieldkitError('DIAG_UNKNOWN_ENDPOINT', `The endpoint ${endpointId} is not part of run ${previous.id}.`, {
      field: 'endpointId',
    });
  const region = (input as { region?: unknown } | null)?.region;
  if (region !== previous.region) {
    throw new FieldkitError('DIAG_INVALID_REGION', `The run ${previous.id} is for ${previous.region}, not ${String(region)}.`, {
      field: 'region',
      hint: 'Re-check an endpoint with the same region as its run.',
    });
  }
  const { results: fresh, setup } = await checkEndpoint(input, endpointId, options, previous.id);
  const byId = new Map(fresh.map((r) => [r.endpointId, r]));
  const results = previous.results.map((r) => byId.get(r.endpointId) ?? r);
  const cancelled = results.some((r) => r.verdict === 'not-checked');
  const summary = summarizeRun(results, {
    regionLabel: previous.regionLabel,
    ...(setup.consoleSetup ? { consoleSetup: setup.consoleSetup } : {}),
    ...(previous.proxy?.host ? { proxyLabel: `${previous.proxy.host}:${previous.proxy.port}` } : {}),
    cancelled,
    overrides: previous.overrides,
    ...allowlistSummaryContext(previous.allowlist),
  });
  return { ...previous, schemaVersion: DIAGNOSTICS_RESULT_VERSION, results, summary, updatedAt: new Date().toISOString(), cancelled };
}
