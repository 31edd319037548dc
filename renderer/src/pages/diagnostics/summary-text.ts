import type { RunSummary } from '../../../../shared/schemas/diagnostics.ts';

/** Hosts as the table shows them; runs kept before hosts were counted say it per listed name. */
export function countsLine(c: RunSummary['counts']): string {
  const h = c.hosts;
  const warnings = c.warnings ? `, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : '';
  if (!h)
    return `${c.reachable} reachable, ${c.notReachable} not reachable${c.notChecked ? `, ${c.notChecked} not checked` : ''} of ${c.endpoints} listed names${warnings}.`;
  const names = h.total === c.endpoints ? '' : ` (standing for ${c.endpoints} listed names)`;
  return `${h.total} host${h.total === 1 ? '' : 's'} checked${names}: ${h.reachable} reachable, ${h.notReachable} not reachable${h.notChecked ? `, ${h.notChecked} not checked` : ''}${warnings}.`;
}
