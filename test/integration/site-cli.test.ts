import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../electron/cli/cli-context.ts';
import { registerAllowlistCommand } from '../../electron/cli/commands/allowlist.ts';
import { registerDiagnoseCommand } from '../../electron/cli/commands/diagnose.ts';
import { registerSiteCommand } from '../../electron/cli/commands/site.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { DiagnosticsRun } from '../../shared/schemas/diagnostics.ts';
import type { Site } from '../../shared/schemas/sites.ts';
import { startBasicAuthProxy } from '../support/basic-auth-proxy.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { closedPort } from '../support/tls-origins.ts';
import { startAllowlistFake } from '../support/allowlist-api-fake.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

/** `fieldkit site` and `--site` on diagnose and allowlist, in-process over a real engine and data folder. */

let te: TestEngine | undefined;
afterEach(() => {
  te?.close();
  te = undefined;
});

function register(program: Command, ctx: CliContext): void {
  registerSiteCommand(program, ctx);
  registerDiagnoseCommand(program, ctx);
  registerAllowlistCommand(program, ctx);
}

const fieldkit = (...argv: string[]) => runCli(register, argv, {}, te!);

function sitesFile(): { activeSiteId?: string; sites: Site[] } {
  return JSON.parse(readFileSync(join(te!.dataFolder, 'sites.json'), 'utf8')) as { activeSiteId?: string; sites: Site[] };
}

describe('fieldkit site', () => {
  it('adds, lists, shows, edits, switches and removes sites in sites.json', async () => {
    te = await startTestEngine({ vault: new MemoryVault('site-cli') });
    let r = await fieldkit('site', 'add', 'Berlin DC', '--region', 'gov', '--ccid', 'acme01', '--build', '14.1-66.12', '--notes', 'Rack 4');
    expect(r).toMatchObject({ code: 0, out: ['Added site Berlin DC.'] });
    r = await fieldkit('site', 'add', 'Tokyo', '--region', 'japan', '--console', 'console.tokyo.test');
    expect(r.code).toBe(0);

    r = await fieldkit('site', 'list');
    expect(r.out.join('\n')).toBe(
      [
        '* Berlin DC: Citrix Cloud Government (.us); CCID acme01; 14.1-66.12; onboarding not confirmed yet (no workflow chosen)',
        '  Tokyo: Japan (citrixcloud.jp); onboarding not confirmed yet (no workflow chosen)',
      ].join('\n'),
    );
    r = await fieldkit('site', 'list', '--json');
    const listed = JSON.parse(r.out[0]!) as { sites: Site[]; activeSiteId: string };
    expect(listed.sites.map((s) => s.name)).toEqual(['Berlin DC', 'Tokyo']);
    expect(listed.activeSiteId).toBe(listed.sites[0]!.id);

    r = await fieldkit('site', 'show', 'berlin dc');
    expect(r.out[0]).toContain('Berlin DC (active)');
    expect(r.out[0]).toContain('Build:        14.1-66.12: LAS-based licensing, ServiceNow Integration, Asset Delivery, Upgrade Advisory');
    expect(r.out[0]).toContain('Proxy:        none (Console goes direct)');

    // Only the flags given change; "" clears a field.
    r = await fieldkit('site', 'edit', 'Berlin DC', '--name', 'Berlin', '--ccid', '', '--service-url', 'acme.agent.adm.cloud.us');
    expect(r).toMatchObject({ code: 0, out: ['Saved site Berlin.'] });
    const berlin = sitesFile().sites.find((s) => s.name === 'Berlin')!;
    expect(berlin).toMatchObject({ region: 'gov', consoleBuild: '14.1-66.12', notes: 'Rack 4', serviceUrl: 'acme.agent.adm.cloud.us' });
    expect(berlin.ccid).toBeUndefined();

    r = await fieldkit('site', 'use', 'tokyo');
    expect(r.out).toEqual(['Tokyo is the active site.']);
    expect(sitesFile().activeSiteId).toBe(sitesFile().sites.find((s) => s.name === 'Tokyo')!.id);

    r = await fieldkit('site', 'remove', 'Tokyo');
    expect(r.out).toEqual(['Removed site Tokyo. The active site is Berlin.']);
    expect(sitesFile().sites.map((s) => s.name)).toEqual(['Berlin']);
  });

  it.each([
    [['site', 'add', 'Paris'], /No region was given/],
    [['site', 'add', 'Paris', '--region', 'mars'], /"mars" is not a region/],
    [['site', 'add', 'Paris', '--region', 'commercial', '--ccid', 'not a ccid!'], /--ccid: /],
    [['site', 'add', 'Paris', '--region', 'commercial', '--proxy-profile', 'nope'], /There is no saved proxy profile "nope"/],
    [['site', 'add', 'Berlin', '--region', 'commercial'], /A site named "Berlin" exists already/],
    [['site', 'show', 'Madrid'], /There is no site "Madrid"/],
    [['site', 'edit', 'Madrid', '--ccid', 'x1'], /There is no site "Madrid"/],
    [['site', 'use', 'Madrid'], /There is no site "Madrid"/],
    [['site', 'remove', 'Madrid'], /There is no site "Madrid"/],
    [['site', 'add', 'Paris', '--region', 'commercial', '--build', 'banana'], /"banana" is not a NetScaler Console build/],
    [['site', 'add', 'Paris', '--region', 'commercial', '--build', '14.1'], /"14.1" is not a NetScaler Console build/],
    [['site', 'edit', 'Berlin', '--build', 'banana'], /"banana" is not a NetScaler Console build/],
    [['site', 'add', 'Paris', '--region', 'japan', '--service-url', 'acme.agent.adm.cloud.com'], /does not fit the japan region/],
    [['site', 'edit', 'Berlin', '--service-url', 'acme.agent.adm.citrixcloud.jp'], /does not fit the gov region: it is a japan/],
    [['site', 'record', 'Berlin', 'connect'], /"connect" is not an action Fieldkit records/],
    [['site', 'record', 'Madrid', 'connected'], /There is no site "Madrid"/],
    [['site', 'record', 'Berlin', 'connected', '--note', 'x'.repeat(501)], /note: /],
    [['site', 'restart-onboarding', 'Madrid'], /There is no site "Madrid"/],
  ])('exits 2 on bad input and says what to do: %j', async (argv, message) => {
    te = await startTestEngine({ vault: new MemoryVault('site-cli') });
    await te.engine.sites.save({ name: 'Berlin', region: 'gov' });
    const before = readFileSync(join(te.dataFolder, 'sites.json'), 'utf8');
    const r = await fieldkit(...argv);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(message);
    expect(readFileSync(join(te.dataFolder, 'sites.json'), 'utf8')).toBe(before);
  });
});

