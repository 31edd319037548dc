import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { basename, resolve } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import { Sync, type SyncInput, type SyncRun, type SyncView, type SyncWatchEvent } from '../../../shared/schemas/syncs.ts';
import type { FileGrants, FileRef } from '../files/file-grants.ts';
import type { SavedProfiles } from '../profiles/saved-profiles.ts';
import type { ProfilesStore } from '../storage/profiles-store.ts';
import type { TaskControl } from '../tasks/task-control.ts';
import type { Secrets } from '../vault/secrets.ts';
import { SourceWatch, type SourceWatchOptions } from './source-watch.ts';
import type { SyncHistory } from './sync-history.ts';
import { alreadyOnEveryDestination, loadSource, runSync, type SyncRunnerDeps } from './sync-runner.ts';

/** A sync's source as a caller names it: files the window was granted (tokens) or the CLI's paths. */
export type SyncSourceRefs = { kind: 'pem'; cert: FileRef; key: FileRef; chain?: FileRef | undefined } | { kind: 'pfx'; pfx: FileRef };

export interface SyncSaveInput extends Omit<SyncInput, 'id' | 'source'> {
  /** Given: change that sync; absent: a new one. */
  id?: string | undefined;
  /** Required for a new sync; absent on a change: the files stay as they were. */
  source?: SyncSourceRefs | undefined;
  /** The PFX (or encrypted key) passphrase, kept in the keychain; an empty string forgets the saved one. */
  passphrase?: string | undefined;
}

export interface SyncCoverage {
  syncId: string;
  syncName: string;
  applianceId: string;
  certkey: string;
}

export interface SyncWatchInput extends SourceWatchOptions {
  /** Names or ids; all saved syncs when empty. */
  syncs?: string[] | undefined;
}

export interface SyncsApi {
  list(): Promise<SyncView[]>;
  get(input: { sync: string }): Promise<SyncView>;
  /** The sync as saved, with its source paths: for the CLI (the user's own shell) and the engine, never a channel. */
  definition(input: { sync: string }): Promise<Sync>;
  save(input: SyncSaveInput): Promise<SyncView>;
  remove(input: { sync: string }): Promise<{ ok: boolean }>;
  /** Pushes the source when the appliances do not have its certificate yet (or always, with force). */
  run(input: { sync: string; force?: boolean | undefined }, task?: TaskControl): Promise<SyncRun>;
  status(input: { sync: string }): Promise<{ lastRun?: SyncRun; lastSuccess?: SyncRun }>;
  /**
   * Which sync keeps which certkey on which appliance: the certkey each appliance had after the sync's last
   * settled run. For views that say "covered by sync web" next to a certkey (fleet expiry).
   */
  coverage(): Promise<SyncCoverage[]>;
  /** Watches the syncs' sources until the signal aborts, running each sync once per renewal. */
  watch(input: SyncWatchInput, control: { signal: AbortSignal; onEvent?: (event: SyncWatchEvent) => void }): Promise<void>;
  /** The app's own watch over every saved sync, kept up to date as syncs are saved and removed. */
  startBackgroundWatch(opts?: SourceWatchOptions & { onEvent?: (event: SyncWatchEvent) => void }): Promise<void>;
  /** Stops the app's watch (engine close). */
  stopBackgroundWatch(): Promise<void>;
}

export interface SyncsDeps extends Omit<SyncRunnerDeps, 'passphrase'> {
  store: ProfilesStore;
  files: FileGrants;
  secrets: Secrets;
  history: SyncHistory;
  appliances: SavedProfiles<ApplianceProfile>;
}

const FileRefShape = z.union([
  z.strictObject({ token: z.string().min(1).max(64) }),
  z.strictObject({ path: z.string().min(1, 'A file path is empty.').max(4096) }),
]);
const SourceRefs = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pem'), cert: FileRefShape, key: FileRefShape, chain: FileRefShape.optional() }),
  z.strictObject({ kind: z.literal('pfx'), pfx: FileRefShape }),
]);

/** How often the app's watch looks for syncs saved elsewhere (the CLI). */
const BACKGROUND_REFRESH_MS = 30_000;

const passphraseRef = (syncId: string) => ({ kind: 'pfx-passphrase' as const, profileId: syncId });

