import type { AllowlistDiff } from '../../../shared/schemas/allowlist.ts';

/**
 * A diff of two allowlist versions as the CLI prints it: one line per change,
 * "+" added and "-" removed, grouped as a firewall change request reads it.
 */
export function formatAllowlistDiff(diff: AllowlistDiff): string {
  const out = [`Allowlist changes from version ${diff.from} to version ${diff.to}:`];
  const section = (title: string, change: { added: string[]; removed: string[] }) => {
    if (change.added.length === 0 && change.removed.length === 0) return;
    out.push('', `${title} (${change.added.length} added, ${change.removed.length} removed)`);
    for (const v of change.added) out.push(`  + ${v}`);
    for (const v of change.removed) out.push(`  - ${v}`);
  };
  section('Services', diff.services);
  section('FQDNs', diff.fqdns);
  section('CIDRs', diff.cidrs);
  for (const p of diff.ports) section(`Ports of ${p.service}`, p);
  if (out.length === 1) out.push('', 'No changes.');
  return `${out.join('\n')}\n`;
}
