import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run-cli.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { SupportBundleResult, SupportPreview } from '../../shared/schemas/support.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, profileFor, startSim, type CertWorld } from '../support/cert-push-fixtures.ts';
import { catalogHosts } from '../support/diagnostics-fixtures.ts';
import { statusNotification } from '../support/notification-fixtures.ts';
import { receiverPki, startSlackReceiver, type SlackReceiver } from '../support/notification-receivers.ts';
import { realPartAvailable } from '../support/require-real-part.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { unzipFile } from '../support/unzip-file.ts';

/**
 * A secret of every kind the app can hold, planted where the app keeps or
 * meets it; then a support bundle, unzipped, searched for each in the usual
 * encodings. None may survive, and redactions.json must count what was taken.
 */
const PLANTED = {
  proxyPassword: 'PlantProxy-8Kd!q2',
  appliancePassword: 'PlantAdc-6Tn%w4',
  pfxPassphrase: 'PlantPfx-1Zr/c7',
  keyPassphrase: 'PlantKey-9Lb&u3',
  serviceNowPassword: 'PlantSnow-5Yh#e6',
  keyFolder: 'PlantKeyFolder-3Vx',
};
/** Never seen by the engine: only the redaction pass's patterns can find these. */
const UNSEEN = {
  authorization: 'UGxhbnRVc2VyOlBsYW50QXV0aC03UW0=',
  nitroToken: '##C0FFEE5EED0D15EA5E',
  outboxWebhook: 'https://hooks.slack.com/services/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',
  oldPassword: 'OldLogged-2Fp$k8',
};

let w: CertWorld;
let te: TestEngine;
let sim: NitroSimulator;
let slack: SlackReceiver;
let dir: string;
let dataFolder: string;
const vault = new MemoryVault('support-bundle');
const keyPems: string[] = [];
let saves = 0;

const file = (name: string) => join(dir, name);

beforeAll(async () => {
  w = await certWorld();
  dir = mkdtempSync(join(tmpdir(), 'fk-support-'));
  dataFolder = mkdtempSync(join(tmpdir(), 'fk-support-home-'));
  mkdirSync(file(PLANTED.keyFolder));
  const encryptedKey = createPrivateKey(w.renewed.keyPem).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: PLANTED.keyPassphrase,
  }) as string;
  writeFileSync(file('cert.pem'), w.renewed.certPem);
  writeFileSync(file(`${PLANTED.keyFolder}/key.pem`), encryptedKey);
  writeFileSync(file('chain.pem'), w.inter.certPem + w.interHigh.certPem + w.root.certPem);
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(w.leaf.keyPem),
    [forge.pki.certificateFromPem(w.leaf.certPem)],
    PLANTED.pfxPassphrase,
    { algorithm: 'aes256' },
  );
  writeFileSync(file(`${PLANTED.keyFolder}/site.pfx`), Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  for (const pem of [w.renewed.keyPem, w.leaf.keyPem]) {
    keyPems.push(pem, createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }) as string);
  }

  slack = await startSlackReceiver();
  const { caPem: receiversCa } = await receiverPki();
  sim = await startSim({ name: 'adc-support', users: [{ username: 'nsroot', password: PLANTED.appliancePassword }] });
  te = await startTestEngine({
    dataFolder,
    vault,
    shell: { chooseSaveFile: ({ defaultName }) => Promise.resolve(file(`app-${++saves}-${defaultName}`)) },
    diagnosticsOverrides: { resolverOverrides: Object.fromEntries(catalogHosts('commercial').map((h) => [h, '127.0.0.1'])) },
    notifications: {
      overrides: { connection: { extraTrustAnchors: [receiversCa], includeSystemTrust: false }, timeoutMs: 5000 },
    },
  });
});

afterAll(async () => {
  te?.close();
  await sim?.close();
  await slack?.close();
  for (const d of [dir, dataFolder]) if (d) rmSync(d, { recursive: true, force: true });
});

/** A call whose failure is part of the scenario (a refused login, a proxy that is not there). */
const attempt = (channel: string, input?: unknown) => te.dispatcher.dispatch(channel, input, { emit: () => undefined });

