import { basename } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type {
  AllowlistDiff,
  AllowlistDocument,
  AllowlistFilterInput,
  AllowlistQueryInput,
  AllowlistVersionInfo,
  ExportKind,
} from '../../../shared/schemas/allowlist.ts';
import type { Region } from '../../../shared/schemas/endpoint-catalog.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { resolveProxyChoice, type ProxyChoice, type ProxyChoiceDeps } from '../network/proxy-choice.ts';
import type { TaskControl } from '../tasks/task-control.ts';
import type { TaskRegistry } from '../tasks/task-registry.ts';
import { allowlistBaseline } from './allowlist-baseline.ts';
import { fetchAllowlist, validateAllowlistQuery, type FetchAllowlistDeps } from './allowlist-client.ts';
import { openAllowlistConnection, type AllowlistConnectionOptions } from './allowlist-connection.ts';
import { requireAllowlistBaseUrl } from './allowlist-endpoints.ts';
import type { AllowlistStore } from './allowlist-store.ts';
import { diffAllowlists } from './diff-allowlist.ts';
import { exportAllowlist, type AllowlistExport } from './export-allowlist.ts';
import { normalizeAllowlist } from './normalize-allowlist.ts';
import type { RateLimiter } from './rate-limiter.ts';

export type { AllowlistExport };
/**
 * The allowlist use cases: fetch (conditional on what is stored, within the
 * API's rate limit), the stored versions with their age and validity, a
 * version's document, the diff of two versions, and exports. Offline, the
 * newest stored version serves; on a first start with nothing stored, the
 * bundled baseline, labelled as such.
 */

/** The proxy of a fetch: a saved profile (password from the keychain), or one given for this call (the CLI's --proxy). */
export type AllowlistProxy = ProxyChoice;

export interface AllowlistFetchInput {
  query: AllowlistQueryInput;
  /** Chooses the base URL the seed documents for it; `baseUrl` always wins. */
  region?: Region | undefined;
  baseUrl?: string | undefined;
  proxy?: AllowlistProxy | undefined;
  /** Ask even within the stored answer's Cache-Control max-age. */
  force?: boolean | undefined;
}

export interface AllowlistFetchResult {
  version: AllowlistVersionInfo;
  /** The API answered 304: the stored version is current, nothing new was stored. */
  notModified: boolean;
  /** The Citrix-TransactionId of this request (for a 304, not the stored version's); absent when no request was sent. */
  transactionId?: string;
  /** No request was sent: the stored answer is still fresh by its Cache-Control max-age. */
  fresh?: boolean;
}

export interface AllowlistCurrent {
  version: AllowlistVersionInfo;
  ageHours: number;
  /** Past meta.validUntil: a fetch is due. */
  pastValidUntil: boolean;
}

export interface AllowlistExportInput {
  versionId?: number | undefined;
  kind: ExportKind;
  filter?: AllowlistFilterInput | undefined;
  customerId?: string | undefined;
  /** For the PAC file: where the listed hosts go. */
  proxy?: { host: string; port: number } | 'DIRECT' | undefined;
  ipVersion?: 4 | 6 | undefined;
}

export interface AllowlistExportPreview extends AllowlistExport {
  totalLines: number;
  truncated: boolean;
}

export interface AllowlistApi {
  fetch(input: AllowlistFetchInput, task?: TaskControl): Promise<AllowlistFetchResult>;
  /** Newest first, and the one offline use falls back to. */
  versions(): { versions: AllowlistVersionInfo[]; current?: AllowlistCurrent };
  document(input: { versionId?: number | undefined }): AllowlistDocument;
  diff(input: { from: number; to: number }): AllowlistDiff;
  export(input: AllowlistExportInput): AllowlistExport;
  /** The export's first `maxLines` lines, for a preview: the whole would be too much to show. */
  preview(input: AllowlistExportInput & { maxLines: number }): AllowlistExportPreview;
  /** The export written whole to the file the user chose (the app's save dialog); answers its file name. */
  saveExport(input: AllowlistExportInput & { path: string }): Promise<{ fileName: string }>;
}

export interface AllowlistDeps {
  store: AllowlistStore;
  limiter: RateLimiter;
  proxies: ProxyChoiceDeps['proxies'];
  redactor: ProxyChoiceDeps['redactor'];
  tasks: TaskRegistry;
  now?: () => Date;
  /** Labs and tests: roots treated as public, and the fetch's timeouts. */
  connection?: Pick<AllowlistConnectionOptions, 'extraTrustAnchors' | 'includeSystemTrust' | 'env' | 'connectTimeoutMs'>;
  fetch?: Pick<FetchAllowlistDeps, 'sleep' | 'timeoutMs' | 'maxRateLimitWaitMs'>;
}

