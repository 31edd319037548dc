import type { Diagnostic, EndpointResult } from './schemas/diagnostics.ts';

/**
 * One probed host:port and every listed name it stands for. A run checks each
 * distinct host once (adm.cloud.com answers for *.agent.adm.cloud.com,
 * *.adm.cloud.com and adm.cloud.com when no service URL is given) and keeps a
 * result per listed name; whatever shows a run to a person shows it per host.
 */
export interface ProbedHost {
  /** "host:port": the probe's identity within a run. */
  key: string;
  host: string;
  port: number;
  /** The results of every listed name this host stands for, in run order; the first one speaks for the probe. */
  results: EndpointResult[];
  /** The listed names, in run order, without repeats. */
  listed: string[];
  required: boolean;
  verdict: EndpointResult['verdict'];
  verdictLabel: string;
  failure?: Diagnostic;
  /** Warnings of all its listed names, each once. */
  warnings: Diagnostic[];
}

export function probeKey(r: Pick<EndpointResult, 'host' | 'port'>): string {
  return `${r.host}:${r.port}`;
}

export function groupByProbedHost(results: readonly EndpointResult[]): ProbedHost[] {
  const groups = new Map<string, EndpointResult[]>();
  for (const r of results) {
    const key = probeKey(r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([key, members]) => {
    // After a single row was re-checked in a kept version 1 run, members may disagree: the worst verdict speaks.
    const first = members.find((m) => m.verdict === 'not-reachable') ?? members.find((m) => m.verdict === 'not-checked') ?? members[0]!;
    const warnings = new Map<string, Diagnostic>();
    for (const m of members) for (const w of m.warnings) warnings.set(`${w.code}\n${w.message}`, w);
    const group: ProbedHost = {
      key,
      host: first.host,
      port: first.port,
      results: members,
      listed: [...new Set(members.map((m) => m.listed))],
      required: members.some((m) => m.required),
      verdict: first.verdict,
      verdictLabel: first.verdictLabel,
      warnings: [...warnings.values()],
    };
    if (first.failure) group.failure = first.failure;
    return group;
  });
}

/** "adm.cloud.com" or "adm.cloud.com (for *.agent.adm.cloud.com, *.adm.cloud.com and adm.cloud.com)". */
export function hostWithListedNames(h: Pick<ProbedHost, 'host' | 'listed'>): string {
  if (h.listed.length === 1 && h.listed[0] === h.host) return h.host;
  return `${h.host} (for ${listNames(h.listed)})`;
}

export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
