import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { channels, type Result } from '../../shared/ipc-contract.ts';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc-channels.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/**
 * Every channel, through the dispatcher the window talks to, with what a
 * hostile or broken page could send: each field of a well-formed input in turn
 * replaced by a NUL, ".", "..", an 8 MB string or a value of the wrong type.
 * None may reach the engine as an internal error, and no answer may carry the
 * oversized input back. Inputs point at nothing real (unknown ids, tokens
 * never granted), so what gets through fails fast without the network.
 */

const UNKNOWN_TOKEN = { token: '0'.repeat(32) };
const RUN_ID = randomUUID();
const PUSH_OPTIONS = {
  certkeyName: 'site_2027',
  nameSchema: '{cn}_{expiry}',
  vservers: [{ name: 'vs-web', sni: false }],
  preserve: false,
  allowDomainChange: false,
  expectPlanDigest: 'a'.repeat(16),
};

/** A well-formed input per channel; the test never sends these as they are, only with one field broken. */
const WELL_FORMED: Record<ChannelName, unknown> = {
  appInfo: {},
  vaultStatus: {},
  secretStatus: { ref: { kind: 'appliance-password', profileId: 'adc-none' } },
  secretSave: { ref: { kind: 'appliance-password', profileId: 'adc-none' }, value: 'pw' },
  secretDelete: { ref: { kind: 'appliance-password', profileId: 'adc-none' } },
  settingsGet: {},
  settingsUpdate: { patch: { appearance: { theme: 'dark' } } },
  storageNotices: {},
  openFileDialog: { title: 'Certificate file', filters: [{ name: 'Certificate file', extensions: ['pem'] }] },
  grantDroppedFile: { path: '/tmp/dropped.pem' },
  openedSitePacks: {},
  taskCancel: { taskId: 'task-0001' },
  proxyProfilesList: {},
  proxyProfileSave: {
    profile: { id: 'px-1', name: 'Proxy', type: 'explicit', host: 'proxy.example.test', port: 8080, username: 'u' },
    password: 'pw',
  },
  proxyProfileDelete: { id: 'px-none' },
  proxyTest: { proxyProfileId: 'px-none', region: 'commercial' },
  caFileRead: { file: UNKNOWN_TOKEN },
  diagnosticsRun: {
    taskId: 'task-0001',
    region: 'commercial',
    ccid: 'acme',
    serviceUrl: 'acme.example.test',
    proxyProfileId: 'px-none',
    caFiles: [UNKNOWN_TOKEN],
    timeouts: { dnsMs: 1000 },
  },
  diagnosticsRerunEndpoint: { taskId: 'task-0001', runId: RUN_ID, endpointId: 'trust' },
  diagnosticsHistory: { limit: 5 },
  diagnosticsGet: { runId: RUN_ID },
  diagnosticsCompare: { beforeRunId: RUN_ID, afterRunId: RUN_ID },
  diagnosticsExport: { runId: RUN_ID, format: 'json', options: { keepProxyUsername: false } },
  applianceProfilesList: {},
  applianceProfileSave: {
    profile: {
      id: 'adc-1',
      name: 'ADC',
      host: 'adc.example.test',
      port: 443,
      username: 'nsroot',
      partition: 'p1',
      trust: { mode: 'pinned', fingerprint256: 'AB'.repeat(32) },
      peerProfileId: 'adc-2',
    },
    password: 'pw',
  },
  applianceProfileDelete: { id: 'adc-none' },
  applianceFetchCertificate: { host: 'adc.example.test', port: 443 },
  applianceTestConnection: { applianceId: 'adc-none' },
  bundleLoad: { files: { cert: UNKNOWN_TOKEN, key: UNKNOWN_TOKEN, chain: UNKNOWN_TOKEN }, passphrase: 'pw' },
  certPlan: { bundleId: RUN_ID, applianceIds: ['adc-none'], options: PUSH_OPTIONS },
  certExportAnsible: { bundleId: RUN_ID, applianceIds: ['adc-none'], options: PUSH_OPTIONS },
  certPush: { taskId: 'task-0001', bundleId: RUN_ID, applianceIds: ['adc-none'], options: PUSH_OPTIONS },
  certInventory: { applianceId: 'adc-none' },
  certRemove: { applianceId: 'adc-none', options: { certkeys: ['site_2026'], expired: false, replaced: false }, dryRun: true },
  certHistory: { limit: 5 },
  certExpiry: { within: 30, applianceIds: ['adc-none'] },
  certVerify: { applianceId: 'adc-none', vservers: ['vs-web'], serverName: 'www.example.test', expectedFingerprint256: 'AB'.repeat(32) },
  syncsList: {},
  syncSave: {
    name: 'web',
    description: 'www via certbot',
    source: { kind: 'pem', cert: UNKNOWN_TOKEN, key: UNKNOWN_TOKEN, chain: UNKNOWN_TOKEN },
    destinations: [{ applianceId: 'adc-none', partition: 'web' }],
    vservers: [{ name: 'vs-web', sni: false }],
    options: { preserve: true, removeExpired: true, nameSchema: '{cn}_{expiry}', certkeyName: 'site_2027' },
    passphrase: 'pw',
  },
  syncDelete: { id: 'sync-none' },
  syncRun: { taskId: 'task-0001', id: 'sync-none', force: false },
  allowlistVersions: {},
  allowlistFetch: {
    taskId: 'task-0001',
    query: { customerId: 'acme', format: 'json', geo: 'all', direction: 'all' },
    region: 'commercial',
    baseUrl: 'https://allowlist.example.test/connectivity',
    proxyProfileId: 'px-none',
  },
  allowlistDocument: { versionId: 1 },
  allowlistDiff: { from: 1, to: 2 },
  allowlistExportPreview: {
    versionId: 1,
    kind: 'pac',
    filter: { services: ['Citrix Cloud'], geo: 'eu', direction: 'outbound', requiredOnly: true },
    customerId: 'acme',
    pacProxy: { host: 'proxy.example.test', port: 8080 },
    ipVersion: 4,
  },
  allowlistExportSave: { versionId: 1, kind: 'csv', filter: { geo: 'all' }, customerId: 'acme', pacProxy: 'DIRECT', ipVersion: 6 },
  notifyChannelsList: {},
  notifyChannelSave: {
    channel: {
      kind: 'servicenow',
      name: 'ITSM',
      enabled: true,
      cloudConnectStatus: true,
      siteIds: ['site-a'],
      instanceUrl: 'https://example.service-now.com',
      username: 'fieldkit',
      assignmentGroup: 'Network',
      callerId: 'fieldkit',
      closeCode: 'Solution provided',
    },
    secret: 'pw',
  },
  notifyChannelRemove: { id: 'channel-none' },
  notifyChannelTest: { id: 'channel-none' },
  notifyOutbox: { statuses: ['failed', 'given-up'], limit: 10 },
  cloudConnectStatus: { siteId: 'site-none' },
  cloudConnectRefresh: { taskId: 'task-0001', siteId: 'site-none' },
  cloudConnectEvents: { siteId: 'site-none', state: 'error', limit: 50 },
  sitesList: {},
  siteSave: {
    id: 'site-none',
    name: 'Berlin DC',
    consoleAddress: 'console.example.test',
    consoleBuild: '14.1-66.12',
    region: 'gov',
    ccid: 'acme',
    serviceUrl: 'acme.agent.adm.cloud.us',
    proxyProfileId: 'px-none',
    notes: 'Rack 4',
  },
  siteDelete: { siteId: 'site-none' },
  siteSetActive: { siteId: 'site-none' },
  siteChooseWorkflow: { siteId: 'site-none', workflow: 2 },
  siteTick: { siteId: 'site-none', list: 'steps', id: 'console-get-started', done: true },
  siteRecordAction: { siteId: 'site-none', kind: 'modify-proxy', note: 'new proxy' },
  siteRestartOnboarding: { siteId: 'site-none' },
  supportPreview: {},
  supportBundleSave: {},
  logLevelGet: {},
  logLevelSet: { level: 'debug' },
  packChoices: {},
  packExportSave: {
    siteIds: ['site-1'],
    applianceIds: ['adc-1'],
    syncIds: ['sync-1'],
    channelIds: ['ch-1'],
    include: { privateKeys: true, secrets: true, allowlistVersions: true },
    passphrase: 'a long passphrase',
  },
  packInspect: { file: UNKNOWN_TOKEN, passphrase: 'a long passphrase' },
  packPreviewImport: { file: UNKNOWN_TOKEN, passphrase: 'a long passphrase' },
  packImport: { file: UNKNOWN_TOKEN, passphrase: 'a long passphrase', resolutions: { 'site:site-1': 'keep-both' } },
};