export function createSyncsApi(deps: SyncsDeps): SyncsApi {
  const runnerDeps: SyncRunnerDeps = { ...deps, passphrase: (id) => deps.secrets.reveal(passphraseRef(id)) };
  let background: SourceWatch | undefined;
  let backgroundRefresh: NodeJS.Timeout | undefined;
  // One run at a time: two syncs pushing to the same appliance at once would read each other's half-made changes.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function find(ref: string): Promise<Sync> {
    await deps.store.refresh();
    const sync = deps.store.syncs().find((s) => s.id === ref || s.name === ref);
    if (!sync)
      throw new FieldkitError('SYNC_NOT_FOUND', `There is no saved sync "${ref}".`, {
        hint: 'List the saved syncs with "fieldkit cert sync list", or save this one first.',
        field: 'sync',
      });
    return sync;
  }

  async function view(sync: Sync): Promise<SyncView> {
    const s = sync.source;
    const files: SyncView['source']['files'] =
      s.kind === 'pfx'
        ? [{ role: 'pfx', name: basename(s.pfx) }]
        : [
            { role: 'cert', name: basename(s.cert) },
            { role: 'key', name: basename(s.key) },
            ...(s.chain ? [{ role: 'chain' as const, name: basename(s.chain) }] : []),
          ];
    const lastRun = deps.history.lastRun(sync.id);
    const lastSuccess = deps.history.lastSuccess(sync.id);
    return {
      id: sync.id,
      name: sync.name,
      ...(sync.description ? { description: sync.description } : {}),
      source: { kind: s.kind, files },
      destinations: sync.destinations,
      vservers: sync.vservers,
      options: sync.options,
      passphraseSaved: (await deps.secrets.status(passphraseRef(sync.id))).saved,
      ...(lastRun ? { lastRun } : {}),
      ...(lastSuccess ? { lastSuccess } : {}),
    };
  }

  function sourceOf(input: SyncSourceRefs): Sync['source'] {
    // The CLI's --from-json hands this over as it was written.
    const parsed = SourceRefs.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new FieldkitError('INVALID_INPUT', `The sync's files are not given right: ${issue?.message ?? 'unknown problem'}`, {
        hint: 'Give the certificate and key (and chain) files, or one PFX file.',
        field: ['source', ...(issue?.path ?? [])].join('.'),
      });
    }
    const refs = parsed.data;
    const path = (ref: FileRef, field: string) => resolve(deps.files.resolve(ref, `source.${field}`).path);
    if (refs.kind === 'pfx') return { kind: 'pfx', pfx: path(refs.pfx, 'pfx') };
    return {
      kind: 'pem',
      cert: path(refs.cert, 'cert'),
      key: path(refs.key, 'key'),
      ...(refs.chain ? { chain: path(refs.chain, 'chain') } : {}),
    };
  }

  const runOne = (sync: Sync, opts: Parameters<typeof runSync>[2]) => exclusive(() => runSync(sync, runnerDeps, opts));

  function newWatch(opts: SourceWatchOptions, onEvent: (event: SyncWatchEvent) => void, signal?: AbortSignal): SourceWatch {
    return new SourceWatch(
      {
        load: (sync) => loadSource(sync, runnerDeps),
        upToDate: (sync, serialHex) => alreadyOnEveryDestination(sync, deps.history.lastSuccess(sync.id), serialHex),
        run: (sync, loaded) => runOne(sync, { trigger: 'watch', loaded, ...(signal ? { task: { signal } } : {}) }),
        onEvent,
      },
      opts,
    );
  }

  const refreshBackground = async () => {
    if (background) await background.setSyncs(deps.store.syncs());
  };

  return {
    async list() {
      await deps.store.refresh();
      return Promise.all(deps.store.syncs().map(view));
    },
    get: async ({ sync }) => view(await find(sync)),
    definition: ({ sync }) => find(sync),
    async save(input) {
      await deps.store.refresh();
      const before = input.id !== undefined ? await find(input.id) : undefined;
      if (!before && !input.source)
        throw new FieldkitError('INVALID_INPUT', 'A new sync needs its certificate files.', {
          hint: 'Choose the certificate and key (or a PFX file) the ACME client or the PKI team renews.',
          field: 'source',
        });
      const { passphrase, source, id: _id, ...rest } = input;
      const id = before?.id ?? `sync-${randomBytes(6).toString('hex')}`;
      const parsed = Sync.safeParse({ ...rest, id, source: source ? sourceOf(source) : before!.source });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FieldkitError('INVALID_INPUT', issue?.message ?? 'The sync is not valid.', { field: issue?.path.join('.') ?? 'sync' });
      }
      const sync = parsed.data;
      const taken = deps.store.syncs().find((s) => s.name === sync.name && s.id !== sync.id);
      if (taken)
        throw new FieldkitError('SYNC_NAME_TAKEN', `A sync named "${sync.name}" exists already.`, {
          hint: 'Choose another name, or change that sync instead.',
          field: 'name',
        });
      const saved = new Set((await deps.appliances.list()).map((a) => a.profile.id));
      const unknown = sync.destinations.map((d) => d.applianceId).filter((id) => !saved.has(id));
      if (unknown.length > 0)
        throw new FieldkitError('SYNC_APPLIANCE_UNKNOWN', `No saved appliance ${unknown.join(', ')}: the sync was not saved.`, {
          field: 'destinations',
        });
      await deps.store.saveSync(sync);
      if (passphrase === '') await deps.secrets.delete(passphraseRef(sync.id));
      else if (passphrase !== undefined) await deps.secrets.save(passphraseRef(sync.id), passphrase);
      await refreshBackground();
      return view(sync);
    },
    async remove({ sync: ref }) {
      const sync = await find(ref);
      const ok = await deps.store.delete('syncs', sync.id);
      await deps.secrets.delete(passphraseRef(sync.id));
      deps.history.forget(sync.id);
      await refreshBackground();
      return { ok };
    },
    run: async ({ sync, force }, task) =>
      runOne(await find(sync), { trigger: 'manual', ...(force ? { force } : {}), ...(task ? { task } : {}) }),
    async status({ sync: ref }) {
      const sync = await find(ref);
      const lastRun = deps.history.lastRun(sync.id);
      const lastSuccess = deps.history.lastSuccess(sync.id);
      return { ...(lastRun ? { lastRun } : {}), ...(lastSuccess ? { lastSuccess } : {}) };
    },
    async coverage() {
      await deps.store.refresh();
      return deps.store
        .syncs()
        .flatMap((sync) =>
          (deps.history.lastSuccess(sync.id)?.appliances ?? []).flatMap((a) =>
            a.certkey ? [{ syncId: sync.id, syncName: sync.name, applianceId: a.applianceId, certkey: a.certkey }] : [],
          ),
        );
    },
    async watch(input, control) {
      const { syncs: refs, ...opts } = input;
      await deps.store.refresh();
      const syncs = refs && refs.length > 0 ? await Promise.all(refs.map(find)) : deps.store.syncs();
      if (syncs.length === 0)
        throw new FieldkitError('SYNC_NOT_FOUND', 'There is no saved sync to watch.', {
          hint: 'Save one first with "fieldkit cert sync add".',
          field: 'sync',
        });
      if (control.signal.aborted) return;
      const watch = newWatch(opts, control.onEvent ?? (() => undefined), control.signal);
      await watch.setSyncs(syncs);
      await new Promise<void>((done) => control.signal.addEventListener('abort', () => done(), { once: true }));
      await watch.close();
      // A run the interrupt reached is undoing its changes: wait for it.
      await queue;
    },
    async startBackgroundWatch(opts = {}) {
      if (background) return;
      const { onEvent, ...watchOpts } = opts;
      background = newWatch(watchOpts, onEvent ?? (() => undefined));
      await refreshBackground();
      // Syncs the CLI saves or removes while the app is open are watched (or dropped) too.
      backgroundRefresh = setInterval(() => {
        void deps.store
          .refresh()
          .then(refreshBackground)
          .catch(() => undefined);
      }, BACKGROUND_REFRESH_MS);
      backgroundRefresh.unref();
    },
    async stopBackgroundWatch() {
      const watch = background;
      background = undefined;
      clearInterval(backgroundRefresh);
      await watch?.close();
    },
  };
}
