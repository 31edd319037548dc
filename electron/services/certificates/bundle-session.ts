import { randomUUID } from 'node:crypto';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { BundleReport } from '../../../shared/schemas/certificates.ts';
import { loadBundleFiles, type BundleFiles } from './bundle-loader.ts';
import { validateBundle, type PreparedBundle } from './bundle-validator.ts';
import { processTrustStore, type TrustStore } from '../network/trust-store.ts';

/** Why a bundle (and its private key) is no longer in memory. */
export type BundleEnd = 'pushed' | 'replaced' | 'expired';

/** A bundle left unused this long is dropped: a private key should not sit in memory for a whole working day. */
export const BUNDLE_IDLE_MS = 15 * 60_000;

const WHY: Record<BundleEnd, string> = {
  pushed: 'The certificate files were cleared from memory when the push that used them finished.',
  replaced: 'Other certificate files were loaded since; only the latest stay in memory.',
  expired: `The certificate files were cleared from memory after ${BUNDLE_IDLE_MS / 60_000} minutes unused.`,
};

/** How many ended bundle ids are remembered, to say why one is gone. */
const ENDED_KEPT = 20;

/**
 * The one bundle loaded in this session. The window gets its id and report;
 * the private key stays here, in the engine, and only while it is needed:
 * until a push with it finishes, other files are loaded, or it has gone
 * unused for BUNDLE_IDLE_MS. Plan-then-push works on the same bundle; pushing
 * again means loading the files again.
 */
export class BundleSession {
  private current: { id: string; bundle: PreparedBundle; timer: NodeJS.Timeout } | undefined;
  private readonly ended = new Map<string, BundleEnd>();
  private readonly idleMs: number;
  private readonly trust: () => Promise<Pick<TrustStore, 'findAnchor'>>;

  /** `trust`: where the root clients must trust is looked up; this process's trust store unless a test gives its own. */
  constructor(opts: { idleMs?: number; trust?: () => Promise<Pick<TrustStore, 'findAnchor'>> } = {}) {
    this.idleMs = opts.idleMs ?? BUNDLE_IDLE_MS;
    this.trust = opts.trust ?? processTrustStore;
  }

  async load(files: BundleFiles, passphrase?: string): Promise<{ bundleId: string; report: BundleReport }> {
    const loaded = await loadBundleFiles(files, passphrase === undefined ? {} : { passphrase });
    const prepared = validateBundle(loaded, { trust: await this.trust() });
    if (this.current) this.end(this.current.id, 'replaced');
    const bundleId = randomUUID();
    this.current = { id: bundleId, bundle: prepared, timer: this.idleTimer(bundleId) };
    return { bundleId, report: prepared.report };
  }

  /** The bundle for a plan or a push; each use starts the idle time again. */
  get(bundleId: string): PreparedBundle {
    const current = this.current;
    if (!current || current.id !== bundleId) {
      const why = this.ended.get(bundleId);
      throw new FieldkitError('BUNDLE_NOT_LOADED', why ? WHY[why] : 'That certificate bundle is no longer loaded.', {
        hint: 'Load the certificate files again.',
        field: 'bundleId',
      });
    }
    current.timer.refresh();
    return current.bundle;
  }

  /** Drops the bundle and its private key; later uses of its id are told why. */
  end(bundleId: string, why: BundleEnd): void {
    if (this.current?.id !== bundleId) return;
    clearTimeout(this.current.timer);
    this.current = undefined;
    this.ended.set(bundleId, why);
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value!);
  }

  /** At engine close: nothing is left behind, not even a timer. */
  clear(): void {
    if (this.current) this.end(this.current.id, 'expired');
  }

  private idleTimer(bundleId: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.end(bundleId, 'expired'), this.idleMs);
    // The CLI's process must not wait for it.
    timer.unref();
    return timer;
  }
}
