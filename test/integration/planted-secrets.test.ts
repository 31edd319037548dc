import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run-cli.ts';
import type { HandlerContext } from '../../electron/services/ipc/dispatch.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { CHANNEL_NAMES } from '../../shared/ipc-channels.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, profileFor, seedCertkey, startSim, type CertWorld } from '../support/cert-push-fixtures.ts';
import { catalogHosts } from '../support/diagnostics-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';
import {
  receiverPki,
  startPagerDutyReceiver,
  startServiceNowReceiver,
  startSlackReceiver,
  type PagerDutyReceiver,
  type ServiceNowReceiver,
  type SlackReceiver,
} from '../support/notification-receivers.ts';
import { statusNotification } from '../support/notification-fixtures.ts';
import { unzipFile } from '../support/unzip-file.ts';

/**
 * One distinctive value in every kind of secret; a proxy and an appliance that
 * echo them back; every command and channel exercised; then every output and
 * the data folder searched. Nothing may be found, in any usual encoding.
 */
const PROXY_USER = 'alice';
const PLANTED = {
  proxyPassword: 'PlantProxy-7Qz!x9',
  appliancePassword: 'PlantAdc-4Wr%k2',
  pfxPassphrase: 'PlantPfx-3Jm/v8',
  keyPassphrase: 'PlantKey-5Hs&t1',
  webhookUrl: 'https://hooks.example.test/services/PlantHook-2Tb9n',
  packPassphrase: 'PlantPack-6Lq#w4 long enough',
};

/** The forms a secret could be found in: as is, base64 (alone and in a Basic header) and URL-encoded. */
function needles(privateKeyPems: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries({ ...PLANTED, ...NOTIFY_PLANTED })) {
    out.push(
      [name, value],
      [`${name} (base64)`, Buffer.from(value).toString('base64')],
      [`${name} (URL-encoded)`, encodeURIComponent(value)],
    );
  }
  out.push(['proxy Basic credentials', Buffer.from(`${PROXY_USER}:${PLANTED.proxyPassword}`).toString('base64')]);
  out.push(['appliance credentials (base64)', Buffer.from(`nsroot:${PLANTED.appliancePassword}`).toString('base64')]);
  // Any line of a private key's PEM body is the key.
  for (const pem of privateKeyPems) {
    for (const line of pem.split('\n').filter((l) => l.length >= 32 && !l.startsWith('-----'))) out.push(['private key', line]);
  }
  return out;
}

