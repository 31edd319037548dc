import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiagnoseCommand } from '../../electron/cli/commands/diagnose.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { DiagnosticsRun } from '../../shared/schemas/diagnostics.ts';
import { runCli } from '../support/cli-runner.ts';
import { startAllowlistFake, type AllowlistFake } from '../support/allowlist-api-fake.ts';
import type { FixtureDataset } from '../support/allowlist-fixture.ts';
import { createTestPki, publicLeaf, type TestPki } from '../support/diagnostics-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { issueCertificate } from '../support/test-pki.ts';
import { closedPort, startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';

/**
 * "Is everything Citrix lists reachable from here?" as one run: a version
 * fetched from the AllowList API fake whose hosts point at local origins,
 * checked through the engine, the IPC dispatcher and `fieldkit diagnose
 * --from-allowlist`, against real TLS servers and a closed port.
 */

const FAST = { dnsMs: 800, connectMs: 800, proxyConnectMs: 1500, tlsMs: 1500, httpMs: 1500 };

const DATASET: FixtureDataset = {
  meta: { version: '2026-11-30T00:00:00Z', validUntil: '2026-12-03T00:00:00Z' },
  services: [
    {
      name: 'Lab Control',
      direction: 'outbound',
      endpoints: [
        // A wildcard the catalog knows (japan's representative host) and one it does not (checked at its domain).
        { geo: 'us', fqdns: ['ok.allowlist.test', '*.citrixnetworkapi.jp', '*.wild.allowlist.test'], ips: ['192.0.2.0/24'] },
        { geo: 'eu', fqdns: ['down.allowlist.test'] },
      ],
      tcpPorts: '443',
      required: true,
    },
    {
      name: 'Lab Optional',
      direction: 'outbound',
      endpoints: [{ geo: 'us', fqdns: ['opt.allowlist.test'] }],
      tcpPorts: '80,443',
      required: false,
    },
    {
      name: 'Lab HDX',
      direction: 'outbound',
      endpoints: [{ geo: 'us', fqdns: ['hdx.allowlist.test'] }],
      tcpPorts: '1494,2598',
      required: true,
    },
    {
      name: 'Lab Inbound',
      direction: 'inbound',
      endpoints: [{ geo: 'us', fqdns: ['in.allowlist.test'] }],
      tcpPorts: '443',
      required: true,
    },
  ],
};

let pki: TestPki;
let fake: AllowlistFake;
let origin: LocalServer;
let te: TestEngine;
let versionId: number;
let run: DiagnosticsRun;

beforeAll(async () => {
  pki = await createTestPki();
  const apiLeaf = await issueCertificate(pki.publicRoot, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', '127.0.0.1'] });
  fake = await startAllowlistFake({ chainPem: apiLeaf.certPem, keyPem: apiLeaf.keyPem, dataset: DATASET, limit: 1000 });
  const reachable = ['ok.allowlist.test', 'trust.citrixnetworkapi.jp', 'wild.allowlist.test', 'opt.allowlist.test'];
  origin = await startHttpsOrigin(await publicLeaf(pki, reachable));
  const refused = await closedPort();
  const hosts = [...reachable, 'down.allowlist.test', 'hdx.allowlist.test', 'in.allowlist.test'];
  te = await startTestEngine({
    vault: new MemoryVault('diag-allowlist'),
    allowlistOverrides: { connection: { extraTrustAnchors: [pki.publicRoot.certPem], includeSystemTrust: false, env: {} } },
    diagnosticsOverrides: {
      resolverOverrides: Object.fromEntries(hosts.map((h) => [h, '127.0.0.1'])),
      portOverrides: { ...Object.fromEntries(reachable.map((h) => [h, origin.port])), 'down.allowlist.test': refused },
      extraTrustAnchors: [pki.publicRoot.certPem],
    },
  });
  const fetched = await te.engine.allowlist.fetch({ query: { customerId: 'lab1' }, baseUrl: fake.baseUrl });
  versionId = fetched.version.id;
  run = await te.engine.diagnostics.run({ region: 'commercial', timeouts: FAST, endpoints: { fromAllowlist: { versionId } } });
});

afterAll(async () => {
  te?.close();
  await origin?.close();
  await fake?.close();
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(registerDiagnoseCommand, ['diagnose', ...argv], {}, te);
  return { code: r.code, out: r.out.join(''), err: r.err.join('\n') };
}

describe('Check Connectivity from a stored allowlist version', () => {
  it('checks exactly the outbound hosts the version lists, each wildcard as one concrete host', () => {
    expect(DiagnosticsRun.parse(run)).toBeTruthy();
    const checked = run.results
      .map((r) => [r.groupLabel, r.listed, r.host, r.port, r.coverage])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(checked).toEqual([
      ['Lab Control', '*.citrixnetworkapi.jp', 'trust.citrixnetworkapi.jp', origin.port, 'representative'],
      ['Lab Control', '*.wild.allowlist.test', 'wild.allowlist.test', origin.port, 'domain-level'],
      ['Lab Control', 'down.allowlist.test', 'down.allowlist.test', expect.any(Number), 'exact'],
      ['Lab Control', 'ok.allowlist.test', 'ok.allowlist.test', origin.port, 'exact'],
      ['Lab Optional', 'opt.allowlist.test', 'opt.allowlist.test', origin.port, 'exact'],
    ]);
    expect(run.results.every((r) => r.group === 'allowlist')).toBe(true);
    expect(new Set(run.results.map((r) => r.endpointId)).size).toBe(run.results.length);
  });

  it('reports the unreachable one as such, and the rest reachable', () => {
    const down = run.results.find((r) => r.listed === 'down.allowlist.test')!;
    expect(down.verdict).toBe('not-reachable');
    expect(down.failure?.phase).toBe('tcp');
    expect(
      run.results
        .filter((r) => r.verdict === 'reachable')
        .map((r) => r.host)
        .sort(),
    ).toEqual(['ok.allowlist.test', 'opt.allowlist.test', 'trust.citrixnetworkapi.jp', 'wild.allowlist.test']);
    expect(run.summary.verdict).toBe('not-met');
    expect(run.summary.headline).toMatch(
      /^1 of 4 required endpoints in the Citrix Cloud allowlist version 2026-11-30T00:00:00Z \(stored #\d+\) is not reachable from here\. 1 listed host was not checked/,
    );
  });

  it('records the version it used, in the run and in history, with what it could not check and why', () => {
    expect(run.allowlist).toMatchObject({
      versionId,
      version: '2026-11-30T00:00:00Z',
      source: 'api',
      filter: { geo: 'all', requiredOnly: false },
    });
    expect(run.allowlist!.skipped).toEqual([
      { service: 'Lab HDX', listed: 'hdx.allowlist.test', reason: expect.stringMatching(/TCP 1494,2598 but not 443/) },
    ]);
    expect(run.allowlist!.notes.join(' ')).toMatch(/Lab Optional also lists TCP 80,443: only 443 was checked/);
    expect(te.engine.diagnostics.get(run.id).allowlist?.versionId).toBe(versionId);
    const listed = te.engine.diagnostics.history().find((h) => h.id === run.id);
    expect(listed).toMatchObject({ allowlistVersionId: versionId, verdict: 'not-met' });
  });

  it('says so in the HTML report', async () => {
    const html = await te.engine.diagnostics.export({ runId: run.id, format: 'html' });
    expect(html.content).toContain(`Endpoints from the Citrix Cloud allowlist version 2026-11-30T00:00:00Z (stored #${versionId})`);
    expect(html.content).toContain('hdx.allowlist.test');
  });

  it('re-checks one endpoint of the run from the same version', async () => {
    const ok = run.results.find((r) => r.listed === 'ok.allowlist.test')!;
    const again = await te.engine.diagnostics.rerunEndpoint({ runId: run.id, endpointId: ok.endpointId });
    expect(again.allowlist?.versionId).toBe(versionId);
    expect(again.results.find((r) => r.endpointId === ok.endpointId)?.verdict).toBe('reachable');
  });

  it('filters by service, geo and required-only', async () => {
    const only = await te.engine.diagnostics.run({
      region: 'commercial',
      timeouts: FAST,
      endpoints: { fromAllowlist: { versionId, filter: { services: ['lab optional'] } } },
    });
    expect(only.results.map((r) => r.host)).toEqual(['opt.allowlist.test']);
    const eu = await te.engine.diagnostics.run({
      region: 'commercial',
      timeouts: FAST,
      endpoints: { fromAllowlist: { filter: { geo: 'eu', requiredOnly: true } } },
    });
    expect(eu.allowlist?.versionId).toBe(versionId);
    expect(eu.results.map((r) => r.host)).toEqual(['down.allowlist.test']);
  });

  it('stops before any probe on a service the version does not hold, naming the ones it does', async () => {
    await expect(
      te.engine.diagnostics.run({
        region: 'commercial',
        endpoints: { fromAllowlist: { versionId, filter: { services: ['Lab Inbound'] } } },
      }),
    ).rejects.toMatchObject({
      code: 'DIAG_ALLOWLIST_UNKNOWN_SERVICE',
      message: expect.stringMatching(/no outbound service named "Lab Inbound"/),
    });
  });

  it('takes the allowlist source over IPC, strictly', async () => {
    const ctx = { emit: () => undefined };
    const ok = await te.dispatcher.dispatch(
      'diagnosticsRun',
      {
        taskId: 'task-al-1',
        region: 'commercial',
        timeouts: FAST,
        endpoints: { fromAllowlist: { versionId, filter: { services: ['Lab Optional'] } } },
      },
      ctx,
    );
    expect(ok.ok && (ok.value as DiagnosticsRun).allowlist?.versionId).toBe(versionId);
    const bad = await te.dispatcher.dispatch(
      'diagnosticsRun',
      { taskId: 'task-al-2', region: 'commercial', endpoints: { fromAllowlist: { versionId, direction: 'inbound' } } },
      ctx,
    );
    expect(bad.ok).toBe(false);
  });

  it('runs from the CLI: the newest version by default, exit 1 when a required host is unreachable, exit 2 on bad input', async () => {
    const all = await cli(['--from-allowlist', '--timeout', '800', '--json']);
    expect(all.code).toBe(1);
    const parsed = JSON.parse(all.out) as DiagnosticsRun;
    expect(parsed.allowlist?.versionId).toBe(versionId);
    expect(parsed.results).toHaveLength(5);

    const optional = await cli(['--from-allowlist', String(versionId), '--service', 'Lab Control', '--geo', 'us', '--timeout', '800']);
    expect(optional.code).toBe(0);
    expect(optional.out).toContain(`Endpoints from allowlist version 2026-11-30T00:00:00Z (stored #${versionId}`);

    const missing = await cli(['--from-allowlist', '999']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no stored allowlist version 999/);
    const word = await cli(['--from-allowlist', 'latest']);
    expect(word.code).toBe(2);
    expect(word.err).toMatch(/--from-allowlist: --from-allowlist takes a stored version number/);
    const stray = await cli(['--region', 'commercial', '--required-only']);
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/--required-only filters an allowlist, but no --from-allowlist was given/);
  });
});
