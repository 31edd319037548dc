import type { ApplianceProfile, BundleReport, FailureInfo, PushResult } from '../../../shared/schemas/certificates.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { Sync, SyncApplianceResult, SyncRun } from '../../../shared/schemas/syncs.ts';
import type { ApplianceRef, BundleFileRefs, CertificatesApi } from '../certificates/certificates-api.ts';
import type { CertPushHistory } from '../certificates/push-history.ts';
import type { ApplianceKey } from '../certificates/push-history.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import { DEFAULT_PARTITION } from '../nitro/nitro-client.ts';
import type { SavedProfiles } from '../profiles/saved-profiles.ts';
import type { TaskControl } from '../tasks/task-control.ts';
import type { SyncHistory } from './sync-history.ts';

/**
 * One run of a sync: read the source, and when it holds a certificate the
 * appliances do not have yet, push it with the ordinary push (its own plan,
 * rollback and history per appliance), then, with "remove expired", remove
 * the certkeys this sync had created that the new one replaced or that
 * expired. Every run is recorded, so the watch and "last run" survive a restart.
 */

export interface SyncRunnerDeps {
  /**
   * A certificates API with a bundle session of its own for each read of a source: a run never drops the
   * bundle the user is working on in the window, nor another sync's.
   */
  openCertificates(): { certificates: CertificatesApi; discard: (bundleId: string) => void };
  appliances: SavedProfiles<ApplianceProfile>;
  history: SyncHistory;
  pushHistory: CertPushHistory;
  passphrase(syncId: string): Promise<string | null>;
  now?: () => Date;
}

/** The source as read now: the bundle id to push, and what it holds. */
export interface LoadedSource {
  bundleId: string;
  report: BundleReport;
  certificates: CertificatesApi;
  /** Drops the private key of a source that will not be pushed (a push drops it by itself). */
  discard: () => void;
}

export function sourceFiles(sync: Sync): BundleFileRefs {
  const s = sync.source;
  if (s.kind === 'pfx') return { pfx: { path: s.pfx } };
  return { cert: { path: s.cert }, key: { path: s.key }, ...(s.chain ? { chain: { path: s.chain } } : {}) };
}

export async function loadSource(sync: Sync, deps: SyncRunnerDeps): Promise<LoadedSource> {
  const passphrase = (await deps.passphrase(sync.id)) ?? undefined;
  const { certificates, discard } = deps.openCertificates();
  const { bundleId, report } = await certificates.loadBundle({ files: sourceFiles(sync), passphrase });
  return { bundleId, report, certificates, discard: () => discard(bundleId) };
}

/** Why a source cannot be pushed as it is now (a file half written, a key of another certificate), or undefined when it can. */
export function sourceNotReady(report: BundleReport): string | undefined {
  if (!report.leaf) return 'the certificate file holds no server certificate';
  if (!report.key) return 'no private key was found';
  if (!report.key.matchesCertificate) return 'the private key does not belong to the certificate';
  return undefined;
}

export interface RunOptions {
  trigger: SyncRun['trigger'];
  /** Push even when the appliances already have this certificate. */
  force?: boolean;
  /** A source the caller already read (the watch, which checked it is complete). */
  loaded?: LoadedSource;
  task?: TaskControl;
}

export async function runSync(sync: Sync, deps: SyncRunnerDeps, opts: RunOptions): Promise<SyncRun> {
  const now = deps.now ?? (() => new Date());
  const run: SyncRun = {
    syncId: sync.id,
    syncName: sync.name,
    startedAt: now().toISOString(),
    finishedAt: '',
    outcome: 'failed',
    trigger: opts.trigger,
    appliances: [],
  };
  const finish = (): SyncRun => {
    run.finishedAt = now().toISOString();
    deps.history.recordRun(run);
    return run;
  };

  let loaded: LoadedSource;
  try {
    loaded = opts.loaded ?? (await loadSource(sync, deps));
  } catch (err) {
    run.error = failureInfo(err, 'read the source');
    return finish();
  }
  const { report } = loaded;
  if (report.leaf) {
    run.serialHex = report.leaf.serialHex;
    run.notAfter = report.leaf.notAfter;
    run.subject = report.leaf.subject;
  }
  const notReady = sourceNotReady(report);
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (notReady || errors.length > 0) {
    loaded.discard();
    run.error = failureInfo(
      new FieldkitError(
        'SYNC_SOURCE_NOT_READY',
        `The files of sync "${sync.name}" cannot be pushed: ${notReady ?? errors.map((p) => p.message).join(' ')}`,
        {
          ...(errors[0] ? { hint: errors[0].hint } : {}),
        },
      ),
      'read the source',
    );
    return finish();
  }

  if (!opts.force && alreadyOnEveryDestination(sync, deps.history.lastSuccess(sync.id), report.leaf!.serialHex)) {
    loaded.discard();
    run.outcome = 'unchanged';
    const named = new Set(sync.destinations.map((d) => d.applianceId));
    run.appliances = deps.history
      .lastSuccess(sync.id)!
      .appliances.filter((a) => named.has(a.applianceId))
      .map((a) => ({ ...a, outcome: 'unchanged', removed: [] }));
    return finish();
  }

  const targets = await Promise.all(sync.destinations.map((d) => destinationRef(d, deps)));
  const runnable = targets.filter((t): t is ResolvedDestination => 'ref' in t);
  const summary = runnable.length
    ? await loaded.certificates.push(
        {
          bundleId: loaded.bundleId,
          appliances: runnable.map((t) => t.ref),
          options: {
            vservers: sync.vservers,
            preserve: sync.options.preserve,
            // The sync's name is its certificates' stable name ({{certificateId}}) across renewals.
            certificateId: sync.name,
            ...(sync.options.nameSchema ? { nameSchema: sync.options.nameSchema } : {}),
            ...certkeyNameFor(sync, deps.history.lastSuccess(sync.id)),
          },
        },
        opts.task,
      )
    : undefined;
  if (!summary) loaded.discard();

  for (const t of targets) {
    if (!('ref' in t)) {
      run.appliances.push({ applianceId: t.applianceId, appliance: t.applianceId, outcome: 'failed', error: t.error, removed: [] });
      continue;
    }
    const r = summary!.results[runnable.indexOf(t)]!;
    const row: SyncApplianceResult = { applianceId: t.applianceId, appliance: r.appliance, outcome: r.outcome, removed: [] };
    if (r.certkey) row.certkey = r.certkey;
    if (r.error) row.error = r.error;
    if (r.outcome === 'succeeded' || r.outcome === 'unchanged') {
      rememberCreated(sync, t.key, r, deps);
      if (sync.options.removeExpired) await removeOld(sync, t, r, loaded, row, deps, opts.task);
    }
    run.appliances.push(row);
  }
  run.outcome = overall(run.appliances);
  return finish();
}

