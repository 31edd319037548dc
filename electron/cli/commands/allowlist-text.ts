import type { AllowlistCurrent, AllowlistFetchResult } from '../../services/engine.ts';
import type { AllowlistDiff, AllowlistVersionInfo } from '../../../shared/schemas/allowlist.ts';

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

function versionLine(v: AllowlistVersionInfo): string {
  const what =
    v.source === 'baseline'
      ? 'bundled baseline (from the Cloud Connect endpoint list, not fetched)'
      : `${v.query.format}, geo ${v.query.geo}, direction ${v.query.direction}${v.query.customerId ? `, customer ${v.query.customerId}` : ''}`;
  const valid = v.validUntil ? `, valid until ${v.validUntil}` : '';
  return `#${v.id}  ${v.fetchedAt}  version ${v.version}${valid}  ${v.serviceCount} services, ${v.endpointCount} endpoints  (${what})`;
}

export function formatFetch(r: AllowlistFetchResult): string {
  if (r.fresh)
    return `Version #${r.version.id} is still fresh (the API's Cache-Control); nothing was asked. --force asks anyway.\n${versionLine(r.version)}`;
  const head = r.notModified
    ? `Unchanged since version #${r.version.id} (the API answered 304 Not Modified); nothing new was stored.`
    : `Stored version #${r.version.id}.`;
  return `${head}\n${versionLine(r.version)}${r.transactionId ? `\nCitrix-TransactionId ${r.transactionId}` : ''}`;
}

export function formatAllowlistVersions(v: { versions: AllowlistVersionInfo[]; current?: AllowlistCurrent }): string {
  const lines: string[] = [];
  if (v.current) {
    const age = v.current.ageHours < 48 ? `${Math.round(v.current.ageHours)} hours` : `${Math.round(v.current.ageHours / 24)} days`;
    lines.push(
      `In use: #${v.current.version.id}, fetched ${age} ago${v.current.pastValidUntil ? ', past its validUntil: fetch again' : ''}${v.current.version.source === 'baseline' ? ' (the bundled baseline: fetch the real list when online)' : ''}.`,
    );
  }
  for (const version of v.versions) lines.push(versionLine(version));
  return lines.join('\n');
}
