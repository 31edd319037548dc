import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCloudConnectCommand } from '../../electron/cli/commands/cloudconnect.ts';
import { NETWORK_ACTIONS, WORKS_OFFLINE } from '../../shared/network-actions.ts';
import { loadEndpointCatalog } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import { allMigrations } from '../../electron/services/migrations.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { runCli } from '../support/cli-runner.ts';
import { cutNetwork, type CutNetwork } from '../support/no-network.ts';
import { removePackFolders, tempFolder } from '../support/site-pack-fixtures.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/**
 * A field engineer's desk with no network at all: every name lookup fails as it does with no DNS server in reach.
 * Everything that does not need the customer's network works through the channels the window uses; each action
 * that needs it fails with its real failure and says the network is unreachable from here and what still works.
 */

const ctx = { emit: () => {} };
const OFFLINE = /The network is unreachable from here/;
const APPLIANCE = 'adc1.customer.test';

let te: TestEngine;
let network: CutNetwork;
let files: { cert: string; key: string; chain: string };

async function call<T>(channel: string, input: unknown): Promise<T> {
  const answer = (await te.dispatcher.dispatch(channel, input, ctx)) as
    { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

async function failure(channel: string, input: unknown): Promise<{ code: string; message: string; hint?: string }> {
  const answer = (await te.dispatcher.dispatch(channel, input, ctx)) as
    { ok: true } | { ok: false; error: { code: string; message: string; hint?: string } };
  if (answer.ok) throw new Error(`${channel} succeeded with no network`);
  return answer.error;
}

beforeAll(async () => {
  const folder = tempFolder('fieldkit-offline-');
  const root = await createRootCa({ commonName: 'Offline Test Root' });
  const leaf = await issueCertificate(root, { commonName: 'www.customer.test', altNames: ['www.customer.test'] });
  files = { cert: join(folder, 'cert.pem'), key: join(folder, 'key.pem'), chain: join(folder, 'chain.pem') };
  writeFileSync(files.cert, leaf.certPem);
  writeFileSync(files.key, leaf.keyPem);
  writeFileSync(files.chain, root.certPem);
  te = await startTestEngine({ vault: new MemoryVault('offline'), migrations: allMigrations });
  network = cutNetwork();
});
afterAll(() => {
  network?.restore();
  te?.close();
  removePackFolders();
});

describe('with no network at all', () => {
  it('keeps sites, proxy and appliance profiles, bundles and their validation, syncs, channels and site packs', async () => {
    const proxy = await call<{ profile: { id: string } }>('proxyProfileSave', {
      profile: { id: 'proxy-customer', name: 'Customer proxy', type: 'explicit', host: 'proxy.customer.test', port: 3128, username: 'svc' },
      password: 'proxy-pw-offline-1',
    });
    await call('applianceProfileSave', {
      profile: {
        id: 'adc1',
        name: 'ADC 1',
        host: APPLIANCE,
        port: 443,
        username: 'nsroot',
        trust: { mode: 'pinned', fingerprint256: 'AB'.repeat(32) },
      },
      password: 'adc-pw-offline-1',
    });
    const site = await call<{ id: string }>('siteSave', {
      name: 'Customer HQ',
      region: 'commercial',
      ccid: 'customer42',
      proxyProfileId: proxy.profile.id,
      consoleBuild: '14.1-66.54',
      notes: 'Visit on Tuesday',
    });
    await call('siteChooseWorkflow', { siteId: site.id, workflow: 3 });
    const sites = await call<{ sites: Array<{ name: string }> }>('sitesList', undefined);
    expect(sites.sites.map((s) => s.name)).toEqual(['Customer HQ']);

    // A bundle chosen in the window: granted, loaded and validated, all on this computer.
    const granted = { cert: te.engine.grantFile(files.cert), key: te.engine.grantFile(files.key), chain: te.engine.grantFile(files.chain) };
    const bundle = await call<{ bundleId: string; report: { ok: boolean; leaf?: { subject: string } } }>('bundleLoad', {
      files: { cert: { token: granted.cert.token }, key: { token: granted.key.token }, chain: { token: granted.chain.token } },
    });
    expect(bundle.report.ok).toBe(true);
    expect(bundle.report.leaf?.subject).toContain('www.customer.test');

    await te.engine.syncs.save({
      name: 'web',
      source: { kind: 'pem', cert: { path: files.cert }, key: { path: files.key }, chain: { path: files.chain } },
      destinations: [{ applianceId: 'adc1' }],
      vservers: [{ name: 'vs_web', sni: false }],
    });
    expect((await call<Array<{ name: string }>>('syncsList', undefined)).map((s) => s.name)).toEqual(['web']);

    await te.engine.notifications.save({
      channel: { kind: 'slack', name: 'Ops', enabled: true, cloudConnectStatus: true },
      secret: 'https://hooks.slack.com/services/T000/B000/OfflineTest1',
    });

    const pack = join(tempFolder('fieldkit-offline-pack-'), 'customer.fieldkit');
    const exported = await te.engine.packs.export({
      siteIds: ['Customer HQ'],
      syncIds: ['web'],
      channelIds: ['Ops'],
      include: { secrets: false, privateKeys: false, allowlistVersions: true },
      path: pack,
    });
    expect(exported.holds).toMatchObject({ sites: ['Customer HQ'], proxies: 1, appliances: 1, syncs: 1, channels: 1 });
    expect((await te.engine.packs.inspect({ path: pack })).secrets).toBe('none');

    const support = await te.engine.support.createBundle({ path: join(tempFolder('fieldkit-offline-support-'), 'support.zip') });
    expect(support).toBeDefined();
  });

  it('advises on the Console build, lists the endpoint catalog and exports the stored allowlist baseline', async () => {
    const advice = await runCli(registerCloudConnectCommand, ['cloudconnect', 'features', '14.1-66.54'], {}, te);
    expect(advice.code).toBe(0);
    expect(advice.out.join('\n')).toContain('Upgrade Advisory');
    const catalog = loadEndpointCatalog();
    expect(catalog.endpoints.some((e) => e.region === 'commercial')).toBe(true);

    const versions = await call<{ versions: Array<{ source: string }>; current?: unknown }>('allowlistVersions', undefined);
    expect(versions.versions.map((v) => v.source)).toContain('baseline');
    const csv = te.engine.allowlist.export({ kind: 'csv' });
    expect(csv.content.split('\n').length).toBeGreaterThan(2);
    const pac = te.engine.allowlist.export({ kind: 'pac', proxy: { host: 'proxy.customer.test', port: 3128 } });
    expect(pac.content).toContain('FindProxyForURL');
    const preview = await call<{ totalLines: number }>('allowlistExportPreview', { kind: 'fqdn' });
    expect(preview.totalLines).toBeGreaterThan(0);
    // The catalog, the baseline and the advisor come from files in the app, not from the network.
    expect(network.lookups).toEqual([]);
  });

  it('Check Connectivity says the network is unreachable from here, first, and keeps each endpoint failure', async () => {
    const run = await call<{
      summary: { headline: string; nextSteps: Array<{ code: string; text: string }> };
      results: Array<{ verdict: string; failure?: { code: string } }>;
    }>('diagnosticsRun', { taskId: 'offline-check', region: 'commercial' });
    expect(run.summary.headline).toContain('the network is unreachable from here');
    expect(run.summary.nextSteps[0]).toMatchObject({ code: 'network-unreachable' });
    expect(run.summary.nextSteps[0]!.text).toContain(WORKS_OFFLINE);
    expect(run.results.every((r) => r.verdict === 'not-reachable' && r.failure?.code.startsWith('dns_'))).toBe(true);
  });

  it('Refresh Cloud Connect Status leaves the site as it was and says why', async () => {
    const [site] = await te.engine.sites.list();
    const [before] = await te.engine.cloudConnect.status({ site: site!.id });
    const [status] = await call<Array<{ state: string; lastRefresh?: { error?: string } }>>('cloudConnectRefresh', {
      taskId: 'offline-refresh',
      siteId: site!.id,
    });
    expect(status!.lastRefresh?.error).toMatch(/network is unreachable from here/);
    expect(status!.state).toBe(before!.state);
  });

  it('Test proxy, allowlist Fetch and Send test fail with the real failure and the words for no network', async () => {
    const proxyTest = await call<{ ok: boolean; summary: string }>('proxyTest', { proxyProfileId: 'proxy-customer' });
    expect(proxyTest.ok).toBe(false);
    expect(proxyTest.summary).toMatch(OFFLINE);
    expect(proxyTest.summary).toContain(NETWORK_ACTIONS.proxyTest.label);

    const fetch = await failure('allowlistFetch', { taskId: 'offline-fetch', query: { customerId: 'customer42' } });
    expect(fetch.code).toBe('ALLOWLIST_UNREACHABLE');
    expect(fetch.message).toMatch(/DNS|api\.cloud\.com/);
    expect(fetch.hint).toMatch(OFFLINE);
    expect(fetch.hint).toContain(WORKS_OFFLINE);

    const ops = await te.engine.notifications.channel('Ops');
    const sent = await call<{ ok: boolean; answer: string }>('notifyChannelTest', { id: ops.channel.id });
    expect(sent.ok).toBe(false);
    expect(sent.answer).toMatch(/hooks\.slack\.com/);
    expect(sent.answer).toMatch(OFFLINE);
  });

  it('certificate work against the appliance (inventory, plan, the Ansible export of a plan) says it needs the appliance', async () => {
    const inventory = await failure('certInventory', { applianceId: 'adc1' });
    expect(inventory).toMatchObject({ code: 'APPLIANCE_UNREACHABLE' });
    expect(inventory.message).toContain(APPLIANCE);
    expect(inventory.hint).toMatch(OFFLINE);
    expect(inventory.hint).toContain("needs the appliance's network");

    const bundle = await te.engine.certificates.loadBundle({
      files: { cert: { path: files.cert }, key: { path: files.key }, chain: { path: files.chain } },
    });
    const [plan] = await te.engine.certificates.plan({
      bundleId: bundle.bundleId,
      appliances: [{ profileId: 'adc1' }],
      options: { vservers: [{ name: 'vs_web', sni: false }] },
    });
    expect(plan && 'error' in plan ? plan.error.hint : undefined).toMatch(OFFLINE);
  });
});
