import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskProgress } from '../../shared/schemas/tasks.ts';
import { createTestPki, publicLeaf, scenarioCatalog } from '../support/diagnostics-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { startHttpsOrigin, startSilentServer, type LocalServer } from '../support/tls-origins.ts';

/** The status monitor through the window's channels: the refresh with its progress and Cancel, the status, the event log's filters. */
const OK_HOST = 'trust.fieldkit.test';
const SLOW_HOST = 'slow.fieldkit.test';

let te: TestEngine;
let origin: LocalServer;
let silent: LocalServer;

beforeAll(async () => {
  const pki = await createTestPki();
  origin = await startHttpsOrigin(await publicLeaf(pki, [OK_HOST]));
  silent = await startSilentServer();
  te = await startTestEngine({
    memoryVault: true,
    diagnosticsOverrides: {
      catalog: scenarioCatalog([OK_HOST]),
      resolverOverrides: { [OK_HOST]: '127.0.0.1', [SLOW_HOST]: '127.0.0.1' },
      portOverrides: { [OK_HOST]: origin.port, [SLOW_HOST]: silent.port },
      extraTrustAnchors: [pki.publicRoot.certPem],
    },
  });
});
afterAll(async () => {
  te.close();
  await origin.close();
  await silent.close();
});

async function dispatch(channel: string, input: unknown, events: unknown[] = []) {
  const r = await te.dispatcher.dispatch(channel, input, { emit: (_e, payload) => events.push(payload) });
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('Cloud Connect status channels', () => {
  it('refreshes with progress site by site and endpoint by endpoint, then reads the status and the filtered event log', async () => {
    const site = await te.engine.sites.save({ name: 'Berlin DC', region: 'commercial' });
    await te.engine.sites.recordAction(site.id, { kind: 'connected' });
    const events: unknown[] = [];
    const refreshed = (await dispatch('cloudConnectRefresh', { taskId: 'task-cc-0001', siteId: site.id }, events)) as Array<{
      state: string;
    }>;
    expect(refreshed.map((s) => s.state)).toEqual(['connected']);
    const progress = events.map((e) => TaskProgress.parse(e));
    expect(progress.every((p) => p.taskId === 'task-cc-0001' && p.kind === 'cloud-connect')).toBe(true);
    expect(progress.map((p) => (p.kind === 'cloud-connect' ? p.event.type : ''))).toEqual([
      'refresh-started',
      'endpoint-checked',
      'site-refreshed',
    ]);

    expect(await dispatch('cloudConnectStatus', { siteId: site.id })).toMatchObject([
      { siteName: 'Berlin DC', state: 'connected', lastRefresh: { allReachable: true, endpoints: [{ host: OK_HOST, reachable: true }] } },
    ]);
    expect(await dispatch('cloudConnectStatus', undefined)).toHaveLength(1);
    const log = (await dispatch('cloudConnectEvents', { siteId: site.id })) as Array<{ to: string }>;
    expect(log.map((e) => e.to)).toEqual(['connected', 'pending']);
    expect(await dispatch('cloudConnectEvents', { state: 'connected' })).toHaveLength(1);
    expect(await dispatch('cloudConnectEvents', { state: 'error' })).toEqual([]);
  });

  it('Cancel stops a refresh without recording it; the site keeps its last refresh', async () => {
    const site = await te.engine.sites.save({ name: 'Slow', region: 'commercial' });
    // The check of this site hangs in TLS until cancelled.
    const slow = scenarioCatalog([SLOW_HOST]);
    const engine = await startTestEngine({
      memoryVault: true,
      dataFolder: te.dataFolder,
      diagnosticsOverrides: { catalog: slow, resolverOverrides: { [SLOW_HOST]: '127.0.0.1' }, portOverrides: { [SLOW_HOST]: silent.port } },
    });
    try {
      const before = (await engine.engine.cloudConnect.status({ site: site.id }))[0]!;
      const running = engine.dispatcher.dispatch(
        'cloudConnectRefresh',
        { taskId: 'task-cc-0002', siteId: site.id },
        { emit: () => undefined },
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(await engine.dispatcher.dispatch('taskCancel', { taskId: 'task-cc-0002' }, { emit: () => undefined })).toEqual({
        ok: true,
        value: { ok: true },
      });
      const r = await running;
      expect(r).toMatchObject({ ok: false, error: { code: 'TASK_CANCELLED' } });
      const after = (await engine.engine.cloudConnect.status({ site: site.id }))[0]!;
      expect(after.lastRefresh).toEqual(before.lastRefresh);
    } finally {
      engine.engine.close();
    }
  });
});