/** An HTTP proxy that refuses every CONNECT and quotes the credentials it was sent, in every header a proxy's answer is read for. */
async function startEchoProxy(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(400).end());
  server.on('connect', (req, socket: Socket) => {
    const auth = req.headers['proxy-authorization'] ?? 'none';
    const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8');
    const status = auth === 'none' ? '407 Proxy Authentication Required' : `403 Forbidden for ${auth}`;
    socket.end(
      `HTTP/1.1 ${status}\r\nProxy-Authenticate: Basic realm="${decoded}"\r\nServer: echo ${decoded}\r\nVia: 1.1 ${auth}\r\n` +
        `X-Squid-Error: ERR_ACCESS_DENIED ${decoded} ${encodeURIComponent(decoded)}\r\nProxy-Status: echo; details="${auth}"\r\nContent-Length: ${decoded.length}\r\n\r\n${decoded}`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${PROXY_USER}@127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The NITRO errors an appliance could answer with, quoting the login it was sent. */
function echoing(what: string): { status: number; errorcode: number; message: string } {
  const pw = PLANTED.appliancePassword;
  return {
    status: 599,
    errorcode: 1067,
    message: `${what} failed for nsroot/${pw} (${Buffer.from(`nsroot:${pw}`).toString('base64')}, ${encodeURIComponent(pw)})`,
  };
}

const logs: string[] = [];
const outputs: Array<[string, string]> = [];
const record = (where: string, value: unknown) => outputs.push([where, typeof value === 'string' ? value : JSON.stringify(value)]);

let w: CertWorld;
let te: TestEngine;
let cliHome: string;
let dir: string;
let sim: NitroSimulator;
let proxy: Awaited<ReturnType<typeof startEchoProxy>>;
let slack: SlackReceiver;
let pd: PagerDutyReceiver;
let sn: ServiceNowReceiver;
/** Made by the receivers (a webhook URL with its token, a routing key, a ServiceNow password), planted like the others. */
const NOTIFY_PLANTED: Record<string, string> = {};
const keyPems: string[] = [];
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  w = await certWorld();
  dir = mkdtempSync(join(tmpdir(), 'fk-planted-'));
  cliHome = mkdtempSync(join(tmpdir(), 'fk-planted-home-'));
  // A key encrypted with the key passphrase, and a PFX with the PFX passphrase.
  const encryptedKey = createPrivateKey(w.renewed.keyPem).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: PLANTED.keyPassphrase,
  }) as string;
  writeFileSync(file('cert.pem'), w.renewed.certPem);
  writeFileSync(file('key.pem'), encryptedKey);
  writeFileSync(file('chain.pem'), w.inter.certPem + w.interHigh.certPem + w.root.certPem);
  writeFileSync(file('mgmt-ca.pem'), w.mgmtCa.certPem);
  const rsaRoot = await createRootCa({ commonName: 'Fieldkit Planted RSA Root', keyType: 'rsa' });
  const rsaLeaf = await issueCertificate(rsaRoot, { commonName: 'www.example.test', altNames: ['www.example.test'], keyType: 'rsa' });
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(rsaLeaf.keyPem),
    [forge.pki.certificateFromPem(rsaLeaf.certPem), forge.pki.certificateFromPem(rsaRoot.certPem)],
    PLANTED.pfxPassphrase,
    { algorithm: 'aes256' },
  );
  writeFileSync(file('bundle.pfx'), Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  // Both keys in the forms Fieldkit could hold them: as loaded and as re-exported.
  for (const pem of [w.renewed.keyPem, rsaLeaf.keyPem]) {
    keyPems.push(pem, createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }) as string);
    keyPems.push(createPrivateKey(pem).export({ type: 'pkcs1', format: 'pem' }) as string);
  }

  proxy = await startEchoProxy();
  [slack, pd, sn] = await Promise.all([startSlackReceiver(), startPagerDutyReceiver(), startServiceNowReceiver()]);
  NOTIFY_PLANTED['slackWebhookUrl'] = slack.webhookUrl;
  NOTIFY_PLANTED['slackToken'] = new URL(slack.webhookUrl).pathname.split('/').at(-1)!;
  NOTIFY_PLANTED['pagerDutyRoutingKey'] = pd.routingKey;
  NOTIFY_PLANTED['serviceNowPassword'] = sn.password;
  const { caPem: receiversCa } = await receiverPki();
  sim = await startSim({
    name: 'adc-1',
    vservers: [{ name: 'vs1' }],
    users: [{ username: 'nsroot', password: PLANTED.appliancePassword }],
  });
  seedCertkey(sim, 'web', w.leaf, { withKey: true });
  sim.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'web' }));
  te = await startTestEngine({
    // The app's save dialog for an export: a new folder each time.
    shell: {
      chooseExportFolder: () => Promise.resolve(join(dir, 'exports', `app-${++appExports}`)),
      chooseSaveFile: ({ defaultName }) => Promise.resolve(join(dir, `app-${++appExports}-${defaultName}`)),
    },
    vault: new MemoryVault('planted'),
    logSink: (l) => logs.push(l.msg),
    diagnosticsOverrides: { resolverOverrides: Object.fromEntries(catalogHosts('commercial').map((h) => [h, '127.0.0.1'])) },
    notifications: {
      overrides: {
        connection: { extraTrustAnchors: [receiversCa], includeSystemTrust: false },
        pagerDutyUrl: pd.eventsUrl,
        timeoutMs: 5000,
      },
    },
  });
});

afterAll(async () => {
  te?.close();
  await sim?.close();
  await proxy?.close();
  await Promise.all([slack, pd, sn].map((r) => r?.close()));
  for (const d of [dir, cliHome]) if (d) rmSync(d, { recursive: true, force: true });
});

let appExports = 0;

