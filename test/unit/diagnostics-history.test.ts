import { describe, expect, it } from 'vitest';
import { renderDiagnostic } from '../../shared/diagnostics-failures.ts';
import { openHistoryDb } from '../../electron/services/storage/history-db.ts';
import { compareRuns } from '../../electron/services/diagnostics/compare-runs.ts';
import { DIAGNOSTICS_MIGRATIONS, DiagnosticsHistory } from '../../electron/services/diagnostics/diagnostics-history.ts';
import { makeResult, makeRun } from '../support/diagnostics-fixtures.ts';

const bad = (id: string, code: 'tcp_refused' | 'dns_not_found') =>
  makeResult({ endpointId: id, verdict: 'not-reachable', verdictLabel: 'Not Reachable', failure: renderDiagnostic(code, {}) });

describe('diagnostics history', () => {
  it('saves, lists newest first, reads back, re-saves under the same id and deletes', () => {
    const { db, close } = openHistoryDb(':memory:', [DIAGNOSTICS_MIGRATIONS]);
    const history = new DiagnosticsHistory(db);
    const older = makeRun([makeResult({ endpointId: 'a' })], { id: 'r1', startedAt: '2026-01-01T00:00:00.000Z' });
    const newer = makeRun([bad('a', 'tcp_refused')], {
      id: 'r2',
      startedAt: '2026-01-02T00:00:00.000Z',
      region: 'japan',
      proxy: { type: 'explicit', host: 'proxy', port: 3128, authentication: 'none', caCertificates: 0 },
    });
    history.save(older);
    history.save(newer);
    expect(history.list().map((r) => [r.id, r.verdict, r.proxy])).toEqual([
      ['r2', 'not-met', 'proxy:3128'],
      ['r1', 'met', undefined],
    ]);
    expect(history.list({ region: 'japan' }).map((r) => r.id)).toEqual(['r2']);
    expect(history.get('r2')).toEqual(newer);
    const fixed = { ...newer, results: [makeResult({ endpointId: 'a' })], summary: older.summary, updatedAt: '2026-01-02T01:00:00.000Z' };
    history.save(fixed);
    expect(history.list().find((r) => r.id === 'r2')?.verdict).toBe('met');
    expect(history.get('r2').updatedAt).toBe('2026-01-02T01:00:00.000Z');
    expect(history.delete('r1')).toBe(true);
    expect(history.delete('r1')).toBe(false);
    expect(() => history.get('r1')).toThrow(expect.objectContaining({ code: 'DIAG_RUN_NOT_FOUND' }));
    close();
  });

  it('lists the CCID and service URL each run was given, and still reads a run kept under version 1', () => {
    const { db, close } = openHistoryDb(':memory:', [DIAGNOSTICS_MIGRATIONS]);
    const history = new DiagnosticsHistory(db);
    history.save(makeRun([makeResult({ endpointId: 'a' })], { id: 'with', ccid: 'acme01', serviceUrlHost: 'acme.agent.adm.cloud.com' }));
    history.save(makeRun([makeResult({ endpointId: 'a' })], { id: 'v1', schemaVersion: 1, startedAt: '2025-06-01T00:00:00.000Z' }));
    expect(history.list().map((r) => [r.id, r.ccid, r.serviceUrlHost])).toEqual([
      ['with', 'acme01', 'acme.agent.adm.cloud.com'],
      ['v1', undefined, undefined],
    ]);
    expect(history.get('v1').schemaVersion).toBe(1);
    close();
  });

  it('refuses a malformed run and saves nothing', () => {
    const { db, close } = openHistoryDb(':memory:', [DIAGNOSTICS_MIGRATIONS]);
    const history = new DiagnosticsHistory(db);
    const broken = { ...makeRun([makeResult({ endpointId: 'a' })], { id: 'x' }), region: 'mars' } as unknown as Parameters<
      DiagnosticsHistory['save']
    >[0];
    expect(() => history.save(broken)).toThrow(expect.objectContaining({ field: 'run.region' }));
    expect(history.list()).toEqual([]);
    close();
  });
});

describe('comparing two runs', () => {
  it('says per endpoint what was fixed, what broke, what changed reason', () => {
    const before = makeRun(
      [
        bad('a', 'tcp_refused'),
        makeResult({ endpointId: 'b' }),
        bad('c', 'tcp_refused'),
        makeResult({ endpointId: 'd', totalMs: 50 }),
        makeResult({ endpointId: 'gone' }),
      ],
      { id: 'before' },
    );
    const after = makeRun(
      [
        makeResult({ endpointId: 'a' }),
        bad('b', 'dns_not_found'),
        bad('c', 'dns_not_found'),
        makeResult({ endpointId: 'd', totalMs: 20 }),
        makeResult({ endpointId: 'new' }),
      ],
      { id: 'after' },
    );
    const diff = compareRuns(before, after);
    const change = Object.fromEntries(diff.endpoints.map((e) => [e.endpointId, e.change]));
    expect(change).toEqual({ a: 'fixed', b: 'broken', c: 'failure-changed', d: 'unchanged', gone: 'removed', new: 'added' });
    expect(diff.endpoints.find((e) => e.endpointId === 'd')?.totalMsDelta).toBe(-30);
    expect(diff.endpoints.find((e) => e.endpointId === 'c')?.after?.failureCode).toBe('dns_not_found');
    expect(diff.counts).toEqual({ fixed: 1, broken: 1, unchanged: 1, failureChanged: 1, added: 1, removed: 1, hostChanged: 0 });
    expect(diff.sameRegion).toBe(true);
    expect(diff.before.verdict).toBe('not-met');
    expect(diff.before.regionLabel).toBe('Commercial (US, EU, APAC)');
  });

  it('notices when a listed name was checked on another host, even when the verdict did not change', () => {
    const before = makeRun([makeResult({ endpointId: 'agent', listed: '*.agent.adm.cloud.com', host: 'adm.cloud.com' })], { id: 'b' });
    const after = makeRun([makeResult({ endpointId: 'agent', listed: '*.agent.adm.cloud.com', host: 'acme.agent.adm.cloud.com' })], {
      id: 'a',
    });
    const diff = compareRuns(before, after);
    expect(diff.endpoints[0]).toMatchObject({
      change: 'unchanged',
      hostChanged: true,
      before: { host: 'adm.cloud.com' },
      after: { host: 'acme.agent.adm.cloud.com' },
    });
    expect(diff.counts.hostChanged).toBe(1);
    expect(compareRuns(before, before).endpoints[0]!.hostChanged).toBeUndefined();
  });
});
