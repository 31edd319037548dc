import type { ProxyProfileState } from '../../../shared/schemas/profiles.ts';

/** A saved proxy as a picker shows it: its name and where it is. */
export function proxyLabel(s: ProxyProfileState): string {
  const p = s.profile;
  const where = p.type === 'transparent-ssl-intercepting' ? 'transparent' : `${p.host}:${p.port}`;
  return `${p.name ?? p.id} (${where})`;
}