async function cli(argv: string[], opts: { ownEngine?: boolean } = {}): Promise<void> {
  const env = {
    FIELDKIT_PROXY_PASSWORD: PLANTED.proxyPassword,
    FIELDKIT_APPLIANCE_PASSWORD: PLANTED.appliancePassword,
    FIELDKIT_PFX_PASSPHRASE: PLANTED.pfxPassphrase,
    FIELDKIT_KEY_PASSPHRASE: PLANTED.keyPassphrase,
    FIELDKIT_PACK_PASSPHRASE: PLANTED.packPassphrase,
    ...(opts.ownEngine ? { FIELDKIT_HOME: cliHome, FIELDKIT_VAULT: 'memory' } : {}),
  };
  const io = {
    out: (t: string) => record(`cli stdout: ${argv.join(' ')}`, t),
    err: (t: string) => record(`cli stderr: ${argv.join(' ')}`, t),
  };
  await runCli({ argv, env, io, version: '0.0.0-test', ...(opts.ownEngine ? {} : { engine: () => Promise.resolve(te.engine) }) });
}

async function ipc(channel: string, input: unknown): Promise<unknown> {
  const ctx: HandlerContext = { emit: (event, payload) => record(`ipc event ${event} (${channel})`, payload) };
  const r = await te.dispatcher.dispatch(channel, input, ctx);
  record(`ipc ${channel}`, r);
  return r;
}

function dataFolderFiles(root: string): Array<[string, string]> {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((rel) => join(root, rel))
    .filter((p) => statSync(p).isFile())
    .map((p) => [`file ${p}`, readFileSync(p).toString('latin1')]);
}

