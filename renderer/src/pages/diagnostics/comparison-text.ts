import { VERDICT_LABELS, type RunComparison } from '../../../../shared/schemas/diagnostics.ts';

type Compared = RunComparison['endpoints'][number];
type Change = Compared['change'];

/** What happened to a listed name between two checks, in words an admin reads at a glance. */
export const CHANGE_WORDS: Record<Change, string> = {
  fixed: 'Fixed',
  broken: 'Now failing',
  unchanged: 'No change',
  'failure-changed': 'Fails for another reason',
  added: 'Only in the later check',
  removed: 'Only in the earlier check',
};

const COUNT_WORDS: Array<[keyof RunComparison['counts'], string]> = [
  ['fixed', 'fixed'],
  ['broken', 'now failing'],
  ['failureChanged', 'failing for another reason'],
  ['unchanged', 'unchanged'],
  ['added', 'only in the later check'],
  ['removed', 'only in the earlier check'],
  ['hostChanged', 'checked on another host'],
];

/** "1 fixed, 2 now failing, 4 unchanged": only what happened, never "0 failure changed". */
export function countsText(counts: RunComparison['counts']): string {
  const parts = COUNT_WORDS.filter(([key]) => counts[key] > 0).map(([key, words]) => `${counts[key]} ${words}`);
  return parts.length ? `${parts.join(', ')}.` : 'Neither check has a listed name to compare.';
}

/** One side of a row: "Not Reachable: Connection refused (5 ms)", or a dash when the name was not in that check. */
export function snapshotText(s: Compared['before']): string {
  if (!s) return '—';
  return `${VERDICT_LABELS[s.verdict]}${s.failureTitle ? `: ${s.failureTitle}` : ''} (${Math.round(s.totalMs)} ms)`;
}

/** Said when the two checks probed different hosts for the same listed name, so their verdicts are not about the same thing. */
export function hostChangeText(e: Compared): string | undefined {
  if (!e.hostChanged || !e.before || !e.after) return undefined;
  return `Checked on ${e.before.host} before, on ${e.after.host} now.`;
}

export function timeDeltaText(delta: number | undefined): string {
  if (delta === undefined || Math.round(delta) === 0) return '';
  return `${delta > 0 ? '+' : '−'}${Math.abs(Math.round(delta))} ms`;
}
