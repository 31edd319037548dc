import type { FailureInfo, HistoryPush, RollbackReport, StepRecord } from '../../../shared/schemas/certificates.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import { NitroFailure } from '../nitro/nitro-failure.ts';
import type { ApplianceKey, CertPushHistory } from './push-history.ts';
import type { CreatedCertkey } from './push-plan.ts';

/**
 * One push's history writes, which never change the push's outcome: a locked
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

  start(profileId: string): void {
    this.write('start the push record', (s) => {
      this.pushId = s.startPush({ operation: 'push', appliance: this.appliance, profileId, ...this.key });
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
    this.write(`record that ${certkey} was removed`, (s) => s.markRemoved(this.key, certkey));
  }

  finish(r: { outcome: string; error?: FailureInfo; rollback?: RollbackReport }): void {
    this.write('record the outcome', (s, id) => s.finishPush(id, r));
  }

  private write(what: string, fn: (store: CertPushHistory, pushId: number) => void): void {
    if (!this.store || this.problem) return;
    // Only start() runs before the push has an id.
    if (this.pushId === undefined && what !== 'start the push record') return;
    try {
      fn(this.store, this.pushId ?? -1);
    } catch (err) {
      const info = failureInfo(
        new NitroFailure('HISTORY_WRITE_FAILED', `${this.appliance}: the push history could not ${what}: ${(err as Error).message}.`, {
          appliance: this.appliance,
          step: what,
        }),
      );
      this.problem = info;
    }
  }
}

const ABANDONED: FailureInfo = {
  code: 'PUSH_INTERRUPTED',
  message: 'Fieldkit ended before this push finished (killed, or the computer stopped); nothing was undone then.',
};
