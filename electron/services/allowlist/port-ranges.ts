import type { PortRange } from '../../../shared/schemas/allowlist.ts';

/**
 * The API's port strings ("80,443", "1494-1495", spaces anywhere) and the
 * canonical form Fieldkit keeps: ranges sorted, overlapping or touching ones
 * merged, so the same ports always read the same way in a diff or an export.
 */

const ENTRY = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** The ranges a port string lists, canonical; an error sentence for anything that is not ports. */
export function parsePortList(text: string): PortRange[] | { error: string } {
  const entries = text
    .split(',')
    .map((e) => e.replace(/\s+/g, ''))
    .filter((e) => e !== '');
  const ranges: PortRange[] = [];
  for (const entry of entries) {
    const m = ENTRY.exec(entry);
    if (!m) return { error: `"${entry}" is not a port or a range of ports (like 443 or 1494-1495)` };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > 65535) return { error: `"${entry}" is outside the ports 1 to 65535` };
    if (to < from) return { error: `"${entry}" is a range that ends before it starts` };
    ranges.push({ from, to });
  }
  return mergePortRanges(ranges);
}

export function mergePortRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: PortRange[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else merged.push({ from: r.from, to: r.to });
  }
  return merged;
}

/** "443" or "1494-1495". */
export function formatPortRange(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

/** The API's own port string: "80,443,1494-1495". */
export function formatPortList(ranges: readonly PortRange[]): string {
  return ranges.map(formatPortRange).join(',');
}