describe('planted secrets', () => {
  it('are found in no output, event, export, history row, log or data file', { timeout: 30_000 }, async () => {
    const appliance = ['--appliance', sim.url, '--user', 'nsroot', '--ca', file('mgmt-ca.pem'), '--timeout', '5'];
    const pem = ['--cert', file('cert.pem'), '--key', file('key.pem'), '--chain', file('chain.pem')];
    const pfx = ['--pfx', file('bundle.pfx')];
    const resolve = catalogHosts('commercial').flatMap((h) => ['--resolve', `${h}=127.0.0.1`]);

    // Debug lines too from here on, so the log files searched below hold every call.
    await ipc('logLevelGet', undefined);
    await ipc('logLevelSet', { level: 'debug' });
    // The app: profiles with passwords, a check through the echoing proxy, its exports, the secrets page.
    await ipc('secretSave', { ref: { kind: 'notification-secret', profileId: 'alerts' }, value: PLANTED.webhookUrl });
    await ipc('secretSave', { ref: { kind: 'pfx-passphrase', profileId: 'site' }, value: PLANTED.pfxPassphrase });
    await ipc('secretStatus', { ref: { kind: 'notification-secret', profileId: 'alerts' } });
    const proxyUrl = new URL(proxy.url);
    await ipc('proxyProfileSave', {
      profile: { id: 'echo', type: 'explicit', host: proxyUrl.hostname, port: Number(proxyUrl.port), username: PROXY_USER },
      password: PLANTED.proxyPassword,
    });
    await ipc('proxyProfilesList', undefined);
    await ipc('proxyTest', { proxyProfileId: 'echo', region: 'commercial' });
    await ipc('caFileRead', { file: { token: te.engine.grantFile(file('chain.pem')).token } });
    const run = (await ipc('diagnosticsRun', {
      taskId: 'task-planted-1',
      region: 'commercial',
      proxyProfileId: 'echo',
      timeouts: { connectMs: 2000, tlsMs: 2000, httpMs: 2000, dnsMs: 2000 },
    })) as { ok: boolean; value: { id: string; results: Array<{ endpointId: string }> } };
    expect(run.ok).toBe(true);
    await ipc('diagnosticsRerunEndpoint', { taskId: 'task-planted-2', runId: run.value.id, endpointId: run.value.results[0]!.endpointId });
    await ipc('diagnosticsHistory', undefined);
    await ipc('diagnosticsGet', { runId: run.value.id });
    for (const format of ['html', 'json']) {
      await ipc('diagnosticsExport', { runId: run.value.id, format });
      await ipc('diagnosticsExport', { runId: run.value.id, format, options: { keepProxyUsername: true } });
    }

    // Cloud Connect status: a site behind the echoing proxy, refreshed from the window and from the CLI in every format.
    const site = await te.engine.sites.save({ name: 'Planted site', region: 'commercial', proxyProfileId: 'echo' });
    await te.engine.sites.recordAction(site.id, { kind: 'connected' });
    await ipc('cloudConnectRefresh', { taskId: 'task-planted-7', siteId: site.id });
    await ipc('cloudConnectStatus', { siteId: site.id });
    await ipc('cloudConnectEvents', { siteId: site.id });
    for (const format of ['text', 'json', 'nagios', 'prometheus']) await cli(['cloudconnect', 'status', '--format', format]);
    // The proxy's refusals, quoting the credentials, did reach the status.
    expect(outputs.find(([where]) => where === 'cli stdout: cloudconnect status --format nagios')?.[1]).toMatch(
      /^CLOUDCONNECT CRITICAL - /,
    );

    await ipc('applianceProfileSave', { profile: await profileFor(sim, { id: 'adc-1' }), password: PLANTED.appliancePassword });
    sim.faults.fail({ resource: 'login' }, echoing('login'), 1);
    await ipc('applianceTestConnection', { applianceId: 'adc-1' });
    await ipc('applianceTestConnection', { applianceId: 'adc-1' });
    const loaded = (await ipc('bundleLoad', {
      files: {
        cert: { token: te.engine.grantFile(file('cert.pem')).token },
        key: { token: te.engine.grantFile(file('key.pem')).token },
        chain: { token: te.engine.grantFile(file('chain.pem')).token },
      },
      passphrase: PLANTED.keyPassphrase,
    })) as { ok: boolean; value: { bundleId: string } };
    expect(loaded.ok).toBe(true);
    const push = { bundleId: loaded.value.bundleId, applianceIds: ['adc-1'], options: { vservers: [{ name: 'vs1' }] } };
    sim.faults.fail({ resource: 'login' }, echoing('login'), 1);
    await ipc('certPlan', push);
    await ipc('certPlan', push);
    await ipc('certExportAnsible', push);
    sim.faults.fail({ method: 'PUT', resource: 'sslvserver_sslcertkey_binding' }, echoing('binding'), 1);
    await ipc('certPush', { ...push, taskId: 'task-planted-3' });
    sim.faults.fail({ method: 'GET', resource: 'sslcertkey' }, echoing('read'), 1);
    await ipc('certInventory', { applianceId: 'adc-1' });
    await ipc('certInventory', { applianceId: 'adc-1' });
    await ipc('certRemove', { applianceId: 'adc-1', options: { certkeys: ['web'] }, dryRun: true });
    await ipc('certHistory', undefined);
    await ipc('certExpiry', { within: 30 });
    await ipc('certVerify', { applianceId: 'adc-1', vservers: ['vs1'], serverName: 'www.example.test' });
    // A saved sync: its PFX passphrase goes to the keychain; its runs to the history and the CLI's output.
    const sync = (await ipc('syncSave', {
      name: 'site',
      source: { kind: 'pfx', pfx: { token: te.engine.grantFile(file('bundle.pfx')).token } },
      destinations: [{ applianceId: 'adc-1' }],
      vservers: [{ name: 'vs1', sni: false }],
      options: { preserve: true, removeExpired: true },
      passphrase: PLANTED.pfxPassphrase,
    })) as { ok: boolean; value: { id: string } };
    expect(sync.ok).toBe(true);
    sim.faults.fail({ resource: 'login' }, echoing('login'), 1);
    await ipc('syncRun', { taskId: 'task-planted-4', id: sync.value.id });
    await ipc('syncRun', { taskId: 'task-planted-5', id: sync.value.id, force: true });
    await ipc('syncsList', undefined);
    for (const json of [[], ['--json']]) {
      await cli(['cert', 'sync', 'list', ...json]);
      await cli(['cert', 'sync', 'show', 'site', ...json]);
      await cli(['cert', 'sync', 'run', 'site', '--force', ...json]);
    }
    await ipc('syncDelete', { id: sync.value.id });
    // The rest of the contract, so no channel is left unsearched.
    await ipc('diagnosticsCompare', { beforeRunId: run.value.id, afterRunId: run.value.id });
    await ipc('applianceFetchCertificate', { host: new URL(sim.url).hostname, port: Number(new URL(sim.url).port) });
    await ipc('applianceProfilesList', undefined);
    for (const channel of ['appInfo', 'vaultStatus', 'settingsGet', 'storageNotices']) await ipc(channel, undefined);
    await ipc('settingsUpdate', { patch: { appearance: { theme: 'dark' } } });
    await ipc('taskCancel', { taskId: 'task-planted-1' });
    await ipc('openFileDialog', { title: 'Certificate' });
    // The allowlist: a fetch through the echoing proxy (refused, its error searched), the baseline's views and exports.
    await ipc('allowlistFetch', {
      taskId: 'task-planted-6',
      query: { format: 'zscaler' },
      baseUrl: 'https://allowlist.example.test/connectivity',
      proxyProfileId: 'echo',
    });
    const versions = (await ipc('allowlistVersions', undefined)) as { ok: boolean; value: { versions: Array<{ id: number }> } };
    expect(versions.ok).toBe(true);
    const versionId = versions.value.versions[0]!.id;
    await ipc('allowlistDocument', { versionId });
    await ipc('allowlistDiff', { from: versionId, to: versionId });
    const pac = { versionId, kind: 'pac', pacProxy: { host: proxyUrl.hostname, port: Number(proxyUrl.port) } };
    await ipc('allowlistExportPreview', pac);
    await ipc('allowlistExportSave', pac);
    await ipc('allowlistExportSave', { versionId, kind: 'csv' });
    // Sites: one whose Console goes through the echoing proxy, its onboarding and a recorded action.
    const savedSite = (await ipc('siteSave', { name: 'Berlin DC', region: 'gov', ccid: 'acme', proxyProfileId: 'echo' })) as {
      ok: boolean;
      value: { id: string };
    };
    expect(savedSite.ok).toBe(true);
    const siteId = savedSite.value.id;
    await ipc('sitesList', undefined);
    await ipc('siteSetActive', { siteId });
    await ipc('siteChooseWorkflow', { siteId, workflow: 2 });
    await ipc('siteTick', { siteId, list: 'prerequisites', id: 'endpoints-reachable', done: true });
    await ipc('siteRecordAction', { siteId, kind: 'connected' });
    await ipc('siteRestartOnboarding', { siteId });
    for (const json of [[], ['--json']]) await cli(['site', 'list', ...json]);
    await cli(['site', 'show', 'Berlin DC']);
    await ipc('siteDelete', { siteId });
    // A dropped file: the preload sends its path, the window gets a token and the name.
    await ipc('grantDroppedFile', { path: file('cert.pem') });

    // The CLI, text and --json, through the same echoing proxy and appliance.
    for (const json of [[], ['--json']]) {
      await cli(['diagnose', '--region', 'commercial', '--proxy', proxy.url, '--timeout', '2000', ...resolve, ...json]);
      sim.faults.fail({ resource: 'login' }, echoing('login'), 1);
      await cli(['cert', 'plan', ...appliance, ...pem, '--vserver', 'vs1', ...json]);
      await cli(['cert', 'plan', ...appliance, ...pfx, '--vserver', 'vs1', ...json]);
      // The PFX's certificate names fewer hosts than the certkey on vs1: a new certkey, not a renewal of that one.
      for (const [name, bundle] of [
        ['pem', pem],
        ['pfx', [...pfx, '--no-preserve']],
      ] as const) {
        const out = join(dir, 'exports', `cli-${name}${json.length}`);
        await cli(['cert', 'plan', ...appliance, ...bundle, '--vserver', 'vs1', '--format', 'ansible', '--out', out, ...json]);
      }
      sim.faults.fail({ method: 'PUT', resource: 'sslvserver_sslcertkey_binding' }, echoing('binding'), 1);
      await cli(['cert', 'push', ...appliance, ...pem, '--vserver', 'vs1', ...json]);
      sim.faults.fail({ method: 'POST', resource: 'systemfile' }, echoing('upload'), 1);
      await cli(['cert', 'push', ...appliance, ...pfx, '--vserver', 'vs1', ...json]);
      sim.faults.fail({ method: 'GET', resource: 'sslcertkey' }, echoing('read'), 1);
      await cli(['cert', 'inventory', ...appliance, ...json]);
      await cli(['cert', 'inventory', ...appliance, ...json]);
      await cli(['cert', 'remove', ...appliance, '--certkey', 'web', '--dry-run', ...json]);
      await cli(['secret', 'status', 'notification-secret', 'alerts', ...json]);
      await cli(['info', ...json]);
    }
    // A password typed into --proxy, in a URL malformed in several ways; and the CLI's own engine and data folder.
    for (const bad of [
      `http://${PROXY_USER}:${PLANTED.proxyPassword}@127.0.0.1:1`,
      `http://${PROXY_USER}:${PLANTED.proxyPassword}@bad host`,
    ]) {
      await cli(['diagnose', '--region', 'commercial', '--proxy', bad]);
      await cli(['diagnose', '--region', 'commercial', '--proxy', bad], { ownEngine: true });
    }
    // A top-level error quoting an appliance address the password was typed into.
    await cli([
      'cert',
      'inventory',
      '--appliance',
      `https://nsroot:${PLANTED.appliancePassword}@bad host`,
      '--user',
      'nsroot',
      '--pin',
      'AB'.repeat(32),
    ]);
    await cli(['info', '--json'], { ownEngine: true });
    await cli(['cert', 'inventory', ...appliance], { ownEngine: true });

    // Notification channels: every vendor quotes the secret back in its refusal, in a test and through the outbox.
    const echoSlack = () => slack.failNext({ status: 400, body: `invalid_payload ${new URL(slack.webhookUrl).pathname}` });
    const echoPd = () =>
      pd.failNext({
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'invalid event', message: `Invalid routing key ${pd.routingKey}`, errors: [pd.routingKey] }),
      });
    const echoSn = () =>
      sn.failNext({
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: {
            message: 'User Not Authenticated',
            detail: `${sn.username}/${sn.password} ${Buffer.from(`${sn.username}:${sn.password}`).toString('base64')}`,
          },
          status: 'failure',
        }),
      });
    const saved = (r: unknown) => (r as { value: { channel: { id: string } } }).value.channel.id;
    const channelIds = [
      saved(
        await ipc('notifyChannelSave', {
          channel: { kind: 'slack', name: 'Planted Slack', enabled: true, cloudConnectStatus: true },
          secret: slack.webhookUrl,
        }),
      ),
      saved(
        await ipc('notifyChannelSave', {
          channel: { kind: 'pagerduty', name: 'Planted PD', enabled: true, cloudConnectStatus: true },
          secret: pd.routingKey,
        }),
      ),
      saved(
        await ipc('notifyChannelSave', {
          channel: {
            kind: 'servicenow',
            name: 'Planted SN',
            enabled: true,
            cloudConnectStatus: true,
            instanceUrl: sn.instanceUrl,
            username: sn.username,
          },
          secret: sn.password,
        }),
      ),
    ];
    await ipc('notifyChannelsList', undefined);
    echoSlack();
    echoPd();
    echoSn();
    for (const id of channelIds) await ipc('notifyChannelTest', { id });
    echoSlack();
    echoPd();
    echoSn();
    await te.engine.notifications.enqueue(statusNotification('problem', { at: new Date().toISOString() }));
    await te.engine.notifications.deliverDue();
    await ipc('notifyOutbox', { statuses: ['failed', 'given-up'] });
    await ipc('openedSitePacks', {});
    echoSlack();
    await cli(['notify', 'test', 'Planted Slack', '--json']);
    await cli(['notify', 'channels', '--json']);
    await cli(['notify', 'outbox', '--json']);
    await cli(['notify', 'outbox']);
    expect(slack.received.filter((r) => r.problem?.startsWith('scripted')).length).toBe(3);
    expect(sn.received.filter((r) => r.problem?.startsWith('scripted')).length).toBe(2);

    // Support bundles from the window and the CLI, while every secret above is still saved; unzipped and searched below.
    await ipc('supportPreview', undefined);
    const bundle = (await ipc('supportBundleSave', undefined)) as { ok: boolean; value: { bundle: { fileName: string } } };
    expect(bundle.ok).toBe(true);
    await cli(['support', 'preview']);
    await cli(['--verbose', 'support', 'bundle', '--out', join(dir, 'cli-support.zip'), '--json']);
    const bundles: Array<[string, string]> = [];
    for (const zip of [join(dir, bundle.value.bundle.fileName), join(dir, 'cli-support.zip')]) {
      for (const [name, data] of await unzipFile(zip)) bundles.push([`support bundle ${zip}: ${name}`, data.toString('utf8')]);
    }
    expect(bundles.length).toBeGreaterThan(20);
    // Site packs: without secrets and sealed, through the app's channels and the CLI; inspected, previewed and imported back.
    const packInput = { siteIds: [site.id], applianceIds: ['adc-1'], channelIds };
    await ipc('packChoices', undefined);
    await ipc('packExportSave', { ...packInput, include: { privateKeys: true, secrets: false, allowlistVersions: true } });
    await ipc('packExportSave', {
      ...packInput,
      include: { privateKeys: true, secrets: true, allowlistVersions: true },
      passphrase: PLANTED.packPassphrase,
    });
    const packs = readdirSync(dir).filter((f) => f.endsWith('.fieldkit'));
    expect(packs).toHaveLength(2);
    for (const pack of packs) {
      const file = { token: te.engine.grantFile(join(dir, pack)).token };
      await ipc('packInspect', { file, passphrase: PLANTED.packPassphrase });
      await ipc('packPreviewImport', { file, passphrase: PLANTED.packPassphrase });
      expect(await ipc('packImport', { file, passphrase: PLANTED.packPassphrase })).toMatchObject({ ok: true });
    }
    await cli([
      'pack',
      'export',
      '--site',
      'Planted site',
      '--appliance',
      'adc-1',
      '--include-secrets',
      '--out',
      join(dir, 'cli-pack.fieldkit'),
    ]);
    for (const json of [[], ['--json']]) {
      await cli(['pack', 'inspect', join(dir, 'cli-pack.fieldkit'), ...json]);
      await cli(['pack', 'import', join(dir, 'cli-pack.fieldkit'), '--dry-run', ...json]);
    }

    await ipc('notifyChannelRemove', { id: channelIds[0] });
    await ipc('secretDelete', { ref: { kind: 'notification-secret', profileId: 'alerts' } });
    await ipc('proxyProfileDelete', { id: 'echo' });
    await ipc('applianceProfileDelete', { id: 'adc-1' });

    // The Ansible exports were written (app and CLI), and are searched below.
    expect(readdirSync(join(dir, 'exports')).sort()).toEqual(['app-1', 'cli-pem0', 'cli-pem1', 'cli-pfx0', 'cli-pfx1']);
    // The echoes did reach Fieldkit: the search below would prove nothing otherwise.
    expect(sim.requests.some((r) => r.errorcode === 1067)).toBe(true);
    expect(outputs.some(([, text]) => text.includes('[redacted]'))).toBe(true);
    const quoted = (argvPart: string) => outputs.filter(([where]) => where.includes(argvPart)).map(([, text]) => text);
    expect(quoted('@bad host --user')).toContainEqual(expect.stringMatching(/fieldkit: .*nsroot:\[redacted\]@bad host/));
    expect(quoted('--proxy http://alice:')).toContainEqual(expect.stringMatching(/alice:\[redacted\]@/));

    // Every channel of the contract was called.
    expect(CHANNEL_NAMES.filter((c) => !outputs.some(([where]) => where === `ipc ${c}`))).toEqual([]);
    const packEntries: Array<[string, string]> = [];
    for (const f of readdirSync(dir).filter((name) => name.endsWith('.fieldkit'))) {
      for (const [name, data] of await unzipFile(join(dir, f))) packEntries.push([`pack ${f}: ${name}`, data.toString('latin1')]);
    }
    const haystacks: Array<[string, string]> = [
      ...outputs,
      ...logs.map((l): [string, string] => ['log', l]),
      ...dataFolderFiles(te.dataFolder),
      ...dataFolderFiles(cliHome),
      ...dataFolderFiles(join(dir, 'exports')),
      ...bundles,
      ...packEntries,
    ];
    const found: string[] = [];
    for (const [secret, needle] of needles(keyPems)) {
      for (const [where, text] of haystacks) if (text.includes(needle)) found.push(`${secret} in ${where}`);
    }
    expect(found).toEqual([]);
  });
});
