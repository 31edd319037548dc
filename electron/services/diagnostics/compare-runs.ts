import type { DiagnosticsRun, EndpointResult, RunComparison } from '../../../shared/schemas/diagnostics.ts';

type Snapshot = NonNullable<RunComparison['endpoints'][number]['before']>;

function snapshot(r: EndpointResult): Snapshot {
  const s: Snapshot = { verdict: r.verdict, totalMs: r.totalMs, host: r.host };
  if (r.failure) {
    s.failureCode = r.failure.code;
    s.failureTitle = r.failure.title;
  }
  return s;
}

/** Side by side, per endpoint: what got fixed, what broke, what changed reason. */
export function compareRuns(before: DiagnosticsRun, after: DiagnosticsRun): RunComparison {
  const a = new Map(before.results.map((r) => [r.endpointId, r]));
  const b = new Map(after.results.map((r) => [r.endpointId, r]));
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  const endpoints = ids.map((endpointId) => {
    const x = a.get(endpointId);
    const y = b.get(endpointId);
    const listed = (y ?? x)!.listed;
    if (!x) return { endpointId, listed, change: 'added' as const, after: snapshot(y!) };
    if (!y) return { endpointId, listed, change: 'removed' as const, before: snapshot(x) };
    const wasOk = x.verdict === 'reachable';
    const isOk = y.verdict === 'reachable';
    const change =
      !wasOk && isOk
        ? 'fixed'
        : wasOk && !isOk
          ? 'broken'
          : !wasOk && !isOk && x.failure?.code !== y.failure?.code
            ? 'failure-changed'
            : 'unchanged';
    return { endpointId, listed, change, before: snapshot(x), after: snapshot(y), totalMsDelta: y.totalMs - x.totalMs } as const;
  });
  const count = (c: string) => endpoints.filter((e) => e.change === c).length;
  return {
    before: { id: before.id, startedAt: before.startedAt, verdict: before.summary.verdict },
    after: { id: after.id, startedAt: after.startedAt, verdict: after.summary.verdict },
    sameRegion: before.region === after.region,
    endpoints,
    counts: {
      fixed: count('fixed'),
      broken: count('broken'),
      unchanged: count('unchanged'),
      failureChanged: count('failure-changed'),
      added: count('added'),
      removed: count('removed'),
    },
  };
}