async function ipc<T>(channel: string, input?: unknown): Promise<T> {
  const r = await attempt(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Every planted value in the forms it could be echoed in. */
function needles(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const slackToken = new URL(slack.webhookUrl).pathname.split('/').at(-1)!;
  const values = { ...PLANTED, ...UNSEEN, slackWebhook: slack.webhookUrl, slackToken, unseenHookToken: 'UnseenHookToken4Xc9Lm2Pq' };
  for (const [name, value] of Object.entries(values)) {
    out.push(
      [name, value],
      [`${name} (base64)`, Buffer.from(value).toString('base64')],
      [`${name} (URL-encoded)`, encodeURIComponent(value)],
    );
  }
  out.push(['appliance Basic credentials', Buffer.from(`nsroot:${PLANTED.appliancePassword}`).toString('base64')]);
  out.push(['nitro token body', 'C0FFEE5EED0D15EA5E']);
  for (const pem of keyPems) {
    for (const line of pem.split('\n').filter((l) => l.length >= 32 && !l.startsWith('-----'))) out.push(['private key', line]);
  }
  return out;
}

function searchBundle(entries: Map<string, Buffer>): string[] {
  const found: string[] = [];
  for (const [secret, needle] of needles()) {
    for (const [name, data] of entries) if (data.toString('utf8').includes(needle)) found.push(`${secret} in ${name}`);
  }
  return found;
}

/** An independent reader: Python's zipfile checks every entry's CRC. */
function pythonSeesAZip(path: string): string[] | undefined {
  const probe = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' });
  if (!realPartAvailable(probe.status === 0 ? null : 'python3 is not installed')) return undefined;
  const r = spawnSync(
    'python3',
    ['-c', 'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps(z.namelist()))', path],
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (r.status !== 0) throw new Error(`Python could not read the bundle: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

describe('support bundle', () => {
  it('holds what the preview listed, with no planted secret left and every removal counted', { timeout: 60_000 }, async () => {
    // Profiles with their passwords in the keychain, and a check through the proxy (refused: nothing listens there).
    await ipc('proxyProfileSave', {
      profile: { id: 'site-proxy', type: 'explicit', host: '127.0.0.1', port: 1, username: 'alice' },
      password: PLANTED.proxyPassword,
    });
    await attempt('diagnosticsRun', {
      taskId: 'task-support-1',
      region: 'commercial',
      proxyProfileId: 'site-proxy',
      timeouts: { connectMs: 1000, tlsMs: 1000, httpMs: 1000, dnsMs: 1000 },
    });
    await ipc('applianceProfileSave', { profile: await profileFor(sim, { id: 'adc-support' }), password: PLANTED.appliancePassword });
    sim.faults.fail(
      { resource: 'login' },
      { status: 599, errorcode: 1067, message: `login failed for nsroot/${PLANTED.appliancePassword}` },
      1,
    );
    await attempt('applianceTestConnection', { applianceId: 'adc-support' });
    // A certificate bundle from a key file in a folder of its own, with the key's passphrase; a sync of a PFX with its passphrase.
    await ipc('bundleLoad', {
      files: {
        cert: { token: te.engine.grantFile(file('cert.pem')).token },
        key: { token: te.engine.grantFile(file(`${PLANTED.keyFolder}/key.pem`)).token },
        chain: { token: te.engine.grantFile(file('chain.pem')).token },
      },
      passphrase: PLANTED.keyPassphrase,
    });
    await ipc('syncSave', {
      name: 'site',
      source: { kind: 'pfx', pfx: { token: te.engine.grantFile(file(`${PLANTED.keyFolder}/site.pfx`)).token } },
      destinations: [{ applianceId: 'adc-support' }],
      vservers: [],
      options: { preserve: true, removeExpired: false },
      passphrase: PLANTED.pfxPassphrase,
    });
    await attempt('syncRun', { taskId: 'task-support-2', id: (await ipc<Array<{ id: string }>>('syncsList'))[0]!.id });
    // Notification channels; Slack refuses, quoting its webhook's path, so the outbox keeps an error.
    await ipc('notifyChannelSave', {
      channel: { kind: 'slack', name: 'Ops Slack', enabled: true, cloudConnectStatus: true },
      secret: slack.webhookUrl,
    });
    await ipc('notifyChannelSave', {
      channel: {
        kind: 'servicenow',
        name: 'ITSM',
        enabled: false,
        cloudConnectStatus: true,
        instanceUrl: 'https://acme.service-now.example',
        username: 'fieldkit',
      },
      secret: PLANTED.serviceNowPassword,
    });
    slack.failNext({ status: 400, body: `invalid_payload for ${slack.webhookUrl}` });
    await te.engine.notifications.enqueue(statusNotification('problem', { at: new Date().toISOString() }));
    await te.engine.notifications.deliverDue();
    // What an older Fieldkit or another writer left on disk, never seen by this engine.
    const history = new DatabaseSync(join(dataFolder, 'history.sqlite'));
    history
      .prepare('INSERT INTO cloud_connect_event (site_id, site_name, at, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        'site-berlin',
        'Berlin DC',
        '2026-03-02T07:00:00Z',
        'connected',
        'error',
        `refresh failed; sent Authorization: Basic ${UNSEEN.authorization}`,
      );
    history.prepare('UPDATE notification_outbox SET last_error = ?').run(`404 no_service from ${UNSEEN.outboxWebhook}`);
    history.close();
    writeFileSync(
      join(dataFolder, 'logs', 'app.2.jsonl'),
      [
        {
          time: '2026-03-01T10:00:00Z',
          level: 'debug',
          area: 'nitro',
          message: `POST /nitro/v1/config/login Authorization: Basic ${UNSEEN.authorization}`,
        },
        {
          time: '2026-03-01T10:00:01Z',
          level: 'debug',
          area: 'nitro',
          message: `Set-Cookie answered; NITRO_AUTH_TOKEN=${UNSEEN.nitroToken}`,
        },
        { time: '2026-03-01T10:00:02Z', level: 'info', area: 'certificates', message: `key loaded:\n${w.leaf.keyPem}` },
        { time: '2026-03-01T10:00:03Z', level: 'info', area: 'diagnostics', message: `proxy login with ${PLANTED.proxyPassword}` },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') +
        '\nnot json: password=' +
        UNSEEN.oldPassword +
        '\n',
    );

    const preview = await ipc<SupportPreview>('supportPreview');
    const saved = await ipc<{ saved: boolean; bundle: SupportBundleResult }>('supportBundleSave');
    expect(saved.saved).toBe(true);
    expect(saved.bundle.fileName).toMatch(/^app-1-fieldkit-support-\d{8}-\d{6}\.zip$/);
    const path = file(saved.bundle.fileName);
    const entries = await unzipFile(path);

    // What the preview listed is what the bundle holds, besides the manifest and the redactions.
    const listed = preview.sections.flatMap((s) => s.files.map((f) => f.name));
    expect([...entries.keys()].sort()).toEqual([...listed, 'manifest.json', 'redactions.json'].sort());
    expect(preview.sections.map((s) => s.id)).toEqual([
      'about',
      'settings',
      'diagnostics',
      'cloud-connect-events',
      'notifications',
      'certificate-history',
      'allowlist',
      'logs',
    ]);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^diagnostics\/fieldkit-check-commercial-.*\.json$/),
        expect.stringMatching(/^diagnostics\/fieldkit-check-commercial-.*\.html$/),
        'cloud-connect/events.json',
        'notifications/outbox.json',
        'certificates/push-history.json',
        'certificates/sync-runs.json',
        'logs/app.jsonl',
        'logs/app.2.jsonl',
      ]),
    );
    const pythonNames = pythonSeesAZip(path);
    if (pythonNames) expect(pythonNames.sort()).toEqual([...entries.keys()].sort());

    const about = JSON.parse(entries.get('about.json')!.toString()) as Record<string, unknown>;
    expect(about).toMatchObject({ fieldkit: '0.0.0-test', node: process.versions.node, electron: expect.stringMatching(/not the app/) });
    const outbox = JSON.parse(entries.get('notifications/outbox.json')!.toString()) as Array<{ lastError?: string }>;
    expect(outbox[0]?.lastError).toBe('404 no_service from https://hooks.slack.com/[redacted]');
    expect(JSON.parse(entries.get('settings/profiles.json')!.toString())).toMatchObject({
      proxies: [{ profile: { id: 'site-proxy' }, passwordSaved: true }],
      notificationChannels: [{ channel: { name: 'Ops Slack' } }, { channel: { name: 'ITSM' } }],
    });

    expect(searchBundle(entries)).toEqual([]);
    expect(entries.get('logs/app.2.jsonl')!.toString()).toContain('Authorization: Basic [redacted]');

    const redactions = JSON.parse(entries.get('redactions.json')!.toString()) as {
      totals: Record<string, number>;
      files: Record<string, Record<string, number>>;
    };
    expect(redactions.files['logs/app.2.jsonl']).toEqual({
      'authorization-header': 1,
      'nitro-session': 1,
      'private-key': 1,
      'known-secret': 1,
      password: 1,
    });
    expect(redactions.files['notifications/outbox.json']).toMatchObject({ 'webhook-url': 1 });
    expect(redactions.files['cloud-connect/events.json']).toEqual({ 'authorization-header': 1 });
    expect(redactions.totals).toEqual(saved.bundle.redactions);
    expect(preview.redactions['authorization-header']).toBe(2);
    // Counts, never values: the manifest holds no planted secret either (searched above) and names only kinds.
    expect(Object.keys(redactions.totals).every((k) => /^[a-z-]+$/.test(k))).toBe(true);
  });

  it('a new start (the redactor empty) still removes the saved secrets, through the CLI too', { timeout: 30_000 }, async () => {
    te.close();
    te = await startTestEngine({ dataFolder, vault });
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    const bundlePath = file('cli-bundle.zip');
    const code = await runCli({
      argv: ['support', 'bundle', '--out', bundlePath, '--json'],
      io,
      version: '0.0.0-test',
      env: {},
      engine: () => Promise.resolve(te.engine),
    });
    expect(code).toBe(0);
    const result = JSON.parse(out[0]!) as SupportBundleResult;
    expect(result).toMatchObject({ fileName: 'cli-bundle.zip', redactions: { 'known-secret': 1 } });
    const entries = await unzipFile(bundlePath);
    expect(searchBundle(entries)).toEqual([]);
    expect(JSON.parse(entries.get('redactions.json')!.toString())).toMatchObject({ files: { 'logs/app.2.jsonl': { 'known-secret': 1 } } });

    out.length = 0;
    expect(
      await runCli({ argv: ['support', 'preview'], io, version: '0.0.0-test', env: {}, engine: () => Promise.resolve(te.engine) }),
    ).toBe(0);
    expect(out).toContainEqual(expect.stringMatching(/^ {2}logs\/app\.2\.jsonl \(.*5 entries\); removed .*1 Authorization headers/));
    expect(out.join('\n')).not.toContain(PLANTED.proxyPassword);
  });

  it('says plainly when the bundle cannot be written, naming the file only', async () => {
    const r = await te.engine.support.createBundle({ path: join(dir, 'no-such-folder', 'bundle.zip') }).catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'SUPPORT_BUNDLE_UNWRITABLE', message: expect.stringContaining('"bundle.zip" (ENOENT)') });
    expect((r as Error).message).not.toContain(dir);
  });

  it('is still written when a part cannot be read (a keychain that locked), saying which and why', async () => {
    const locked = new MemoryVault('locks');
    let isLocked = false;
    const get = locked.get.bind(locked);
    locked.get = (account) => (isLocked ? Promise.reject(new Error('The keychain is locked.')) : get(account));
    const folder = mkdtempSync(join(tmpdir(), 'fk-support-locked-'));
    const t = await startTestEngine({ dataFolder: folder, vault: locked });
    try {
      await t.engine.profiles.proxies.save({ id: 'p1', type: 'explicit', host: '127.0.0.1', port: 1, username: 'u' }, 'Locked-Pw-1');
      // The event log: a site that was added (Pending) and then disconnected by the admin.
      const site = await t.engine.sites.save({ name: 'Locked site', region: 'commercial' });
      await t.engine.sites.recordAction(site.id, { kind: 'disconnect' });
      isLocked = true;
      const path = join(folder, 'bundle.zip');
      const result = await t.engine.support.createBundle({ path });
      const entries = await unzipFile(path);
      const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as SupportPreview;
      const settings = manifest.sections.find((s) => s.id === 'settings')!;
      expect(settings).toMatchObject({ files: [], note: 'This part could not be read: The keychain is locked.' });
      expect(manifest.sections.find((s) => s.id === 'cloud-connect-events')!.files).toMatchObject([{ items: 2 }]);
      expect(entries.has('settings/settings.json')).toBe(false);
      expect(entries.has('about.json')).toBe(true);
      expect(result.files).toBe(entries.size);
    } finally {
      t.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the window cannot save one without the desktop shell', async () => {
    const bare = await startTestEngine({ vault: new MemoryVault('bare') });
    const r = await bare.dispatcher.dispatch('supportBundleSave', undefined, { emit: () => undefined });
    bare.close();
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE_HERE' } });
  });
});
