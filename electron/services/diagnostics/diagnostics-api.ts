import {
  AllowlistCheckSource,
  type AllowlistCheckSourceInput,
  type DiagnoseRequest,
  type DiagnosticsRun,
  type ExportOptions,
  type PhaseTimeouts,
  type ProxyTestResult,
  type RunComparison,
  type RunListItem,
} from '../../../shared/schemas/diagnostics.ts';
import type { AllowlistDocument, AllowlistVersionInfo } from '../../../shared/schemas/allowlist.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import type { FileGrants, FileRef } from '../files/file-grants.ts';
import type { Logger } from '../log/logger.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';
import { resolveProxyChoice, type ProxyChoice } from '../network/proxy-choice.ts';
import { readCaPems } from '../network/trust-store.ts';
import type { SavedProfiles } from '../profiles/saved-profiles.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { TaskControl } from '../tasks/task-control.ts';
import type { TaskRegistry } from '../tasks/task-registry.ts';
import type { AllowlistCheck } from './allowlist-plan.ts';
import { compareRuns } from './compare-runs.ts';
import { schemaError } from './diagnose-request.ts';
import type { DiagnosticsHistory } from './diagnostics-history.ts';
import { exportRunJson } from './report-export.ts';
import { renderRunHtml } from './report-html.ts';
import { rerunEndpoint, runDiagnostics, type DiagnosticsEngineOptions } from './run-diagnostics.ts';
import { testProxy } from './test-proxy.ts';

/**
 * The proxy of a check: a saved profile (password from the keychain), or one
 * given for this check only (the CLI's --proxy URL, --proxy-ca files, password
 * from its environment). CA files alone mean transparent interception.
 */
export type DiagnosticsProxy = ProxyChoice;

/** Where a lab or test points a check instead of the real Citrix endpoints; every run records what was used. */
export interface LabOverrides {
  /** host → IP address, consulted before DNS. */
  resolve?: Record<string, string>;
  /** host → port, instead of the catalog's 443. */
  ports?: Record<string, number>;
  /** CA files trusted like public roots (interception through them is not reported). */
  trustAnchorFiles?: string[];
}

export interface DiagnosticsCheckInput {
  region: Region;
  ccid?: string | undefined;
  serviceUrl?: string | undefined;
  proxy?: DiagnosticsProxy | undefined;
  /** CA files (PEM or DER) the admin adds to the trust for this check: granted tokens (the app) or paths (the CLI). */
  caFiles?: FileRef[] | undefined;
  timeouts?: Partial<PhaseTimeouts> | undefined;
  concurrency?: number | undefined;
  lab?: LabOverrides | undefined;
  /** Check what a stored allowlist version lists (its outbound hosts) instead of the region's catalog. */
  endpoints?: { fromAllowlist: AllowlistCheckSourceInput } | undefined;
}

