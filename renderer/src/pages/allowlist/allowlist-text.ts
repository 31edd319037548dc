import type { AllowlistService, AllowlistVersionInfo, PortRange } from '../../../../shared/schemas/allowlist.ts';

/** How the allowlist's values read on screen. */

function ranges(list: PortRange[]): string {
  return list.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ');
}

/** "TCP 443, 8443 · UDP 1494-1495", or "—" for a service that names no port. */
export function portsText(s: Pick<AllowlistService, 'tcpPorts' | 'udpPorts'>): string {
  const parts = [...(s.tcpPorts.length ? [`TCP ${ranges(s.tcpPorts)}`] : []), ...(s.udpPorts.length ? [`UDP ${ranges(s.udpPorts)}`] : [])];
  return parts.join(' · ') || '—';
}

/** "3 hours old", "2 days old": how stale what is shown may be. */
export function ageText(hours: number): string {
  if (hours < 1) return 'less than an hour old';
  if (hours < 48) return `${Math.round(hours)} hour${Math.round(hours) === 1 ? '' : 's'} old`;
  return `${Math.round(hours / 24)} days old`;
}

/** "#3 · 2026-11-30.1 (json, geo all, all directions)" for a version picker. */
export function versionLabel(v: AllowlistVersionInfo): string {
  if (v.source === 'baseline') return `#${v.id} · bundled baseline`;
  const q = v.query;
  return `#${v.id} · ${v.version} (${q.format}, geo ${q.geo}, ${q.direction === 'all' ? 'both directions' : q.direction})`;
}
