// node:net's checks, not the shared URL-based ones: an allowlist holds 100,000 addresses, and these run in C++.
import { isIPv4, isIPv6 } from 'node:net';

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
const LABEL = '(?:\\*|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)';
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'i');

/**
 * The host lower-cased (DNS ignores case; the PAC file compares lower case),
 * the placeholder kept as the API spells it; undefined when it is not a host name.
 */
export function canonicalHost(text: string): string | undefined {
  // Already-canonical text is returned as is: no copies of 100,000 host names.
  let host = /^\s|\s$/.test(text) ? text.trim() : text;
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length < 1 || host.length > 253) return undefined;
  if (!HOST.test(host)) return undefined;
  return /[A-Z]/.test(host) ? host.toLowerCase().replaceAll(CUSTOMER_ID_PLACEHOLDER.toLowerCase(), CUSTOMER_ID_PLACEHOLDER) : host;
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
  if (prefix !== undefined && text.length === address.length + prefix.length + 1 && (max === 32 || !/[A-F]/.test(address))) return text;
  return `${max === 128 ? address.toLowerCase() : address}/${bits}`;
}

export function cidrIpVersion(cidr: string): 4 | 6 {
  return cidr.includes(':') ? 6 : 4;
}

/** Canonical CIDRs in a firewall's reading order: IPv4 before IPv6, then by address, then by prefix length. */
export function sortedCidrs(values: Iterable<string>): string[] {
  const unique = [...new Set(values)];
  if (unique.length < 2) return unique;
  return unique
    .map(cidrSortKey)
    .sort((a, b) => a.v4 - b.v4 || compareText(a.v6, b.v6) || a.bits - b.bits)
    .map((k) => k.cidr);
}

/** IPv4 as a number (2^32 for IPv6, which sorts after), IPv6 as fixed-width hex, and the prefix length. */
function cidrSortKey(cidr: string): { cidr: string; v4: number; v6: string; bits: number } {
  const slash = cidr.indexOf('/');
  const address = cidr.slice(0, slash);
  const bits = Number(cidr.slice(slash + 1));
  if (!address.includes(':')) return { cidr, v4: ipv4Number(address), v6: '', bits };
  // An embedded IPv4 tail ("::ffff:192.0.2.1") as its two hex groups, then "::" widened to the missing zero groups.
  let hex = address;
  if (address.includes('.')) {
    const at = address.lastIndexOf(':') + 1;
    const tail = ipv4Number(address.slice(at)).toString(16).padStart(8, '0');
    hex = `${address.slice(0, at)}${tail.slice(0, 4)}:${tail.slice(4)}`;
  }
  const [head = '', rest] = hex.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return { cidr, v4: 2 ** 32, v6: [...headGroups, ...zeros, ...restGroups].map((g) => g.padStart(4, '0')).join(''), bits };
}

function ipv4Number(address: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return value * 256 + octet;
}
