import type { AllowlistDocument } from '../../../shared/schemas/allowlist.ts';
import { formatPortRange } from './port-ranges.ts';

/**
 * CSV, one row per service × endpoint × port (a range stays one row, as a
 * firewall rule takes it). RFC 4180 quoting; lines end in \n, not the RFC's
 * \r\n, so the file diffs cleanly in a change request (spreadsheets read both).
 */

const HEADER = ['service', 'direction', 'required', 'geo', 'kind', 'endpoint', 'protocol', 'port', 'notes'];

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function allowlistCsv(doc: AllowlistDocument): string {
  const lines = [HEADER.join(',')];
  for (const s of doc.services) {
    // Each field is quoted once, not once per row: a large version has hundreds of thousands of rows.
    const name = `${csvField(s.name)},${s.direction},${String(s.required)},`;
    const notes = `,${csvField(s.notes ?? '')}`;
    const ports = [...s.tcpPorts.map((r) => `tcp,${formatPortRange(r)}`), ...s.udpPorts.map((r) => `udp,${formatPortRange(r)}`)];
    // A service without ports still gets its endpoints listed, with the port left empty.
    if (ports.length === 0) ports.push(',');
    for (const e of s.endpoints) {
      const geo = `${name}${csvField(e.geo)},`;
      for (const [kind, values] of [
        ['fqdn', e.fqdns],
        ['cidr', e.cidrs],
      ] as const)
        for (const value of values) {
          const row = `${geo}${kind},${csvField(value)},`;
          for (const port of ports) lines.push(`${row}${port}${notes}`);
        }
    }
  }
  return `${lines.join('\n')}\n`;
}
