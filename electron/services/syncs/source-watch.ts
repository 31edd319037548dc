import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Sync, SyncRun, SyncWatchEvent } from '../../../shared/schemas/syncs.ts';
import { sourceNotReady, type LoadedSource } from './sync-runner.ts';

/**
 * Watches each sync's source files and runs the sync once per renewal. A
 * renewal lands in many ways — a file replaced by rename, written in two
 * steps, certbot swapping the symlinks in live/ one by one — so a change only
 * starts a check after the files have stopped moving for `settleMs`, and the
 * check pushes only when the certificate matches its key and its serial is
 * not the one the appliances already have. Anything else waits for the next
 * change (or, while the files are inconsistent, looks again until `maxWaitMs`).
 */

export interface SourceWatchDeps {
  load(sync: Sync): Promise<LoadedSource>;
  /** Whether every appliance of the sync has this certificate already (the last settled run pushed it there). */
  upToDate(sync: Sync, serialHex: string): boolean;
  run(sync: Sync, loaded: LoadedSource): Promise<SyncRun>;
  onEvent(event: SyncWatchEvent): void;
}

export interface SourceWatchOptions {
  /** How long the files must stay unchanged before they are read. */
  settleMs?: number;
  /** How long to keep looking at files that stay inconsistent before waiting for the next change. */
  maxWaitMs?: number;
  /** Look at every source once at start, so a renewal that landed while nothing watched is pushed. */
  initialCheck?: boolean;
  /** After a failed run, look again this much later. */
  retryMs?: number;
  /** Look at the files' times instead of asking the OS for changes: for network shares, where change events do not arrive. */
  poll?: boolean;
  now?: () => Date;
}

export const DEFAULT_SETTLE_MS = 500;
export const DEFAULT_MAX_WAIT_MS = 120_000;
export const DEFAULT_RETRY_MS = 300_000;

interface Watched {
  sync: Sync;
  files: string[];
  timer?: NodeJS.Timeout;
  retry?: NodeJS.Timeout;
  /** The files' sizes, times and inodes when last looked at: unchanged across one settle time means written. */
  snapshot?: string;
  firstChangeAt?: number;
  checking: boolean;
  /** A change arrived while a check ran: look again after it. */
  again: boolean;
  /** Why the last look could not push, so the same reason is said once. */
  waitingFor?: string | undefined;
}

export class SourceWatch {
  private readonly deps: SourceWatchDeps;
  private readonly settleMs: number;
  private readonly maxWaitMs: number;
  private readonly initialCheck: boolean;
  private readonly retryMs: number;
  private readonly poll: boolean;
  private readonly now: () => Date;
  private readonly watched = new Map<string, Watched>();
  private watcher: FSWatcher | undefined;
  private folders: string[] = [];
  private closed = false;

  constructor(deps: SourceWatchDeps, opts: SourceWatchOptions = {}) {
    this.deps = deps;
    this.settleMs = opts.settleMs ?? DEFAULT_SETTLE_MS;
    this.maxWaitMs = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.initialCheck = opts.initialCheck ?? true;
    this.retryMs = opts.retryMs ?? DEFAULT_RETRY_MS;
    this.poll = opts.poll ?? false;
    this.now = opts.now ?? (() => new Date());
  }

  /** Watches exactly these syncs from now on: new ones are added, removed ones dropped, changed ones re-read. */
  async setSyncs(syncs: Sync[]): Promise<void> {
    if (this.closed) return;
    const wanted = new Map(syncs.map((s) => [s.id, s]));
    for (const [id, w] of this.watched) {
      const next = wanted.get(id);
      if (!next || JSON.stringify(next) !== JSON.stringify(w.sync)) {
        clearTimeout(w.timer);
        clearTimeout(w.retry);
        this.watched.delete(id);
      }
    }
    const added: Watched[] = [];
    for (const sync of syncs) {
      if (this.watched.has(sync.id)) continue;
      const w: Watched = { sync, files: sourcePaths(sync), checking: false, again: false };
      this.watched.set(sync.id, w);
      added.push(w);
    }
    await this.rewatch();
    for (const w of added) {
      this.emit(w.sync, 'watching', `Watching ${w.files.join(', ')}`);
      if (this.initialCheck) this.schedule(w);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.watched.values()) {
      clearTimeout(w.timer);
      clearTimeout(w.retry);
    }
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
    for (const w of this.watched.values()) this.emit(w.sync, 'stopped', 'Stopped watching.');
    this.watched.clear();
  }

  /**
   * The folders, not the files: a renewal often replaces a file (rename, a new
   * symlink), and a watch on the old file would see it go and nothing after.
   */
  private async rewatch(): Promise<void> {
    const folders = [...new Set([...this.watched.values()].flatMap((w) => w.files.map((f) => dirname(f))))].sort();
    if (this.watcher && folders.join('\n') === this.folders.join('\n')) return;
    this.folders = folders;
    const old = this.watcher;
    this.watcher = undefined;
    await old?.close();
    if (folders.length === 0 || this.closed) return;
    const watcher = watch(folders, {
      ignoreInitial: true,
      depth: 0,
      followSymlinks: false,
      atomic: false,
      ...(this.poll ? { backend: 'polling' as const, pollingInterval: Math.min(this.settleMs, 1_000) } : {}),
    });
    watcher.on('all', (_event, path) => this.changed(resolve(path)));
    watcher.on('error', (err) => {
      for (const w of this.watched.values()) this.emit(w.sync, 'error', `The file watch failed: ${(err as Error).message}`);
    });
    await new Promise<void>((done) => watcher.once('ready', () => done()));
    this.watcher = watcher;
  }