describe('fieldkit site: onboarding from the command line', () => {
  it('records Login Successful, Modify Proxy and Disconnect, restarts the onboarding, and the status follows', async () => {
    te = await startTestEngine({ vault: new MemoryVault('site-cli') });
    expect((await fieldkit('site', 'add', 'Lab', '--region', 'Gov', '--build', 'NS14.1: Build 66.12.nc')).code).toBe(0);
    expect(sitesFile().sites[0]).toMatchObject({ region: 'gov', consoleBuild: 'NS14.1: Build 66.12.nc' });
    // The list writes the build as `site show` does.
    expect((await fieldkit('site', 'list')).out[0]).toContain('; 14.1-66.12; ');

    let show = (await fieldkit('site', 'show', 'Lab')).out[0]!;
    expect(show).toContain(
      'Onboarding:   not confirmed yet (no workflow chosen); Pending until "Login Successful" is recorded (fieldkit site record "Lab" connected)',
    );
    const [status] = await te.engine.cloudConnect.status();
    const firstEvent = te.engine.cloudConnect.events({}).at(-1);
    expect(status!.state).toBe('pending');
    // The event log and `site show` say the same thing about a site that is not confirmed.
    expect(firstEvent!.reason).toBe('Onboarding not confirmed yet: Pending until "Login Successful" is recorded');

    let r = await fieldkit('site', 'record', 'lab', 'connected', '--note', 'tenant acme');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out[0]).toMatch(/^Recorded "Login Successful" \(Console shows Connected\) on Lab\./);
    show = (await fieldkit('site', 'show', 'Lab')).out[0]!;
    expect(show).toMatch(/Onboarding: {3}connected \d{4}-/);
    expect(show).toContain('Connected ("Login Successful"): tenant acme');
    expect(sitesFile().sites[0]!.onboarding.confirmedAt).toBeDefined();

    r = await fieldkit('site', 'record', 'Lab', 'MODIFY-PROXY');
    expect(r.out[0]).toMatch(/^Recorded Modify Proxy on Lab\. The status is unchanged/);

    r = await fieldkit('site', 'record', 'Lab', 'disconnect');
    expect(r.out[0]).toContain('every Cloud Connect feature of this Console stops working');
    expect((await te.engine.cloudConnect.status())[0]!.state).toBe('disconnected');

    r = await fieldkit('site', 'restart-onboarding', 'Lab');
    expect(r.out).toEqual(['The onboarding of Lab starts again: Pending until "Login Successful" is recorded.']);
    expect((await te.engine.cloudConnect.status())[0]!.state).toBe('pending');
    expect(sitesFile().sites[0]!.onboarding.confirmedAt).toBeUndefined();
  });
});

