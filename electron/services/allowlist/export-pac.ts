import type { AllowlistDocument } from '../../../shared/schemas/allowlist.ts';
import { sortedUnique } from './allowlist-entries.ts';

/**
 * A PAC file for a proxy team: the listed hosts go to the site's proxy (or
 * DIRECT), everything else to DIRECT. Exact hosts compare as they are,
 * "*.domain" becomes dnsDomainIs(host, ".domain") (subdomains only, as the
 * wildcard means), any other "*" goes through shExpMatch. Plain ES3 so every
 * browser's and OS's PAC engine runs it. CIDRs are left out: isInNet would
 * make every request wait for a DNS lookup.
 */
export function allowlistPac(doc: AllowlistDocument, route: string): string {
  const hosts = sortedUnique(doc.services.flatMap((s) => s.endpoints.flatMap((e) => e.fqdns)));
  const exact = hosts.filter((h) => !h.includes('*'));
  const domains = sortedUnique(hosts.filter((h) => /^\*\.[^*]+$/.test(h)).map((h) => h.slice(1)));
  const patterns = hosts.filter((h) => h.includes('*') && !/^\*\.[^*]+$/.test(h));
  const list = (values: string[]) => (values.length === 0 ? '[]' : `[\n${values.map((v) => `  ${JSON.stringify(v)}`).join(',\n')}\n]`);
  return [
    `// Citrix Cloud allowlist ${doc.version}: ${doc.services.length} services, ${hosts.length} host entries, exported by Fieldkit.`,
    route === 'DIRECT'
      ? '// Listed hosts go DIRECT, like everything else: set ALLOWLIST_ROUTE to "PROXY host:port" to send them to a proxy.'
      : `// Listed hosts go to ${JSON.stringify(route)}; everything else goes DIRECT.`,
    `var ALLOWLIST_ROUTE = ${JSON.stringify(route)};`,
    `var ALLOWLIST_HOSTS = ${list(exact)};`,
    `var ALLOWLIST_DOMAINS = ${list(domains)};`,
    `var ALLOWLIST_PATTERNS = ${list(patterns)};`,
    '',
    'function FindProxyForURL(url, host) {',
    '  var h = host.toLowerCase();',
    '  var i;',
    '  for (i = 0; i < ALLOWLIST_HOSTS.length; i++) if (h == ALLOWLIST_HOSTS[i]) return ALLOWLIST_ROUTE;',
    '  for (i = 0; i < ALLOWLIST_DOMAINS.length; i++) if (dnsDomainIs(h, ALLOWLIST_DOMAINS[i])) return ALLOWLIST_ROUTE;',
    '  for (i = 0; i < ALLOWLIST_PATTERNS.length; i++) if (shExpMatch(h, ALLOWLIST_PATTERNS[i])) return ALLOWLIST_ROUTE;',
    '  return "DIRECT";',
    '}',
    '',
  ].join('\n');
}
