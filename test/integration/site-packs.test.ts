import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PackImportResult, PackInspection, PackPreview } from '../../shared/schemas/site-packs.ts';
import { startAllowlistFake } from '../support/allowlist-api-fake.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';
import { PLANTED, packEngine, removePackFolders, seedSite, tempFolder } from '../support/site-pack-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';
import { unzipFile } from '../support/unzip-file.ts';

/** Site packs between two engines over two data folders: what travels, what is sealed, how conflicts resolve. */

const open: TestEngine[] = [];
async function engine(name: string, opts: Parameters<typeof packEngine>[1] = {}): Promise<TestEngine> {
  const te = await packEngine(name, opts);
  open.push(te);
  return te;
}
afterEach(() => {
  for (const te of open.splice(0)) te.close();
  removePackFolders();
});

async function exportFrom(te: TestEngine, opts: { secrets?: boolean; keys?: boolean; allowlist?: boolean } = {}) {
  const seeded = await seedSite(te.engine);
  const path = join(tempFolder(), 'acme.fieldkit');
  const result = await te.engine.packs.export({
    siteIds: ['Acme Berlin'],
    syncIds: ['web'],
    channelIds: ['Acme ops'],
    include: { secrets: opts.secrets ?? false, privateKeys: opts.keys ?? false, allowlistVersions: opts.allowlist ?? false },
    ...(opts.secrets ? { passphrase: PLANTED.passphrase } : {}),
    path,
  });
  return { seeded, path, result };
}

