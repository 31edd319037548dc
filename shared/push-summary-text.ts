import type { FleetSummary } from './schemas/certificates.ts';

/** The one-line count of a fleet push's outcomes, as the CLI and the window both say it. */
export function pushSummaryLine(s: Pick<FleetSummary, 'succeeded' | 'unchanged' | 'rolledBack' | 'failed' | 'interrupted'>): string {
  const interrupted = s.interrupted.length > 0 ? `, ${s.interrupted.length} interrupted` : '';
  return `${s.succeeded.length} succeeded, ${s.unchanged.length} unchanged, ${s.rolledBack.length} rolled back, ${s.failed.length} failed${interrupted}`;
}
