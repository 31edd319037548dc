import dns from 'node:dns';

/**
 * This process without a network, as a laptop away from the customer's sees it: every name lookup fails the way
 * getaddrinfo fails with no DNS server reachable (EAI_AGAIN), whether it comes from net/tls (undici, NITRO), the
 * system resolver of a check, or a Resolver pointed at servers. Loopback names still resolve, so nothing that
 * needs no network is touched. Names asked for are kept, to show what tried to go out.
 */
export interface CutNetwork {
  lookups: string[];
  restore(): void;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function noDns(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), {
    code: 'EAI_AGAIN',
    errno: -3001,
    syscall: 'getaddrinfo',
    hostname,
  });
}

export function cutNetwork(): CutNetwork {
  const lookups: string[] = [];
  const original = { lookup: dns.lookup, promisesLookup: dns.promises.lookup };
  const lookup = (hostname: string, options: unknown, callback?: (...args: unknown[]) => void) => {
    const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    if (LOOPBACK.has(hostname)) return (original.lookup as (...args: unknown[]) => void)(hostname, options, callback);
    lookups.push(hostname);
    process.nextTick(() => cb(noDns(hostname)));
    return undefined;
  };
  dns.lookup = lookup as typeof dns.lookup;
  dns.promises.lookup = ((hostname: string, options?: unknown) => {
    if (LOOPBACK.has(hostname)) return original.promisesLookup(hostname, options as dns.LookupAllOptions);
    lookups.push(hostname);
    return Promise.reject(noDns(hostname));
  }) as typeof dns.promises.lookup;
  return {
    lookups,
    restore() {
      dns.lookup = original.lookup;
      dns.promises.lookup = original.promisesLookup;
    },
  };
}
