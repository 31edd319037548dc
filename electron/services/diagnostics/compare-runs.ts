import type { DiagnosticsRun, EndpointResult, RunComparison } from '../../../shared/schemas/diagnostics.ts';

type Compared = RunComparison['endpoints'][number];
type Snapshot = NonNullable<Compared['before']>;

function snapshot(r: EndpointResult): Snapshot {
  const s: Snapshot = { verdict: r.verdict, totalMs: r.totalMs, host: r.host };
  if (r.failure) {
    s.failureCode = r.failure.code;
    s.failureTitle = r.failure.title;
  }
  return s;
}

/** Side by side, per listed name: what got fixed, what broke, what changed reason, and where another host was probed for it. */
export function compareRuns(before: DiagnosticsRun, after: DiagnosticsRun): RunComparison {
  const a = new Map(before.results.map((r) => [r.endpointId, r]));
  const b = new Map(after.results.map((r) => [r.endpointId, r]));
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  const endpoints = ids.map((endpointId): Compared => {
    const x = a.get(endpointId);
    const y = b.get(endpointId);
    const listed = (y ?? x)!.listed;
    if (!x) return { endpointId, listed, change: 'added', after: snapshot(y!) };
    if (!y) return { endpointId, listed, change: 'removed', before: snapshot(x) };
    const wasOk = x.verdict === 'reachable';
    const isOk = y.verdict === 'reachable';
    const change: Compared['change'] =
      !wasOk && isOk
        ? 'fixed'
        : wasOk && !isOk
          ? 'broken'
          : !wasOk && !isOk && x.failure?.code !== y.failure?.code
            ? 'failure-changed'
            : 'unchanged';
    const entry: Compared = { endpointId, listed, change, before: snapshot(x), after: snapshot(y), totalMsDelta: y.totalMs - x.totalMs };
    return x.host === y.host ? entry : { ...entry, hostChanged: true };
  });
  const count = (c: string) => endpoints.filter((e) => e.change === c).length;
  const described = (r: DiagnosticsRun) => ({ id: r.id, startedAt: r.startedAt, verdict: r.summary.verdict, regionLabel: r.regionLabel });
  return {
    before: described(before),
    after: described(after),
    sameRegion: before.region === after.region,
    endpoints,
    counts: {
      fixed: count('fixed'),
      broken: count('broken'),
      unchanged: count('unchanged'),
      failureChanged: count('failure-changed'),
      added: count('added'),
      removed: count('removed'),
      hostChanged: endpoints.filter((e) => e.hostChanged).length,
    },
  };
}
