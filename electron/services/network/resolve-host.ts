import { promises as dnsPromises } from 'node:dns';
import { isIP } from 'node:net';
import { boundedPhase, type PhaseOutcome } from './bounded-phase.ts';

export interface ResolverConfig {
  /**
   * host → address, consulted first (tests, labs, CLI --resolve). Never on by
   * default; a run records every override it used.
   */
  overrides?: Readonly<Record<string, string>>;
  /** Ask these DNS servers directly ("ip" or "ip:port") instead of the system resolver. */
  servers?: readonly string[];
}

export interface Resolved {
  addresses: string[];
  source: 'literal' | 'override' | 'system' | 'dns-servers';
  servers?: string[];
}

const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA', 'NXDOMAIN']);
const TIMED_OUT = new Set(['ETIMEOUT', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNREFUSED']);

/** The codes classification relies on: NOTFOUND, TIMEOUT (no answer), or the resolver's own. */
function normalise(code: string | undefined): string {
  if (code && NOT_FOUND.has(code)) return 'NOTFOUND';
  if (code && TIMED_OUT.has(code)) return 'TIMEOUT';
  return code ?? 'DNS_ERROR';
}

export function resolveHost(
  host: string,
  config: ResolverConfig,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PhaseOutcome<Resolved>> {
  const key = host.toLowerCase();
  if (isIP(host)) return Promise.resolve({ ok: true, value: { addresses: [host], source: 'literal' } });
  const override = config.overrides?.[key];
  if (override !== undefined) return Promise.resolve({ ok: true, value: { addresses: [override], source: 'override' } });

  if (config.servers && config.servers.length > 0) {
    const servers = [...config.servers];
    return boundedPhase<Resolved>(timeoutMs, signal, (settle) => {
      const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
      resolver.setServers(servers);
      const query = async () => {
        try {
          return await resolver.resolve4(key);
        } catch (err) {
          // No A record is not "not found" while an AAAA record exists.
          if ((err as NodeJS.ErrnoException).code === 'ENODATA') return resolver.resolve6(key);
          throw err;
        }
      };
      query().then(
        (addresses) => settle.ok({ addresses, source: 'dns-servers', servers }),
        (err: NodeJS.ErrnoException) => {
          const code = normalise(err.code);
          settle.fail(
            code,
            code === 'TIMEOUT' ? `no answer from ${servers.join(', ')}` : `${err.code ?? 'error'} from ${servers.join(', ')}`,
          );
        },
      );
      return () => resolver.cancel();
    });
  }

  return boundedPhase<Resolved>(timeoutMs, signal, (settle) => {
    // getaddrinfo cannot be cancelled: on timeout we stop waiting and let it finish in the background.
    dnsPromises.lookup(key, { all: true }).then(
      (list) => settle.ok({ addresses: list.map((a) => a.address), source: 'system' }),
      (err: NodeJS.ErrnoException) => settle.fail(normalise(err.code), `${err.code ?? 'error'} from the system resolver`),
    );
    return () => {};
  });
}
