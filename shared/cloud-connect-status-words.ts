import type { ConnectionState } from './schemas/cloud-connect-status.ts';

/**
 * How the status monitor says a state and a length of time in a sentence,
 * for the event log, notifications, the CLI and the panel alike.
 */

/** "is in Error", "is Connected": the state after "is". */
export const STATE_IN_SENTENCE: Record<ConnectionState, string> = {
  connected: 'Connected',
  disconnected: 'Disconnected',
  pending: 'Pending',
  error: 'in Error',
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45 minutes", "6 hours", "3 days": rounded down, as a person says how long something has lasted. */
export function durationInWords(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms < HOUR) return plural(Math.max(0, Math.floor(ms / MINUTE)), 'minute');
  if (ms < 2 * DAY) return plural(Math.floor(ms / HOUR), 'hour');
  return plural(Math.floor(ms / DAY), 'day');
}

/** The LAS activation blob is valid 30 days and Console refreshes it daily while it reaches Citrix Cloud. */
export const LAS_BLOB_VALID_DAYS = 30;

/** Whole days left before the blob would lapse if the failure seen from here lasts; an estimate, never below 0. */
export function lasDaysLeft(failingSince: string, now: Date): number {
  const failingDays = (now.getTime() - Date.parse(failingSince)) / DAY;
  return Math.max(0, Math.floor(LAS_BLOB_VALID_DAYS - failingDays));
}

/** Said wherever the days left are shown: Fieldkit sees the network from where it runs, not Console's own blob. */
export const LAS_ESTIMATE_NOTE =
  "An estimate from here: the LAS activation blob is valid 30 days and Console refreshes it daily while it reaches Citrix Cloud; Fieldkit cannot read Console's blob itself.";

/**
 * A site whose "Login Successful" is not recorded yet, in the same words in
 * the event log, `fieldkit site` and the status: it is Pending whether or not
 * a workflow was chosen, so "not started" and "under way" never contradict.
 */
export const ONBOARDING_NOT_CONFIRMED = 'Onboarding not confirmed yet';
export const PENDING_UNTIL_LOGIN = 'Pending until "Login Successful" is recorded';
