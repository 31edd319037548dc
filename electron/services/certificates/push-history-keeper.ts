import type { FailureInfo, HistoryPush, RollbackReport, StepRecord } from '../../../shared/schemas/certificates.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import { NitroFailure } from '../nitro/nitro-failure.ts';
import type { ApplianceKey, CertPushHistory } from './push-history.ts';
import type { CreatedCertkey } from './push-plan.ts';

/**
 * One push's (or removal's) history writes, which never change its outcome: a locked
 * or full history.sqlite must not stop a rollback half-way. The first write
 * that fails is kept as the push's history problem and later writes are not
 * tried (each would wait for the lock again, blocking the push).
 */
export class PushHistoryKeeper {
  private readonly store: CertPushHistory | undefined;
  private readonly key: ApplianceKey;
  private readonly appliance: string;
  private pushId: number | undefined;
  /** The first write that failed; the result carries it. */
  problem: FailureInfo | undefined;

  constructor(store: CertPushHistory | undefined, key: ApplianceKey, appliance: string) {
    this.store = store;
    this.key = key;
    this.appliance = appliance;
  }

  get id(): number | undefined {
    return this.pushId;
  }

  start(profileId: string, operation: 'push' | 'remove' = 'push'): void {
    this.write('start the push record', (s) => {
      this.pushId = s.startPush({ operation, appliance: this.appliance, profileId, ...this.key });
    });
  }

  /** Pushes to this appliance that never finished (the process was killed), oldest first; they are closed as interrupted. */
  takeUnfinished(): HistoryPush[] {
    let found: HistoryPush[] = [];
    this.write('read unfinished pushes', (s) => {
      found = s.unfinishedPushes(this.key, this.pushId);
      for (const p of found) s.finishPush(p.id, { outcome: 'interrupted', error: ABANDONED });
    });
    return found;
  }

  setPlan(certkey: string, digest: string): void {
    this.write('record the plan', (s, id) => s.setPlan(id, certkey, digest));
  }

  recordStep(rec: StepRecord): void {
    this.write(`record step ${rec.index + 1}`, (s, id) => s.recordStep(id, rec));
  }

  /** A certkey exists now: it is Fieldkit's from this moment, so a killed push still leaves it removable. */
  recordOwned(created: CreatedCertkey[]): void {
    this.write('record the certkeys Fieldkit created', (s, id) => s.recordOwned(this.key, created, id));
  }

  markRemoved(certkey: string): void {
    this.write(`record that ${certkey} was removed`, (s) => s.markRemoved(this.key, certkey), true);
  }

  finish(r: { outcome: string; error?: FailureInfo; rollback?: RollbackReport }): void {
    this.write('record the outcome', (s, id) => s.finishPush(id, r));
  }

  /** `anyRow`: the write is about the appliance, not this push's row (a dry run has none). */
  private write(what: string, fn: (store: CertPushHistory, pushId: number) => void, anyRow = false): void {
    if (!this.store || this.problem) return;
    // Only start() runs before the push has an id.
    if (this.pushId === undefined && what !== 'start the push record' && !anyRow) return;
    const down = unavailable.get(this.store);
    if (down !== undefined && Date.now() - down.at < RETRY_AFTER_MS) {
      this.problem = this.failure(what, down.reason);
      return;
    }
    try {
      fn(this.store, this.pushId ?? -1);
    } catch (err) {
      const reason = (err as Error).message;
      unavailable.set(this.store, { at: Date.now(), reason });
      this.problem = this.failure(what, reason);
    }
  }

  private failure(what: string, reason: string): FailureInfo {
    return failureInfo(
      new NitroFailure('HISTORY_WRITE_FAILED', `${this.appliance}: the history could not ${what}: ${reason}.`, {
        appliance: this.appliance,
        step: what,
      }),
    );
  }
}

/**
 * A write that fails waits for SQLite's busy timeout first, blocking the process: once the history has
 * failed, the other appliances of a fleet push skip it for a while instead of each waiting in turn.
 */
const unavailable = new WeakMap<CertPushHistory, { at: number; reason: string }>();
const RETRY_AFTER_MS = 30_000;

const ABANDONED: FailureInfo = {
  code: 'PUSH_INTERRUPTED',
  message: 'Fieldkit ended before this push finished (killed, or the computer stopped); nothing was undone then.',
};