export interface DiagnosticsExport {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface DiagnosticsApi {
  /** Check Connectivity for a region; the run is kept in history (a history that cannot be written is logged, not fatal). */
  run(input: DiagnosticsCheckInput, task?: TaskControl): Promise<DiagnosticsRun>;
  /** Checks one endpoint of an earlier run again, with the proxy as saved now and the CA files that run used. */
  rerunEndpoint(input: { runId: string; endpointId: string }, task?: TaskControl): Promise<DiagnosticsRun>;
  testProxy(input: { proxyProfileId: string; region?: Region | undefined }): Promise<ProxyTestResult>;
  history(input?: { limit?: number | undefined }): RunListItem[];
  get(runId: string): DiagnosticsRun;
  compare(input: { beforeRunId: string; afterRunId: string }): RunComparison;
  export(input: { runId: string; format: 'html' | 'json'; options?: ExportOptions | undefined }): Promise<DiagnosticsExport>;
}

export interface DiagnosticsDeps {
  proxies: SavedProfiles<SavedProxyProfile>;
  history: DiagnosticsHistory;
  tasks: TaskRegistry;
  redactor: SecretRedactor;
  logger: Logger;
  files: FileGrants;
  /** A stored allowlist version and its document; no id: the newest (the bundled baseline on a first start). */
  allowlistVersion?: (versionId: number | undefined) => { info: AllowlistVersionInfo; document: AllowlistDocument };
  /** Engine-wide overrides (tests and labs); a check's own lab overrides add to them. */
  overrides: Pick<DiagnosticsEngineOptions, 'resolverOverrides' | 'portOverrides' | 'extraTrustAnchors' | 'dnsServers' | 'catalog'>;
}

export function createDiagnosticsApi(deps: DiagnosticsDeps): DiagnosticsApi {
  // CA file paths are not part of a stored run; a re-run in the same session uses the same files.
  const caFilesByRun = new Map<string, string[]>();

  const resolveProxy = (proxy: DiagnosticsProxy | undefined) => resolveProxyChoice(proxy, deps);

  /** The allowlist version a check asks for, validated before anything is probed. */
  function allowlistCheck(endpoints: DiagnosticsCheckInput['endpoints']): AllowlistCheck | undefined {
    if (endpoints === undefined) return undefined;
    const parsed = AllowlistCheckSource.safeParse(endpoints.fromAllowlist);
    if (!parsed.success) throw schemaError(parsed.error, 'endpoints.fromAllowlist');
    if (!deps.allowlistVersion) throw new Error('This engine keeps no allowlist versions.');
    const { info, document } = deps.allowlistVersion(parsed.data.versionId);
    return { info, document, ...(parsed.data.filter ? { filter: parsed.data.filter } : {}) };
  }

  async function prepare(
    input: Omit<DiagnosticsCheckInput, 'caFiles'> & { caFiles?: string[] | undefined },
    task: TaskControl | undefined,
  ) {
    const allowlist = allowlistCheck(input.endpoints);
    const { profile, password } = await resolveProxy(input.proxy);
    const request: DiagnoseRequest = { region: input.region };
    if (input.ccid) request.ccid = input.ccid;
    if (input.serviceUrl) request.serviceUrl = input.serviceUrl;
    if (profile) request.proxy = profile;
    if (input.caFiles?.length) request.caFiles = input.caFiles;
    if (input.timeouts) request.timeouts = input.timeouts;
    if (input.concurrency !== undefined) request.concurrency = input.concurrency;

    const options: DiagnosticsEngineOptions = { ...deps.overrides, ...(allowlist ? { allowlist } : {}) };
    if (password !== undefined) options.proxyPassword = password;
    const lab = input.lab ?? {};
    if (lab.resolve && Object.keys(lab.resolve).length) options.resolverOverrides = { ...options.resolverOverrides, ...lab.resolve };
    if (lab.ports && Object.keys(lab.ports).length) options.portOverrides = { ...options.portOverrides, ...lab.ports };
    const anchors = await readCaPems(lab.trustAnchorFiles ?? [], 'lab.trustAnchorFiles');
    if (anchors.length) options.extraTrustAnchors = [...(options.extraTrustAnchors ?? []), ...anchors];
    if (task?.onProgress) {
      const { onProgress } = task;
      options.onProgress = (event) => onProgress({ taskId: task.taskId ?? '', kind: 'diagnostics', event });
    }
    return { request, options };
  }

  function keep(run: DiagnosticsRun): void {
    try {
      deps.history.save(run);
    } catch (err) {
      deps.logger.warn(`The check was not kept in history: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return {
    async run(input, task = {}) {
      const caFiles = input.caFiles?.map((ref, i) => deps.files.resolve(ref, `caFiles.${i}`).path);
      const { request, options } = await prepare({ ...input, caFiles }, task);
      const run = await deps.tasks.run(task, (signal) => runDiagnostics(request, { ...options, signal }));
      keep(run);
      if (caFiles?.length) caFilesByRun.set(run.id, caFiles);
      return run;
    },
    async rerunEndpoint({ runId, endpointId }, task = {}) {
      const previous = deps.history.get(runId);
      const { request, options } = await prepare(
        {
          region: previous.region,
          ccid: previous.ccid,
          serviceUrl: previous.serviceUrlHost,
          ...(previous.proxy?.profileId ? { proxy: { profileId: previous.proxy.profileId } } : {}),
          caFiles: caFilesByRun.get(runId),
          timeouts: previous.timeouts,
          ...(previous.allowlist
            ? { endpoints: { fromAllowlist: { versionId: previous.allowlist.versionId, filter: previous.allowlist.filter } } }
            : {}),
        },
        task,
      );
      const run = await deps.tasks.run(task, (signal) => rerunEndpoint(previous, endpointId, request, { ...options, signal }));
      keep(run);
      return run;
    },
    async testProxy({ proxyProfileId, region }) {
      const { profile, password } = await resolveProxy({ profileId: proxyProfileId });
      return testProxy(profile, {
        ...deps.overrides,
        ...(password !== undefined ? { proxyPassword: password } : {}),
        ...(region ? { region } : {}),
      });
    },
    history: (input) => deps.history.list({ limit: input?.limit ?? 50 }),
    get: (runId) => deps.history.get(runId),
    compare: ({ beforeRunId, afterRunId }) => compareRuns(deps.history.get(beforeRunId), deps.history.get(afterRunId)),
    async export({ runId, format, options }) {
      const run = deps.history.get(runId);
      const secrets: string[] = [];
      if (run.proxy?.profileId) {
        const pw = await deps.proxies.password(run.proxy.profileId).catch(() => null);
        if (pw) secrets.push(pw);
      }
      const exportOptions = { keepProxyUsername: options?.keepProxyUsername ?? false, secrets };
      const stamp = run.startedAt.replace(/[:.]/g, '-');
      const base = `fieldkit-check-${run.region}-${stamp}`;
      // The run's own proxy password is left out here; every other secret is scrubbed where the export leaves (dispatcher, CLI output).
      if (format === 'json') {
        return { fileName: `${base}.json`, mimeType: 'application/json', content: exportRunJson(run, exportOptions) };
      }
      return { fileName: `${base}.html`, mimeType: 'text/html', content: renderRunHtml(run, exportOptions) };
    },
  };
}
