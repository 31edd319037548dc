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

/** Canonical CIDRs in a firewall's reading order: IPv4 before IPv6, then by address, then by prefix length. */
export function sortedCidrs(values: Iterable<string>): string[] {
  const keyed = [...new Set(values)].map((cidr) => ({ cidr, key: cidrSortKey(cidr) }));
  return keyed.sort((a, b) => compareText(a.key, b.key)).map((k) => k.cidr);
}

/** A fixed-width key: the family, the address as hex, the prefix length. */
function cidrSortKey(cidr: string): string {
  const [address = '', prefix = ''] = cidr.split('/');
  const bits = prefix.padStart(3, '0');
  if (cidrIpVersion(cidr) === 4) return `4${address.split('.').map(hexByte).join('')}${bits}`;
  // An embedded IPv4 tail ("::ffff:192.0.2.1") as its two hex groups, then "::" widened to the missing zero groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const hex = tail
    ? `${address.slice(0, tail.index)}${hexByte(tail[1]!)}${hexByte(tail[2]!)}:${hexByte(tail[3]!)}${hexByte(tail[4]!)}`
    : address;
  const [head = '', rest] = hex.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return `6${[...headGroups, ...zeros, ...restGroups].map((g) => g.padStart(4, '0')).join('')}${bits}`;
}

function hexByte(decimal: string): string {
  return Number(decimal).toString(16).padStart(2, '0');
}