  private changed(path: string): void {
    for (const w of this.watched.values()) {
      if (!w.files.includes(path)) continue;
      w.firstChangeAt ??= Date.now();
      this.schedule(w);
    }
  }

  /** Every change restarts the settle time: a write in several steps is looked at once, after its last step. */
  private schedule(w: Watched, delay = this.settleMs): void {
    if (this.closed) return;
    clearTimeout(w.retry);
    if (w.checking) {
      w.again = true;
      return;
    }
    clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.check(w), delay);
  }

  private async check(w: Watched): Promise<void> {
    if (this.closed || this.watched.get(w.sync.id) !== w) return;
    w.checking = true;
    try {
      const snapshot = await snapshotOf(w.files);
      if (snapshot === undefined) return this.waitMore(w, 'a source file is missing');
      if (snapshot !== w.snapshot && w.firstChangeAt !== undefined && w.snapshot !== undefined) {
        // Still moving since the last look: give it another settle time.
        w.snapshot = snapshot;
        return this.waitMore(w, undefined);
      }
      w.snapshot = snapshot;
      const loaded = await this.deps.load(w.sync).catch((err: unknown) => err as Error);
      if (loaded instanceof Error) return this.waitMore(w, loaded.message);
      const notReady = sourceNotReady(loaded.report);
      if (notReady) {
        loaded.discard();
        return this.waitMore(w, notReady);
      }
      const serial = loaded.report.leaf!.serialHex;
      w.firstChangeAt = undefined;
      w.waitingFor = undefined;
      if (this.deps.upToDate(w.sync, serial)) {
        loaded.discard();
        this.emit(w.sync, 'unchanged', `The source holds the certificate the appliances already have (serial ${serial}).`);
        return;
      }
      this.emit(w.sync, 'run-started', `New certificate (serial ${serial}): pushing.`);
      const run = await this.deps.run(w.sync, loaded);
      this.emit(w.sync, 'run-finished', runLine(run), run);
      // An appliance that was down gets the renewal later without waiting for the next one; a success is never repeated.
      if (run.outcome === 'failed' && !this.closed) {
        clearTimeout(w.retry);
        w.retry = setTimeout(() => this.schedule(w), this.retryMs);
        this.emit(w.sync, 'waiting', `Trying again in ${Math.round(this.retryMs / 1000)} s, or at the next change of the files.`);
      }
    } catch (err) {
      this.emit(w.sync, 'error', (err as Error).message);
    } finally {
      w.checking = false;
      if (w.again) {
        w.again = false;
        this.schedule(w);
      }
    }
  }

  /** Files not ready yet: look again after a settle time, for a while; after that, wait for the next change. */
  private waitMore(w: Watched, why: string | undefined): void {
    const since = w.firstChangeAt ?? Date.now();
    w.firstChangeAt ??= since;
    if (Date.now() - since > this.maxWaitMs) {
      w.firstChangeAt = undefined;
      w.waitingFor = undefined;
      this.emit(w.sync, 'waiting', `Not pushed: ${why ?? 'the files keep changing'}. Waiting for the next change.`);
      return;
    }
    // Said once per reason, not at every look.
    if (why && why !== w.waitingFor) this.emit(w.sync, 'waiting', `Waiting: ${why}.`);
    w.waitingFor = why;
    w.checking = false;
    this.schedule(w);
  }

  private emit(sync: Sync, kind: SyncWatchEvent['kind'], message: string, run?: SyncRun): void {
    try {
      this.deps.onEvent({ syncName: sync.name, at: this.now().toISOString(), kind, message, ...(run ? { run } : {}) });
    } catch {
      // A listener's failure is not the watch's.
    }
  }
}

export function sourcePaths(sync: Sync): string[] {
  const s = sync.source;
  const paths = s.kind === 'pfx' ? [s.pfx] : [s.cert, s.key, ...(s.chain ? [s.chain] : [])];
  return paths.map((p) => resolve(p));
}

/** Size, time and inode of each file, symlinks followed (certbot's live/ names point into archive/). */
async function snapshotOf(files: string[]): Promise<string | undefined> {
  try {
    const stats = await Promise.all(files.map((f) => stat(f)));
    return stats.map((s) => `${s.ino}:${s.size}:${s.mtimeMs}`).join('|');
  } catch {
    return undefined;
  }
}

export function runLine(run: SyncRun): string {
  const per = run.appliances.map((a) => `${a.appliance} ${a.outcome}${a.error ? ` (${a.error.message})` : ''}`).join(', ');
  return `${run.outcome}${per ? `: ${per}` : ''}${run.error ? ` (${run.error.message})` : ''}`;
}
