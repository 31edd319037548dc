import { STATE_LABELS, type StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';

/**
 * What every channel says about a notification, in the same words: a title,
 * the lines of detail, and the reason a service needs to tell a test from a
 * real problem. Vendors differ in layout only.
 */

const KIND_TITLES: Record<StatusNotification['kind'], (n: StatusNotification) => string> = {
  problem: (n) => `Cloud Connect ${STATE_LABELS[n.state]}: ${n.siteName}`,
  reminder: (n) => `Cloud Connect still ${STATE_LABELS[n.state]}: ${n.siteName}`,
  recovery: (n) => `Cloud Connect Connected again: ${n.siteName}`,
  test: () => 'Fieldkit test notification',
};

export function notificationTitle(n: StatusNotification): string {
  return KIND_TITLES[n.kind](n);
}

export function notificationLines(n: StatusNotification): string[] {
  const lines: string[] = [];
  lines.push(
    n.previousState ? `State: ${STATE_LABELS[n.state]} (was ${STATE_LABELS[n.previousState]})` : `State: ${STATE_LABELS[n.state]}`,
  );
  if (n.since) lines.push(`${n.kind === 'recovery' ? 'Problem began' : 'Since'}: ${n.since}`);
  for (const f of n.failures.slice(0, 20)) lines.push(`Not reachable: ${f.host} (${f.failure})`);
  if (n.failures.length > 20) lines.push(`…and ${n.failures.length - 20} more endpoints not reachable`);
  if (n.lasDaysLeft !== undefined && n.kind !== 'recovery') {
    lines.push(`LAS activation blob: about ${Math.max(0, Math.floor(n.lasDaysLeft))} days left if this lasts`);
  }
  if (n.kind === 'test') lines.push('This is a test sent from Fieldkit: no site changed state.');
  lines.push(`At: ${n.at}`);
  return lines;
}

/** Cut to a vendor's limit, saying so. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
