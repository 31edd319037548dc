import type { z } from 'zod';

/**
 * A zod issue path in an admin's words: "service 4 (DaaS), endpoint 1, fqdns"
 * rather than "services.3.endpoints.0.fqdns". The name of the service an issue
 * sits in is taken from the answer itself when it has one.
 */
const ITEM_WORDS: Record<string, string> = {
  services: 'service',
  ipv6_services: 'IPv6 service',
  endpoints: 'endpoint',
  fqdns: 'FQDN',
  ips: 'IP range',
  domains: 'domain',
  cidrs: 'CIDR',
};

function nameAt(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const name = typeof v['name'] === 'string' ? v['name'] : typeof v['id'] === 'string' ? v['id'] : undefined;
    return name?.slice(0, 60);
  }
  return undefined;
}

export function describeIssuePath(path: readonly PropertyKey[], root: unknown): string {
  const parts: string[] = [];
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = path[i + 1];
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key as string] : undefined;
    if (typeof key === 'string' && typeof next === 'number' && ITEM_WORDS[key]) {
      node = Array.isArray(node) ? node[next] : undefined;
      const name = nameAt(node);
      parts.push(`${ITEM_WORDS[key]} ${next + 1}${name ? ` (${name})` : ''}`);
      i++;
      continue;
    }
    parts.push(typeof key === 'number' ? `item ${key + 1}` : String(key));
  }
  return parts.length ? parts.join(', ') : 'the answer as a whole';
}

/** The first few issues, each with where it is and what is wrong. */
export function describeSchemaIssues(error: z.ZodError, root: unknown, max = 3): string {
  const shown = error.issues.slice(0, max).map((issue) => `${describeIssuePath(issue.path, root)}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '');
}
