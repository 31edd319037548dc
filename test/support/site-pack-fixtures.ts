import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, EngineOptions } from '../../electron/services/engine.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { allMigrations } from '../../electron/services/migrations.ts';
import { createRootCa, issueCertificate } from './test-pki.ts';
import { startTestEngine, type TestEngine } from './test-engine.ts';

/** Secrets planted in the exporting engine: none may appear in a pack in clear. */
export const PLANTED = {
  proxyPassword: 'proxy-pw-Planted-7781',
  appliancePassword: 'adc-pw-Planted-4412',
  peerPassword: 'peer-pw-Planted-0931',
  pfxPassphrase: 'pfx-pass-Planted-5520',
  slackUrl: 'https://hooks.slack.com/services/T000/B000/PlantedSlack9911',
  passphrase: 'correct horse battery staple',
};

export interface Seeded {
  siteId: string;
  proxyId: string;
  applianceId: string;
  peerId: string;
  syncId: string;
  channelId: string;
  keyPem: string;
  certPem: string;
}

const folders: string[] = [];

export function removePackFolders(): void {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
}

export function tempFolder(prefix = 'fieldkit-pack-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/** An engine with a memory keychain and every table (allowlist versions included). */
export function packEngine(name: string, opts: Partial<EngineOptions> = {}): Promise<TestEngine> {
  return startTestEngine({ vault: new MemoryVault(name), migrations: allMigrations, ...opts });
}

/** A site with its proxy, an HA pair of appliances, a sync from PEM files and a Slack channel, each with its secret. */
export async function seedSite(engine: Engine, name = 'Acme Berlin'): Promise<Seeded> {
  const ca = await createRootCa({ commonName: 'Pack Test CA' });
  const leaf = await issueCertificate(ca, { commonName: 'www.acme.test' });
  const src = tempFolder('fieldkit-pack-src-');
  writeFileSync(join(src, 'cert.pem'), leaf.certPem);
  writeFileSync(join(src, 'key.pem'), leaf.keyPem);
  writeFileSync(join(src, 'chain.pem'), ca.certPem);
  const proxy = await engine.profiles.proxies.save(
    { id: 'proxy-acme', name: 'Acme proxy', type: 'explicit', host: 'proxy.acme.test', port: 3128, username: 'svc' },
    PLANTED.proxyPassword,
  );
  const fp = 'AB'.repeat(32);
  const peer = await engine.profiles.appliances.save(
    { id: 'adc-b', name: 'ADC B', host: '10.0.0.2', port: 443, username: 'nsroot', trust: { mode: 'pinned', fingerprint256: fp } },
    PLANTED.peerPassword,
  );
  const appliance = await engine.profiles.appliances.save(
    {
      id: 'adc-a',
      name: 'ADC A',
      host: '10.0.0.1',
      port: 443,
      username: 'nsroot',
      trust: { mode: 'pinned', fingerprint256: fp },
      peerProfileId: 'adc-b',
    },
    PLANTED.appliancePassword,
  );
  const site = await engine.sites.save({
    name,
    region: 'commercial',
    proxyProfileId: proxy.profile.id,
    notes: 'Gate code 4471; ask for Jo.',
  });
  await engine.sites.chooseWorkflow(site.id, 2);
  await engine.sites.tick(site.id, { list: 'steps', id: 'download-agent', done: true });
  const sync = await engine.syncs.save({
    name: 'web',
    source: {
      kind: 'pem',
      cert: { path: join(src, 'cert.pem') },
      key: { path: join(src, 'key.pem') },
      chain: { path: join(src, 'chain.pem') },
    },
    destinations: [{ applianceId: appliance.profile.id }],
    vservers: [{ name: 'vs1', sni: false }],
    passphrase: PLANTED.pfxPassphrase,
  });
  const channel = await engine.notifications.save({
    channel: {
      kind: 'slack',
      name: 'Acme ops',
      enabled: true,
      cloudConnectStatus: true,
      siteIds: [site.id],
      proxyProfileId: proxy.profile.id,
    },
    secret: PLANTED.slackUrl,
  });
  return {
    siteId: site.id,
    proxyId: proxy.profile.id,
    applianceId: appliance.profile.id,
    peerId: peer.profile.id,
    syncId: sync.id,
    channelId: channel.channel.id,
    keyPem: leaf.keyPem,
    certPem: leaf.certPem,
  };
}