/** When a stored answer stops being fresh: fetch time + Cache-Control max-age (0 for no-cache, no-store or none). */
function freshUntil(v: AllowlistVersionInfo): number {
  const cc = v.cacheControl?.toLowerCase() ?? '';
  if (/no-cache|no-store/.test(cc)) return 0;
  const maxAge = /max-age=(\d+)/.exec(cc);
  return maxAge ? Date.parse(v.fetchedAt) + Number(maxAge[1]) * 1000 : 0;
}

export function createAllowlistApi(deps: AllowlistDeps): AllowlistApi {
  const now = deps.now ?? (() => new Date());

  /** A first start with nothing stored gets the bundled baseline, so every view and export has something to show. */
  function ensureSomething(): AllowlistVersionInfo {
    const newest = deps.store.newest();
    if (newest) return newest;
    return deps.store.add({
      source: 'baseline',
      fetchedAt: now().toISOString(),
      query: { format: 'json', geo: 'all', direction: 'all' },
      document: allowlistBaseline(),
    });
  }

  function versionOrNewest(versionId: number | undefined): number {
    return versionId ?? ensureSomething().id;
  }

  function exportVersion(input: AllowlistExportInput): AllowlistExport {
    const doc = deps.store.document(versionOrNewest(input.versionId));
    return exportAllowlist(doc, input.kind, {
      ...(input.filter ? { filter: input.filter } : {}),
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.proxy ? { proxy: input.proxy } : {}),
      ...(input.ipVersion ? { ipVersion: input.ipVersion } : {}),
    });
  }

  return {
    fetch(input, task = {}) {
      const query = validateAllowlistQuery(input.query);
      const baseUrl = requireAllowlistBaseUrl(input.region ?? 'commercial', input.baseUrl);
      return deps.tasks.run(task, async (signal) => {
        const previous = deps.store.newestFor(query);
        // The API says how long its answer stays fresh; asking again sooner only spends the 5-a-minute budget.
        if (previous && !input.force && freshUntil(previous) > now().getTime())
          return { version: previous, notModified: true, fresh: true };
        const { profile, password } = await resolveProxyChoice(input.proxy, deps);
        const connection = await openAllowlistConnection({
          ...(profile ? { proxy: profile } : {}),
          ...(password !== undefined ? { proxyPassword: password } : {}),
          ...deps.connection,
        });
        try {
          const answer = await fetchAllowlist(
            { baseUrl, query, ...(previous?.lastModified ? { ifModifiedSince: previous.lastModified } : {}), signal },
            {
              dispatcher: connection.dispatcher,
              limiter: deps.limiter,
              ...deps.fetch,
              ...(task.onProgress
                ? { onWait: (wait) => task.onProgress?.({ taskId: task.taskId ?? '', kind: 'allowlist', event: wait }) }
                : {}),
            },
          );
          if (answer.status === 'not-modified' && previous)
            return { version: previous, notModified: true, transactionId: answer.transactionId };
          if (answer.status === 'not-modified')
            throw new FieldkitError(
              'ALLOWLIST_MALFORMED',
              'The AllowList API said nothing changed, but no earlier version is stored here.',
            );
          const document = normalizeAllowlist(answer.body, query.format, new Date(answer.fetchedAt));
          const version = deps.store.add({
            source: 'api',
            fetchedAt: answer.fetchedAt,
            baseUrl,
            query,
            transactionId: answer.transactionId,
            lastModified: answer.lastModified,
            cacheControl: answer.cacheControl,
            rawText: answer.rawText,
            document,
          });
          return { version, notModified: false, transactionId: answer.transactionId };
        } finally {
          await connection.close();
        }
      });
    },
    versions() {
      ensureSomething();
      const versions = deps.store.list();
      const newest = versions[0];
      if (!newest) return { versions };
      const ageHours = Math.max(0, (now().getTime() - Date.parse(newest.fetchedAt)) / 3_600_000);
      const pastValidUntil = newest.validUntil !== undefined && Date.parse(newest.validUntil) < now().getTime();
      return { versions, current: { version: newest, ageHours, pastValidUntil } };
    },
    document: ({ versionId }) => deps.store.document(versionOrNewest(versionId)),
    diff: ({ from, to }) => diffAllowlists(deps.store.document(from), deps.store.document(to), { from, to }),
    async saveExport({ path, ...input }) {
      const exported = exportVersion(input);
      await writeFileAtomic(path, exported.content);
      return { fileName: basename(path) };
    },
    preview({ maxLines, ...input }) {
      const exported = exportVersion(input);
      const lines = exported.content.replace(/\n$/, '').split('\n');
      const truncated = lines.length > maxLines;
      return {
        ...exported,
        content: truncated ? `${lines.slice(0, maxLines).join('\n')}\n` : exported.content,
        totalLines: lines.length,
        truncated,
      };
    },
    export: exportVersion,
  };
}
