import { isIPv4, isIPv6 } from '../../../shared/schemas/network-names.ts';

/**
 * What one FQDN or CIDR of an allowlist may look like, its canonical spelling,
 * and the one order every list is kept in (code points, not the locale's, so
 * the same document gives the same bytes on every machine).
 */

export const CUSTOMER_ID_PLACEHOLDER = 'CUSTOMER_ID';

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

// Labels as the API writes them: letters, digits, dashes, the placeholder's underscore, or a whole-label "*".
const HOST_LABEL = /^(\*|[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)$/i;

/**
 * The host lower-cased (DNS ignores case; the PAC file compares lower case),
 * the placeholder kept as the API spells it; undefined when it is not a host name.
 */
export function canonicalHost(text: string): string | undefined {
  const host = text.trim().replace(/\.$/, '');
  if (host.length < 1 || host.length > 253) return undefined;
  if (!host.split('.').every((label) => HOST_LABEL.test(label))) return undefined;
  return host.toLowerCase().replaceAll(CUSTOMER_ID_PLACEHOLDER.toLowerCase(), CUSTOMER_ID_PLACEHOLDER);
}

/** "a.b.c.d/n" or "v6::/n"; a bare address gets its full-length prefix. Undefined when it is not an address block. */
export function canonicalCidr(text: string): string | undefined {
  const [address = '', prefix, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  if (max === 0) return undefined;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const bits = prefix === undefined ? max : Number(prefix);
  if (bits > max) return undefined;
  return `${max === 128 ? address.toLowerCase() : address}/${bits}`;
}

export function cidrIpVersion(cidr: string): 4 | 6 {
  return cidr.includes(':') ? 6 : 4;
}