describe('--site on diagnose and allowlist', () => {
  it("checks with the site's region, CCID, service URL and proxy; a flag given wins", async () => {
    te = await startTestEngine({ vault: new MemoryVault('site-cli') });
    const port = await closedPort();
    await te.engine.profiles.proxies.save({ id: 'px-berlin', type: 'explicit', host: '127.0.0.1', port });
    await te.engine.sites.save({
      name: 'Berlin',
      region: 'gov',
      ccid: 'acme01',
      serviceUrl: 'acme.agent.adm.cloud.us',
      proxyProfileId: 'px-berlin',
    });

    let r = await fieldkit('diagnose', '--site', 'berlin', '--timeout', '500', '--json');
    expect(r.code).toBe(1);
    let run = DiagnosticsRun.parse(JSON.parse(r.out[0]!));
    expect(run).toMatchObject({ region: 'gov', ccid: 'acme01', proxy: { host: '127.0.0.1', port } });
    expect(run.serviceUrlHost).toBe('acme.agent.adm.cloud.us');
    expect(run.results[0]!.failure?.code).toBe('proxy_unreachable');
    expect(r.err).toContain(
      'fieldkit diagnose: site Berlin: region gov, CCID acme01, service URL acme.agent.adm.cloud.us, proxy profile px-berlin.',
    );

    const direct = await closedPort();
    r = await fieldkit(
      'diagnose',
      '--site',
      'Berlin',
      '--region',
      'japan',
      '--service-url',
      '',
      '--proxy',
      `http://127.0.0.1:${direct}`,
      '--timeout',
      '500',
      '--json',
    );
    run = DiagnosticsRun.parse(JSON.parse(r.out[0]!));
    expect(run).toMatchObject({ region: 'japan', ccid: 'acme01', proxy: { port: direct } });
  });

  it('refuses an unknown site as bad input, naming --site', async () => {
    te = await startTestEngine({ vault: new MemoryVault('site-cli') });
    const r = await fieldkit('diagnose', '--site', 'Madrid');
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      'fieldkit diagnose: --site: There is no site "Madrid". List the sites with "fieldkit site list", or add this one first.',
    ]);
    const a = await fieldkit('allowlist', 'export', '--to', 'csv', '--site', 'Madrid');
    expect(a.code).toBe(2);
  });

  it("fetches the allowlist through the site's proxy with FIELDKIT_PROXY_PASSWORD when the keychain has none", async () => {
    const root = await createRootCa({ commonName: 'Fieldkit Test Public Root' });
    const leaf = await issueCertificate(root, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', '127.0.0.1'] });
    const fake = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1000 });
    const proxy = await startBasicAuthProxy('svc-fk', 'Jump-Host-Pw-7');
    try {
      te = await startTestEngine({
        vault: new MemoryVault('site-cli'),
        allowlistOverrides: { connection: { extraTrustAnchors: [root.certPem], includeSystemTrust: false, env: {} } },
      });
      await te.engine.profiles.proxies.save({ id: 'corp', type: 'explicit', host: '127.0.0.1', port: proxy.port, username: 'svc-fk' });
      await te.engine.sites.save({ name: 'Berlin', region: 'commercial', ccid: 'acme01', proxyProfileId: 'corp' });
      const r = await runCli(
        register,
        ['allowlist', 'fetch', '--site', 'Berlin', '--base-url', fake.baseUrl, '--json'],
        { FIELDKIT_PROXY_PASSWORD: 'Jump-Host-Pw-7' },
        te,
      );
      expect(r.code).toBe(0);
      expect(proxy.tunnels).toHaveLength(1);
      expect(proxy.refused).toBe(0);
    } finally {
      await proxy.close();
      await fake.close();
    }
  });

  it("fetches the allowlist with the site's CCID; --customer-id wins", async () => {
    const root = await createRootCa({ commonName: 'Fieldkit Test Public Root' });
    const leaf = await issueCertificate(root, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', '127.0.0.1'] });
    const fake = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1000 });
    try {
      te = await startTestEngine({
        vault: new MemoryVault('site-cli'),
        allowlistOverrides: { connection: { extraTrustAnchors: [root.certPem], includeSystemTrust: false, env: {} } },
      });
      await te.engine.sites.save({ name: 'Berlin', region: 'commercial', ccid: 'acme01' });
      let r = await fieldkit('allowlist', 'fetch', '--site', 'Berlin', '--base-url', fake.baseUrl, '--json');
      expect(r.code).toBe(0);
      expect(fake.requests.at(-1)!.query.customerId).toBe('acme01');
      expect(r.err).toContain('note: site Berlin: region commercial, CCID acme01.');
      r = await fieldkit(
        'allowlist',
        'fetch',
        '--site',
        'Berlin',
        '--customer-id',
        'other02',
        '--base-url',
        fake.baseUrl,
        '--force',
        '--json',
      );
      expect(r.code).toBe(0);
      expect(fake.requests.at(-1)!.query.customerId).toBe('other02');
    } finally {
      await fake.close();
    }
  });
});
