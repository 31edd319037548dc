import type { AllowlistDiff, AllowlistDocument, AllowlistService } from '../../../shared/schemas/allowlist.ts';
import { compareText, sortedCidrs } from './allowlist-entries.ts';
import { formatPortRange } from './port-ranges.ts';

/**
 * What changed between two versions, the changes feed the API itself lacks:
 * services (by name and direction), FQDNs and CIDRs (IPv4 and IPv6) anywhere
 * in the version, and per service kept in both the ports added and removed.
 * Every list sorted, so the same two versions give the same diff.
 */
export function diffAllowlists(a: AllowlistDocument, b: AllowlistDocument, ids: { from: number; to: number }): AllowlistDiff {
  const servicesA = byKey(a);
  const servicesB = byKey(b);
  const ports: AllowlistDiff['ports'] = [];
  for (const [key, sa] of servicesA) {
    const sb = servicesB.get(key);
    if (!sb) continue;
    const change = added(portSet(sa), portSet(sb));
    if (change.added.length > 0 || change.removed.length > 0)
      ports.push({ service: key, added: sortPorts(change.added), removed: sortPorts(change.removed) });
  }
  ports.sort((x, y) => compareText(x.service, y.service));
  return {
    from: ids.from,
    to: ids.to,
    services: sorted(added(new Set(servicesA.keys()), new Set(servicesB.keys()))),
    fqdns: sorted(added(entries(a, 'fqdns'), entries(b, 'fqdns'))),
    cidrs: (({ added: plus, removed: minus }) => ({ added: sortedCidrs(plus), removed: sortedCidrs(minus) }))(
      added(entries(a, 'cidrs'), entries(b, 'cidrs')),
    ),
    ports,
  };
}

/** How a service is named in a diff: "DaaS (outbound)", as a version may list a name in both directions. */
export function serviceKey(s: Pick<AllowlistService, 'name' | 'direction'>): string {
  return `${s.name} (${s.direction})`;
}

function byKey(doc: AllowlistDocument): Map<string, AllowlistService> {
  return new Map(doc.services.map((s) => [serviceKey(s), s]));
}

function entries(doc: AllowlistDocument, field: 'fqdns' | 'cidrs'): Set<string> {
  const set = new Set<string>();
  for (const s of doc.services) for (const e of s.endpoints) for (const v of e[field]) set.add(v);
  return set;
}

function portSet(s: AllowlistService): Set<string> {
  return new Set([...s.tcpPorts.map((r) => `tcp/${formatPortRange(r)}`), ...s.udpPorts.map((r) => `udp/${formatPortRange(r)}`)]);
}

function added(before: Set<string>, after: Set<string>): { added: string[]; removed: string[] } {
  return { added: [...after].filter((v) => !before.has(v)), removed: [...before].filter((v) => !after.has(v)) };
}

function sorted(change: { added: string[]; removed: string[] }): { added: string[]; removed: string[] } {
  return { added: change.added.sort(compareText), removed: change.removed.sort(compareText) };
}

/** tcp before udp, then by first port: "tcp/80", "tcp/443", "udp/1494-1495". */
function sortPorts(values: string[]): string[] {
  const key = (v: string) => [v.slice(0, 3), Number.parseInt(v.slice(4), 10)] as const;
  return values.sort((x, y) => {
    const [px, nx] = key(x);
    const [py, ny] = key(y);
    return compareText(px, py) || nx - ny || compareText(x, y);
  });
}
