import type { DiagnoseRequest, ProxyProfile } from '../../../shared/schemas/diagnostics.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import { compareRuns } from '../diagnostics/compare-runs.ts';
import { exportRunJson } from '../diagnostics/report-export.ts';
import { renderRunHtml } from '../diagnostics/report-html.ts';
import { rerunEndpoint, runDiagnostics, type DiagnosticsEngineOptions } from '../diagnostics/run-diagnostics.ts';
import { testProxy } from '../diagnostics/test-proxy.ts';
import type { Engine } from '../engine.ts';
import type { Handlers } from './dispatch.ts';
import { profileWithPassword } from './profile-with-password.ts';

type DiagnosticsHandlers = Pick<
  Handlers,
  | 'proxyProfilesList'
  | 'proxyProfileSave'
  | 'proxyProfileDelete'
  | 'proxyTest'
  | 'diagnosticsRun'
  | 'diagnosticsRerunEndpoint'
  | 'diagnosticsHistory'
  | 'diagnosticsGet'
  | 'diagnosticsCompare'
  | 'diagnosticsExport'
>;

/** Check Connectivity over IPC: proxy profiles with their keychain passwords, runs kept in history, exports without secrets. */
export function createDiagnosticsHandlers(engine: Engine): DiagnosticsHandlers {
  const proxies = profileWithPassword<SavedProxyProfile>(engine, 'proxy-password', {
    list: () => engine.profiles.proxies(),
    save: (p) => engine.profiles.saveProxy(p),
    remove: (id) => engine.profiles.delete('proxies', id),
  });
  // CA file paths are not part of a stored run; a re-run in the same session uses the same files.
  const caFilesByRun = new Map<string, string[]>();

  async function proxyOptions(proxy: ProxyProfile | undefined): Promise<DiagnosticsEngineOptions> {
    const opts: DiagnosticsEngineOptions = { ...engine.diagnosticsOverrides };
    if (proxy?.id && 'username' in proxy && proxy.username) {
      const password = await proxies.password(proxy.id);
      if (password !== null) opts.proxyPassword = password;
    }
    return opts;
  }

  /** A run's request is rebuilt from the saved profile each time, so a re-run uses the proxy as it is now. */
  function requestFor(input: {
    region: DiagnoseRequest['region'];
    ccid?: string | undefined;
    serviceUrl?: string | undefined;
    proxyProfileId?: string | undefined;
    caFiles?: string[] | undefined;
    timeouts?: DiagnoseRequest['timeouts'];
  }): DiagnoseRequest {
    const request: DiagnoseRequest = { region: input.region };
    if (input.ccid) request.ccid = input.ccid;
    if (input.serviceUrl) request.serviceUrl = input.serviceUrl;
    if (input.proxyProfileId) request.proxy = engine.profiles.proxy(input.proxyProfileId);
    if (input.caFiles?.length) request.caFiles = input.caFiles;
    if (input.timeouts) request.timeouts = input.timeouts;
    return request;
  }

  return {
    proxyProfilesList: () => proxies.list(),
    proxyProfileSave: ({ profile, password }) => proxies.save(profile as SavedProxyProfile, password),
    proxyProfileDelete: ({ id }) => proxies.remove(id),
    proxyTest: async ({ proxyProfileId, region }) => {
      const profile = engine.profiles.proxy(proxyProfileId);
      return testProxy(profile, { ...(await proxyOptions(profile)), ...(region ? { region } : {}) });
    },
    diagnosticsRun: async (input, ctx) => {
      const request = requestFor(input);
      const options = await proxyOptions(request.proxy ?? undefined);
      const run = await engine.tasks.run(input.taskId, (signal) =>
        runDiagnostics(request, {
          ...options,
          signal,
          onProgress: (event) => ctx.emit('taskProgress', { taskId: input.taskId, kind: 'diagnostics', event }),
        }),
      );
      engine.diagnosticsHistory.save(run);
      if (input.caFiles?.length) caFilesByRun.set(run.id, input.caFiles);
      return run;
    },
    diagnosticsRerunEndpoint: async ({ taskId, runId, endpointId }, ctx) => {
      const previous = engine.diagnosticsHistory.get(runId);
      const request = requestFor({
        region: previous.region,
        ccid: previous.ccid,
        serviceUrl: previous.serviceUrlHost,
        proxyProfileId: previous.proxy?.profileId,
        caFiles: caFilesByRun.get(runId),
        timeouts: previous.timeouts,
      });
      const options = await proxyOptions(request.proxy ?? undefined);
      const run = await engine.tasks.run(taskId, (signal) =>
        rerunEndpoint(previous, endpointId, request, {
          ...options,
          signal,
          onProgress: (event) => ctx.emit('taskProgress', { taskId, kind: 'diagnostics', event }),
        }),
      );
      engine.diagnosticsHistory.save(run);
      return run;
    },
    diagnosticsHistory: (input) => engine.diagnosticsHistory.list({ limit: input?.limit ?? 50 }),
    diagnosticsGet: ({ runId }) => engine.diagnosticsHistory.get(runId),
    diagnosticsCompare: ({ beforeRunId, afterRunId }) =>
      compareRuns(engine.diagnosticsHistory.get(beforeRunId), engine.diagnosticsHistory.get(afterRunId)),
    diagnosticsExport: async ({ runId, format, options }) => {
      const run = engine.diagnosticsHistory.get(runId);
      const secrets: string[] = [];
      if (run.proxy?.profileId) {
        const pw = await proxies.password(run.proxy.profileId).catch(() => null);
        if (pw) secrets.push(pw);
      }
      const exportOptions = { keepProxyUsername: options?.keepProxyUsername ?? false, secrets };
      const stamp = run.startedAt.replace(/[:.]/g, '-');
      if (format === 'json')
        return {
          fileName: `fieldkit-check-${run.region}-${stamp}.json`,
          mimeType: 'application/json',
          content: exportRunJson(run, exportOptions),
        };
      return { fileName: `fieldkit-check-${run.region}-${stamp}.html`, mimeType: 'text/html', content: renderRunHtml(run, exportOptions) };
    },
  };
}