/** The other shapes a channel takes (the other side of a union), broken the same way. */
const OTHER_SHAPES: Array<[ChannelName, unknown]> = [
  [
    'applianceProfileSave',
    {
      profile: {
        id: 'adc-3',
        host: '192.0.2.10',
        username: 'nsroot',
        trust: { mode: 'ca', caPem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n' },
      },
    },
  ],
  ['proxyProfileSave', { profile: { id: 'px-2', type: 'transparent-ssl-intercepting' } }],
  ['bundleLoad', { files: { pfx: UNKNOWN_TOKEN } }],
  [
    'notifyChannelSave',
    {
      channel: { id: 'hook-1', kind: 'webhook', name: 'Hook', enabled: false, cloudConnectStatus: true, signatureHeader: 'X-Sig' },
      secret: 'https://hooks.example.test/x',
      signingKey: 'key',
    },
  ],
  ['notifyChannelSave', { channel: { kind: 'pagerduty', name: 'On call', enabled: true, cloudConnectStatus: false, severity: 'warning' } }],
  ['siteTick', { siteId: 'site-none', list: 'prerequisites', id: 'popup-blocker', done: false }],
];

/**
 * Fields that are the user's own words. A secret or a file's content may be
 * anything, so only an internal error is wrong there; a label, a user name or a title may be "."
 * but never holds a NUL. Everything else names something (an id, a host, a
 * NetScaler object, a token) and must be refused as invalid input.
 */
const ANY_CONTENT = new Set(['value', 'password', 'passphrase', 'profile.trust.caPem', 'secret', 'signingKey']);
const WORDS = new Set([
  'title',
  'filters.0.name',
  'profile.name',
  'profile.username',
  'options.nameSchema',
  'description',
  'channel.name',
  'channel.username',
  'channel.assignmentGroup',
  'channel.callerId',
  'channel.closeCode',
]);
/** A site's name, notes and build as the admin typed them, and a note on a Console action: words on those channels only. */
const CHANNEL_WORDS: Partial<Record<ChannelName, Set<string>>> = {
  siteSave: new Set(['name', 'notes', 'consoleBuild']),
  siteRecordAction: new Set(['note']),
};

const BIG = 'x'.repeat(8 * 1024 * 1024);
const SHORT_HOSTILE = ['\0', 'a\0b', '.', '..'];

type Path = Array<string | number>;

function leaves(value: unknown, path: Path = []): Array<{ path: Path; value: unknown }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value }];
}

