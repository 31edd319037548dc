import type { ExpiryCertkeyRow, FleetExpiry } from '../../../shared/schemas/certificate-expiry.ts';

/** The fleet's expiry as a terminal table: unread appliances first, then certkeys soonest first, then one summary line. */
export function formatFleetExpiry(report: FleetExpiry, opts: { all: boolean }): string {
  const lines: string[] = [];
  for (const r of report.rows) {
    if (r.kind !== 'error') continue;
    // Engine messages usually name the appliance already.
    const message = r.error.message.startsWith(r.appliance) ? r.error.message : `${r.appliance}: ${r.error.message}`;
    lines.push(`NOT READ  ${message}${r.error.hint ? ` (${r.error.hint})` : ''}`);
  }
  const certkeys = report.rows.filter((r): r is ExpiryCertkeyRow => r.kind === 'certkey');
  const shown = opts.all ? certkeys : certkeys.filter((r) => r.state === 'expired' || r.state === 'expiring');
  const table = shown.map((r) => [
    r.state === 'expired' ? 'EXPIRED' : r.state === 'expiring' ? 'DUE' : r.state === 'valid' ? 'ok' : '?',
    r.daysLeft === undefined ? '?' : `${r.daysLeft} days`,
    r.notAfter?.slice(0, 10) ?? '',
    r.partition === 'default' ? r.appliance : `${r.appliance} [${r.partition}]`,
    r.certkey,
    r.boundTo.length > 0 ? r.boundTo.map((b) => `${b.vserver}${b.sni ? ' (SNI)' : ''}`).join(', ') : 'not bound',
    r.coveredBy ?? '',
  ]);
  // The sync column only once some sync covers a certkey.
  const columns = shown.some((r) => r.coveredBy !== undefined) ? 7 : 6;
  if (table.length > 0) {
    const head = ['STATE', 'LEFT', 'NOT AFTER', 'APPLIANCE', 'CERTKEY', 'BOUND TO', 'SYNC'].slice(0, columns);
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    for (const row of [head, ...table])
      lines.push(
        row
          .slice(0, columns)
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
  }
  const { asked, failed } = report.appliances;
  lines.push(
    `${report.due} of ${certkeys.length} certkey(s) on ${asked - failed} appliance(s) expired or expire within ${report.within} days` +
      (failed > 0 ? `; ${failed} appliance(s) could not be read.` : '.'),
  );
  return lines.join('\n');
}