/**
 * With preserve, a renewal changes the certkey the sync pushed last time, so names and bindings stay:
 * the one the user named, else the one every appliance had after the last settled run.
 */
function certkeyNameFor(sync: Sync, last: SyncRun | undefined): { certkeyName?: string } {
  if (sync.options.certkeyName) return { certkeyName: sync.options.certkeyName };
  if (!sync.options.preserve || !last) return {};
  const names = new Set(last.appliances.map((a) => a.certkey));
  const [only] = names;
  return names.size === 1 && only !== undefined ? { certkeyName: only } : {};
}

/** The last settled run pushed this certificate, and to every appliance the sync names now. */
export function alreadyOnEveryDestination(sync: Sync, last: SyncRun | undefined, serialHex: string): boolean {
  if (!last || last.serialHex !== serialHex) return false;
  const done = new Set(last.appliances.filter((a) => a.outcome === 'succeeded' || a.outcome === 'unchanged').map((a) => a.applianceId));
  return sync.destinations.every((d) => done.has(d.applianceId));
}

function overall(rows: SyncApplianceResult[]): SyncRun['outcome'] {
  if (rows.some((r) => r.outcome === 'interrupted')) return 'interrupted';
  if (rows.some((r) => r.outcome === 'failed' || r.outcome === 'rolled-back')) return 'failed';
  return rows.every((r) => r.outcome === 'unchanged') ? 'unchanged' : 'succeeded';
}

interface ResolvedDestination {
  applianceId: string;
  ref: ApplianceRef;
  key: ApplianceKey;
}

async function destinationRef(
  d: Sync['destinations'][number],
  deps: SyncRunnerDeps,
): Promise<ResolvedDestination | { applianceId: string; error: FailureInfo }> {
  try {
    const profile = deps.appliances.get(d.applianceId);
    const partition = d.partition ?? profile.partition ?? DEFAULT_PARTITION;
    const key = { host: profile.host, port: profile.port, partition };
    if (d.partition === undefined || d.partition === profile.partition)
      return { applianceId: d.applianceId, ref: { profileId: profile.id }, key };
    // Another partition than the profile's: the same saved appliance and password, for this call only.
    const password = await deps.appliances.password(profile.id);
    if (password === null)
      throw new FieldkitError(
        'APPLIANCE_PASSWORD_MISSING',
        `${profile.name ?? profile.host}: no password is saved for user "${profile.username}".`,
      );
    return { applianceId: d.applianceId, ref: { profile: { ...profile, partition: d.partition }, password }, key };
  } catch (err) {
    return { applianceId: d.applianceId, error: failureInfo(err, 'start') };
  }
}

/** The certkeys this push created (the push history has them under its id) become this sync's. */
function rememberCreated(sync: Sync, key: ApplianceKey, r: PushResult, deps: SyncRunnerDeps): void {
  if (r.historyId === undefined) return;
  const created = deps.pushHistory.ownedCertkeys(key).filter((o) => o.pushId === r.historyId);
  deps.history.recordCreated(sync.id, key, created);
}

/**
 * The sync's own certkeys that this run made obsolete: server certkeys other
 * than the one now in use (replaced), and intermediates no longer in the
 * source's chain or expired. Named to the ordinary removal, which keeps its
 * safety checks (nothing another certkey links to, no vserver left without
 * its certificate).
 */
async function removeOld(
  sync: Sync,
  t: ResolvedDestination,
  r: PushResult,
  { report, certificates }: LoadedSource,
  row: SyncApplianceResult,
  deps: SyncRunnerDeps,
  task: TaskControl | undefined,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const chainSerials = new Set(report.chain.map((c) => c.serialHex.toUpperCase()));
  const expired = (notAfter: string) => notAfter !== '' && Date.parse(notAfter) < now.getTime();
  const obsolete = deps.history
    .created(sync.id, t.key)
    .filter((c) => (c.role === 'leaf' ? c.name !== r.certkey : !chainSerials.has(c.serialHex.toUpperCase()) || expired(c.notAfter)))
    .map((c) => c.name);
  if (obsolete.length === 0) return;
  try {
    const removal = await certificates.remove({ appliance: t.ref, options: { certkeys: obsolete }, dryRun: false }, task);
    row.removed = removal.removed;
    deps.history.markRemoved(sync.id, t.key, removal.removed);
    if (removal.error) row.removalError = removal.error;
  } catch (err) {
    row.removalError = failureInfo(err, 'remove expired');
  }
}