describe('site packs', () => {
  it('carries a site, its proxy, an HA pair, a sync with its files, a channel and allowlist versions; secrets sealed land in the other keychain', async () => {
    const root = await createRootCa({ commonName: 'Pack Test Public Root' });
    const leaf = await issueCertificate(root, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', '127.0.0.1'] });
    const fake = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 100 });
    const a = await engine('pack-a', {
      allowlistOverrides: { connection: { extraTrustAnchors: [root.certPem], includeSystemTrust: false, env: {} } },
    });
    const fetched = await a.engine.allowlist.fetch({ query: { customerId: 'acme42' }, baseUrl: fake.baseUrl }).finally(() => fake.close());
    const { seeded, path, result } = await exportFrom(a, { secrets: true, keys: true, allowlist: true });
    expect(result.holds).toMatchObject({
      sites: ['Acme Berlin'],
      proxies: 1,
      appliances: 2,
      syncs: 1,
      channels: 1,
      secrets: true,
      privateKeys: true,
    });
    // The fetched version travels; the bundled baseline is on every machine already.
    expect(result.holds.allowlistVersions).toBe(1);

    const b = await engine('pack-b');
    const inspection = await b.engine.packs.inspect({ path });
    expect(PackInspection.parse(inspection)).toEqual(inspection);
    expect(inspection.secrets).toBe('sealed');
    const opened = await b.engine.packs.inspect({ path }, PLANTED.passphrase);
    expect(opened.secretKinds).toEqual({ 'proxy-password': 1, 'appliance-password': 2, 'pfx-passphrase': 1, 'notification-secret': 1 });

    const preview = await b.engine.packs.previewImport({ path }, PLANTED.passphrase);
    expect(PackPreview.parse(preview)).toEqual(preview);
    expect(preview.items.filter((i) => i.kind !== 'allowlist').map((i) => [i.key, i.action])).toEqual([
      [`site:${seeded.siteId}`, 'add'],
      ['proxy:proxy-acme', 'add'],
      ['appliance:adc-a', 'add'],
      ['appliance:adc-b', 'add'],
      [`sync:${seeded.syncId}`, 'add'],
      [`channel:${seeded.channelId}`, 'add'],
    ]);
    expect(preview.items.filter((i) => i.kind === 'allowlist').map((i) => i.action)).toEqual(['add']);

    const result2 = await b.engine.packs.import({ path }, { passphrase: PLANTED.passphrase });
    expect(PackImportResult.parse(result2)).toEqual(result2);
    expect(result2.secretsSaved).toBe(5);

    const site = await b.engine.sites.get('Acme Berlin');
    expect(site).toMatchObject({ notes: 'Gate code 4471; ask for Jo.', proxyProfileId: 'proxy-acme', onboarding: { workflow: 2 } });
    expect(Object.keys(site.onboarding.steps)).toEqual(['download-agent']);
    expect(await b.engine.profiles.proxies.password('proxy-acme')).toBe(PLANTED.proxyPassword);
    expect(await b.engine.profiles.appliances.password('adc-a')).toBe(PLANTED.appliancePassword);
    expect(b.engine.profiles.appliances.get('adc-a')).toMatchObject({ peerProfileId: 'adc-b', trust: { mode: 'pinned' } });
    const sync = await b.engine.syncs.definition({ sync: 'web' });
    expect(sync.source.kind).toBe('pem');
    if (sync.source.kind === 'pem') {
      expect(sync.source.cert.startsWith(b.dataFolder)).toBe(true);
      expect(readFileSync(sync.source.key, 'utf8')).toBe(seeded.keyPem);
      expect(readFileSync(sync.source.cert, 'utf8')).toBe(seeded.certPem);
    }
    expect((await b.engine.syncs.get({ sync: 'web' })).passphraseSaved).toBe(true);
    const channel = await b.engine.notifications.channel('Acme ops');
    expect(channel).toMatchObject({ secretSaved: true, channel: { siteIds: [site.id], proxyProfileId: 'proxy-acme' } });

    const versions = b.engine.allowlist.versions().versions;
    expect(versions.find((v) => v.source === 'api')).toMatchObject({
      fetchedAt: fetched.version.fetchedAt,
      query: { customerId: 'acme42' },
    });
    // A second import changes nothing.
    const again = await b.engine.packs.previewImport({ path }, PLANTED.passphrase);
    expect(again.items.every((i) => i.action === 'unchanged')).toBe(true);
  });

  it('leaves secrets and private keys out by default; a planted password appears nowhere in the pack', async () => {
    const a = await engine('pack-plain');
    const { path, result } = await exportFrom(a);
    expect(result.holds).toMatchObject({ secrets: false, privateKeys: false });
    const text = [...(await unzipFile(path)).values()].map((data) => data.toString('latin1')).join('\n');
    for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret);
    expect(text).not.toContain('PRIVATE KEY');

    const b = await engine('pack-plain-b');
    const preview = await b.engine.packs.previewImport({ path });
    expect(preview.secrets).toBe('none');
    expect(preview.items.find((i) => i.kind === 'sync')?.notes[0]).toMatch(/no private key/);
    const imported = await b.engine.packs.import({ path });
    expect(imported.notes.join(' ')).toMatch(/no private key/);
    expect(await b.engine.profiles.proxies.password('proxy-acme')).toBeNull();
    const sync = await b.engine.syncs.definition({ sync: 'web' });
    if (sync.source.kind === 'pem') expect(existsSync(sync.source.key)).toBe(false);
  });

  it('seals secrets so that none is in the pack in clear', async () => {
    const a = await engine('pack-sealed');
    const { path } = await exportFrom(a, { secrets: true });
    const text = [...(await unzipFile(path)).values()].map((data) => data.toString('latin1')).join('\n');
    for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret);
    expect(text).toContain('"aes-256-gcm"');
  });

  it('asks for a passphrase of 12 characters or more before sealing, and for the passphrase before importing', async () => {
    const a = await engine('pack-weak');
    await seedSite(a.engine);
    const path = join(tempFolder(), 'x.fieldkit');
    await expect(
      a.engine.packs.export({ siteIds: ['Acme Berlin'], include: { secrets: true }, passphrase: 'short', path }),
    ).rejects.toMatchObject({
      code: 'PACK_PASSPHRASE_WEAK',
    });
    await expect(a.engine.packs.export({ siteIds: [], path })).rejects.toMatchObject({ code: 'PACK_NOTHING_CHOSEN' });
    await expect(a.engine.packs.export({ siteIds: ['Nowhere'], path })).rejects.toMatchObject({ code: 'PACK_ITEM_NOT_FOUND' });
    expect(existsSync(path)).toBe(false);
  });

  it('resolves conflicts as asked: keep mine, take theirs, keep both; ids remapped consistently', async () => {
    const a = await engine('pack-c-a');
    const { seeded, path } = await exportFrom(a, { secrets: true });
    const b = await engine('pack-c-b');
    // This machine has its own "Acme proxy" (another id, another host) and its own "Acme Berlin".
    await b.engine.profiles.proxies.save(
      { id: 'mine-proxy', name: 'Acme proxy', type: 'explicit', host: 'other.test', port: 8080 },
      'mine-pw-1',
    );
    const mySite = await b.engine.sites.save({ name: 'Acme Berlin', region: 'gov', notes: 'mine' });

    const preview = await b.engine.packs.previewImport({ path }, PLANTED.passphrase);
    expect(preview.items.filter((i) => i.action === 'conflict').map((i) => [i.key, i.existing])).toEqual([
      [`site:${seeded.siteId}`, 'Acme Berlin'],
      ['proxy:proxy-acme', 'Acme proxy'],
    ]);
    await expect(b.engine.packs.import({ path }, { passphrase: PLANTED.passphrase })).rejects.toMatchObject({
      code: 'PACK_CONFLICT_UNRESOLVED',
    });
    expect(await b.engine.sites.list()).toHaveLength(1);

    const result = await b.engine.packs.import(
      { path },
      { passphrase: PLANTED.passphrase, resolutions: { [`site:${seeded.siteId}`]: 'keep-both', 'proxy:proxy-acme': 'keep-mine' } },
    );
    expect(result.items.filter((i) => i.kind === 'site' || i.kind === 'proxy').map((i) => [i.name, i.outcome])).toEqual([
      ['Acme Berlin (imported)', 'added-copy'],
      ['Acme proxy', 'kept-mine'],
    ]);
    const sites = await b.engine.sites.list();
    const copy = sites.find((s) => s.name === 'Acme Berlin (imported)')!;
    expect(copy.id).not.toBe(mySite.id);
    // The kept proxy is this machine's: the imported site and channel point at it, and its password is untouched.
    expect(copy.proxyProfileId).toBe('mine-proxy');
    expect((await b.engine.notifications.channel('Acme ops')).channel).toMatchObject({ proxyProfileId: 'mine-proxy', siteIds: [copy.id] });
    expect(await b.engine.profiles.proxies.password('mine-proxy')).toBe('mine-pw-1');
    expect((await b.engine.sites.get(mySite.id)).notes).toBe('mine');

    // Take theirs: this machine's site gets the pack's content under its own id.
    await b.engine.packs.import(
      { path },
      { passphrase: PLANTED.passphrase, onConflict: 'take-theirs', resolutions: { 'proxy:proxy-acme': 'keep-mine' } },
    );
    const replaced = await b.engine.sites.get(mySite.id);
    expect(replaced).toMatchObject({
      name: 'Acme Berlin',
      notes: 'Gate code 4471; ask for Jo.',
      region: 'commercial',
      proxyProfileId: 'mine-proxy',
    });
  });

  it('takes their proxy under this machine id, with the pack password', async () => {
    const a = await engine('pack-t-a');
    const { path } = await exportFrom(a, { secrets: true });
    const b = await engine('pack-t-b');
    await b.engine.profiles.proxies.save(
      { id: 'mine-proxy', name: 'Acme proxy', type: 'explicit', host: 'other.test', port: 8080 },
      'mine-pw-1',
    );
    await b.engine.packs.import({ path }, { passphrase: PLANTED.passphrase, onConflict: 'take-theirs' });
    expect(b.engine.profiles.proxies.get('mine-proxy')).toMatchObject({ host: 'proxy.acme.test', port: 3128 });
    expect(await b.engine.profiles.proxies.password('mine-proxy')).toBe(PLANTED.proxyPassword);
    expect((await b.engine.sites.get('Acme Berlin')).proxyProfileId).toBe('mine-proxy');
    expect((await b.engine.profiles.proxies.list()).map((p) => p.profile.id)).toEqual(['mine-proxy']);
  });

  it('forgets a replaced profile password the pack does not carry, and says so; keep-both names a sync copy as a sync name', async () => {
    const a = await engine('pack-f-a');
    const { path } = await exportFrom(a);
    const b = await engine('pack-f-b');
    await b.engine.profiles.proxies.save(
      { id: 'mine-proxy', name: 'Acme proxy', type: 'explicit', host: 'other.test', port: 8080 },
      'mine-pw-1',
    );
    await b.engine.profiles.appliances.save(
      {
        id: 'adc-a',
        name: 'ADC A',
        host: '10.9.9.9',
        port: 443,
        username: 'nsroot',
        trust: { mode: 'pinned', fingerprint256: 'CD'.repeat(32) },
      },
      'mine-adc-pw',
    );
    await seedSyncNamedWeb(b);
    const result = await b.engine.packs.import(
      { path },
      { resolutions: { 'proxy:proxy-acme': 'take-theirs', 'appliance:adc-a': 'keep-mine' }, onConflict: 'keep-both' },
    );
    expect(await b.engine.profiles.proxies.password('mine-proxy')).toBeNull();
    expect(result.notes.join(' ')).toMatch(/password of "Acme proxy" was forgotten/);
    expect(await b.engine.profiles.appliances.password('adc-a')).toBe('mine-adc-pw');
    expect(result.items.find((i) => i.kind === 'sync')).toMatchObject({ name: 'web-imported', outcome: 'added-copy' });
    // The copy pushes to this machine's "ADC A", which was kept.
    expect((await b.engine.syncs.definition({ sync: 'web-imported' })).destinations).toEqual([{ applianceId: 'adc-a' }]);
  });

  it('undoes everything written when a write fails midway', async () => {
    const a = await engine('pack-u-a');
    const { path } = await exportFrom(a, { secrets: true, keys: true });
    const b = await engine('pack-u-b');
    await b.engine.profiles.proxies.save(
      { id: 'mine-proxy', name: 'Acme proxy', type: 'explicit', host: 'other.test', port: 8080 },
      'mine-pw-1',
    );
    const before = {
      profiles: readFileSync(join(b.dataFolder, 'profiles.json'), 'utf8'),
      sites: existsSync(join(b.dataFolder, 'sites.json')) ? readFileSync(join(b.dataFolder, 'sites.json'), 'utf8') : undefined,
    };
    // The notifications file is made unwritable: profiles, sites, files and secrets were written before it.
    writeFileSync(join(b.dataFolder, 'notifications.json'), JSON.stringify({ version: 99, channels: [] }));
    await expect(b.engine.packs.import({ path }, { passphrase: PLANTED.passphrase, onConflict: 'take-theirs' })).rejects.toMatchObject({
      code: 'PACK_IMPORT_FAILED',
    });
    expect(readFileSync(join(b.dataFolder, 'profiles.json'), 'utf8')).toBe(before.profiles);
    expect((await b.engine.sites.list()).length).toBe(0);
    expect(await b.engine.profiles.proxies.password('mine-proxy')).toBe('mine-pw-1');
    expect(await b.engine.profiles.appliances.password('adc-a')).toBeNull();
    expect(existsSync(join(b.dataFolder, 'site-packs'))).toBe(true);
  });
});

/** A different sync named "web" on the importing machine. */
async function seedSyncNamedWeb(te: TestEngine): Promise<void> {
  const other = await packEngine('pack-other-sync');
  try {
    await seedSite(other.engine, 'Elsewhere');
    const def = await other.engine.syncs.definition({ sync: 'web' });
    if (def.source.kind !== 'pem') throw new Error('a PEM sync was seeded');
    await te.engine.syncs.save({
      name: 'web',
      description: "this machine's own",
      source: { kind: 'pem', cert: { path: def.source.cert }, key: { path: def.source.key } },
      destinations: [{ applianceId: 'adc-a' }],
    });
  } finally {
    other.close();
  }
}
