import type { ConnectionState, RefreshResult } from '../../../shared/schemas/cloud-connect-status.ts';
import { ONBOARDING_NOT_CONFIRMED, PENDING_UNTIL_LOGIN } from '../../../shared/cloud-connect-status-words.ts';

/**
 * The Cloud Connect status of one site, as one state machine: every state
 * change Fieldkit makes is a row of TRANSITIONS below, and nothing else moves
 * a site. The four states are NetScaler Console's own:
 *
 * | from                          | on                                   | to           |
 * |-------------------------------|--------------------------------------|--------------|
 * | (new site)                    | onboarding not confirmed             | Pending      |
 * | (new site)                    | onboarding confirmed                 | Pending      |
 * | (new site)                    | Disconnect recorded last             | Disconnected |
 * | Pending, Error                | refresh: every endpoint reachable (confirmed) | Connected |
 * | Pending, Connected            | refresh: a required endpoint not reachable (confirmed) | Error |
 * | Disconnected                  | Login Successful recorded again      | Pending      |
 * | Pending, Connected, Error     | Disconnect recorded                  | Disconnected |
 * | Connected, Error, Disconnected| onboarding restarted                 | Pending      |
 *
 * What does not move a site: a refresh while onboarding is not confirmed
 * (Pending stays Pending), any refresh of a Disconnected site, and a refresh
 * that could not run at all (a deleted proxy profile, a locked keychain): it
 * is recorded with its reason but says nothing about the endpoints.
 */

/** What can happen to a site. */
export type StatusInput =
  | { kind: 'first-seen'; phase: SitePhase }
  | { kind: 'refresh'; result: RefreshResult; confirmed: boolean }
  | { kind: 'confirmed' }
  | { kind: 'disconnected' }
  | { kind: 'onboarding-restarted' };

/** Where a site's onboarding stands, as its saved facts say. */
export type SitePhase = 'onboarding' | 'confirmed' | 'disconnected';

/** The name a transition row matches an input by. */
export type TransitionTrigger =
  | 'first-seen-onboarding'
  | 'first-seen-confirmed'
  | 'first-seen-disconnected'
  | 'refresh-reachable'
  | 'refresh-failing'
  | 'confirmed'
  | 'disconnected'
  | 'onboarding-restarted';

export interface Transition {
  /** Undefined: a site the monitor has not seen before. */
  from: ReadonlyArray<ConnectionState | undefined>;
  on: TransitionTrigger;
  to: ConnectionState;
  /** The row in words, for the documentation and the event log. */
  when: string;
}

/** Every transition, the one place they are written. First match wins. */
export const TRANSITIONS: readonly Transition[] = [
  { from: [undefined], on: 'first-seen-onboarding', to: 'pending', when: 'a new site whose onboarding is not confirmed yet' },
  { from: [undefined], on: 'first-seen-confirmed', to: 'pending', when: 'a new site already confirmed, until its first refresh' },
  { from: [undefined], on: 'first-seen-disconnected', to: 'disconnected', when: 'a new site whose last Console action was Disconnect' },
  {
    from: ['pending', 'error'],
    on: 'refresh-reachable',
    to: 'connected',
    when: 'onboarding confirmed and a refresh found every required endpoint reachable',
  },
  {
    from: ['pending', 'connected'],
    on: 'refresh-failing',
    to: 'error',
    when: 'onboarding confirmed and a refresh found a required endpoint not reachable',
  },
  { from: ['disconnected'], on: 'confirmed', to: 'pending', when: '"Login Successful" recorded again after a Disconnect' },
  { from: ['pending', 'connected', 'error'], on: 'disconnected', to: 'disconnected', when: 'the admin recorded a Disconnect' },
  { from: ['connected', 'error', 'disconnected'], on: 'onboarding-restarted', to: 'pending', when: 'the onboarding was started again' },
];

/** Which trigger an input is; undefined for inputs no row can match (a refresh of an unconfirmed site, one that could not run). */
export function triggerOf(input: StatusInput): TransitionTrigger | undefined {
  switch (input.kind) {
    case 'first-seen':
      return `first-seen-${input.phase}`;
    case 'refresh':
      if (!input.confirmed || input.result.error !== undefined) return undefined;
      return input.result.allReachable ? 'refresh-reachable' : 'refresh-failing';
    default:
      return input.kind;
  }
}

/** The state a site moves to, and the row that moved it; undefined when the site stays where it is. */
export function transition(from: ConnectionState | undefined, input: StatusInput): Transition | undefined {
  const on = triggerOf(input);
  if (on === undefined) return undefined;
  const row = TRANSITIONS.find((t) => t.on === on && t.from.includes(from));
  return row && row.to !== from ? row : undefined;
}

export function isBad(state: ConnectionState | undefined): boolean {
  return state === 'disconnected' || state === 'error';
}

/** Why a site moved, in words, for the event log ("trust.citrixnetworkapi.net: Required service URL not reachable (…)"). */
export function describeInput(input: StatusInput): string {
  switch (input.kind) {
    case 'first-seen':
      return {
        onboarding: `${ONBOARDING_NOT_CONFIRMED}: ${PENDING_UNTIL_LOGIN}`,
        confirmed: 'Onboarding confirmed; waiting for the first refresh',
        disconnected: 'Disconnect recorded',
      }[input.phase];
    case 'refresh': {
      const { result } = input;
      if (result.error !== undefined) return `Refresh could not run: ${result.error}`;
      const failing = result.endpoints.filter((e) => !e.reachable);
      if (failing.length === 0) return `Every required endpoint reachable (${result.endpoints.length} checked)`;
      return failing.map((e) => (e.failure ? `${e.host}: ${e.failure}` : `${e.host} not reachable`)).join('; ');
    }
    case 'confirmed':
      return '"Login Successful" recorded';
    case 'disconnected':
      return 'Disconnect recorded: every Cloud Connect feature of this Console stops';
    case 'onboarding-restarted':
      return 'Onboarding started again';
  }
}
