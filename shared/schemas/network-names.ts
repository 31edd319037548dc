import { z } from 'zod';

/**
 * What a host, a port and a NetScaler object name may look like, checked the
 * same way wherever one is typed or read: proxy and appliance profiles, the
 * endpoint catalog, IPC inputs, the engine's options and the CLI's flags.
 * Plain checks for code that has no schema, zod schemas built on them, and
 * messages that say what to type.
 */

/* ------------------------------------------------------------ plain checks */

const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isPort(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** A DNS name of letters, digits and dashes between dots ("proxy", "adm.cloud.com"), at most 253 characters. */
export function isDnsName(host: string): boolean {
  return host.length >= 1 && host.length <= 253 && host.split('.').every((label) => DNS_LABEL.test(label));
}

export function isIPv4(host: string): boolean {
  return IPV4.test(host);
}

export function isIPv6(host: string): boolean {
  if (!host.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(host)) return false;
  try {
    // The URL parser knows every IPv6 form (::, embedded IPv4) in Node and in the browser alike.
    return new URL(`http://[${host}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

export function isIpAddress(host: string): boolean {
  return isIPv4(host) || isIPv6(host);
}

/** An IPv6 address written as in a URL, "[::1]", without its brackets; anything else unchanged. */
export function withoutBrackets(host: string): string {
  return /^\[[^\]]*\]$/.test(host) ? host.slice(1, -1) : host;
}

/** A host to connect to: an IP address (IPv6 with or without brackets) or a DNS name, nothing else (no scheme, port or path). */
export function isHostOrAddress(host: string): boolean {
  const bare = withoutBrackets(host);
  return isIpAddress(bare) || (bare === host && isDnsName(host));
}

/**
 * NITRO's documented rule for object names (certkeys, partitions, vservers):
 * a letter, digit or _ first, then letters, digits, spaces and _ . # @ = : -
 * (no space at the end, which the appliance would drop).
 */
const NETSCALER_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_.#@=: -]*[A-Za-z0-9_.#@=:-])?$/;

/** NITRO's limit for systemfile, certkey and partition names. */
export const NETSCALER_NAME_MAX = 63;

export function isNetScalerName(name: string, max = NETSCALER_NAME_MAX): boolean {
  return name.length >= 1 && name.length <= max && NETSCALER_NAME.test(name);
}

/** A NUL, a line break or another control character: never part of a name, a label or a header value. */
export function hasControlCharacter(text: string): boolean {
  // A plain loop: no copy of the text, however long (a schema's other checks may not have stopped an oversized one).
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/* ------------------------------------------------------------ zod schemas */

/** Words on one line (a label, a user name, a dialog's title), named in messages by what they are ("A profile name"). */
export function singleLine(what: string, max: number) {
  return z
    .string()
    .max(max, `${what} is longer than ${max} characters.`)
    .refine((t) => !hasControlCharacter(t), `${what} contains control characters.`);
}

export const Port = z
  .number({ error: 'The port must be a number.' })
  .int('The port must be a whole number.')
  .min(1, 'The port must be between 1 and 65535.')
  .max(65535, 'The port must be between 1 and 65535.');

/**
 * A host as an admin types it, named in messages by what it is for
 * ("The proxy host", "The NSIP or host name"). Surrounding spaces and the
 * brackets of an IPv6 address are dropped.
 */
export function hostOrAddress(what: string) {
  return z
    .string()
    .trim()
    .min(1, `${what} is empty: enter its IP address or name.`)
    .max(253, `${what} is longer than 253 characters.`)
    .refine(isHostOrAddress, `${what} must be an IP address or a DNS name (letters, digits, dots and dashes), without scheme or port.`)
    .transform(withoutBrackets);
}

/** A fully qualified DNS name in lower case, as the endpoint catalog lists Citrix Cloud hosts. */
export const DnsHostName = z
  .string()
  .refine(
    (h) => isDnsName(h) && h.includes('.') && h === h.toLowerCase(),
    'Expected a lower-case DNS host name with a domain (e.g. trust.citrixnetworkapi.net).',
  );

/** A NetScaler object name, named in messages by what it is ("A certkey name"). */
export function netscalerName(what: string, max = NETSCALER_NAME_MAX) {
  return z
    .string()
    .min(1, `${what} is required.`)
    .max(max, `${what} is at most ${max} characters.`)
    .regex(NETSCALER_NAME, `${what} uses letters, digits, spaces and _ . # @ = : - and starts with a letter, digit or _.`);
}