function replaced(value: unknown, path: Path, by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replaced(copy[head!], rest, by);
  return copy;
}

function wrongTypes(value: unknown): unknown[] {
  return typeof value === 'string' ? [42, null, {}, ['x']] : ['42', null, {}, [1]];
}

let te: TestEngine;
beforeAll(async () => {
  te = await startTestEngine({ vault: new MemoryVault('Session-only vault for this test.') });
});
afterAll(() => te.close());

async function send(channel: string, input: unknown): Promise<Result<unknown>> {
  return te.dispatcher.dispatch(channel, input, { emit: () => undefined });
}

function described(result: Result<unknown>): string {
  return result.ok ? 'ok' : `${result.error.code}: ${result.error.message.slice(0, 200)}`;
}

describe('hostile input on every channel', () => {
  it('has a well-formed input for every channel, which the contract accepts', () => {
    expect(Object.keys(WELL_FORMED).sort()).toEqual([...CHANNEL_NAMES].sort());
    const refused = CHANNEL_NAMES.filter((name) => !channels[name].input.safeParse(WELL_FORMED[name]).success);
    expect(refused).toEqual([]);
    expect(OTHER_SHAPES.filter(([name, input]) => !channels[name].input.safeParse(input).success)).toEqual([]);
  });

  for (const channel of CHANNEL_NAMES) {
    it(`${channel}: refuses broken fields as invalid input, never internally, and never echoes them`, async () => {
      const surprises: string[] = [];
      const expectRefused = async (what: string, input: unknown) => {
        const r = await send(channel, input);
        if (r.ok || r.error.code !== 'INVALID_INPUT') surprises.push(`${what} → ${described(r)}`);
        if (JSON.stringify(r).length > 4096) surprises.push(`${what} → an answer of ${JSON.stringify(r).length} characters`);
      };
      const expectClean = async (what: string, input: unknown) => {
        const r = await send(channel, input);
        if (!r.ok && r.error.code === 'INTERNAL') surprises.push(`${what} → ${described(r)}`);
      };

      for (const whole of [BIG, 42, 'x', [], { unexpected: '..' }]) await expectRefused(`the whole input ${typeof whole}`, whole);
      const bases = [WELL_FORMED[channel], ...OTHER_SHAPES.filter(([name]) => name === channel).map(([, input]) => input)];
      for (const [base, leaf] of bases.flatMap((b) => leaves(b).map((l) => [b, l] as const))) {
        if (leaf.path.length === 0) continue;
        const where = leaf.path.join('.');
        if (typeof leaf.value === 'string') {
          await expectRefused(`${where} = 8 MB`, replaced(base, leaf.path, BIG));
          for (const bad of SHORT_HOSTILE) {
            const input = replaced(base, leaf.path, bad);
            const what = `${where} = ${JSON.stringify(bad)}`;
            const words = WORDS.has(where) || CHANNEL_WORDS[channel]?.has(where) === true;
            if (ANY_CONTENT.has(where) || (words && !bad.includes('\0'))) await expectClean(what, input);
            else await expectRefused(what, input);
          }
        }
        for (const bad of wrongTypes(leaf.value)) await expectRefused(`${where} = ${JSON.stringify(bad)}`, replaced(base, leaf.path, bad));
      }
      expect(surprises).toEqual([]);
    });
  }
});
