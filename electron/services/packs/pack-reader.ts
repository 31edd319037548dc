import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import {
  PACK_FORMAT,
  PACK_FORMAT_VERSION,
  PackAllowlistDocument,
  PackManifest,
  PackNotificationsDocument,
  PackProfilesDocument,
  PackSecrets,
  PackSitesDocument,
  type PackAllowlistVersion,
  type PackSecrets as PackSecretsType,
} from '../../../shared/schemas/site-packs.ts';
import { readZip, ZipDamaged, type ZipFileWords, type ZipLimits } from '../files/zip-file.ts';
import { open as openSealed, SealedSecrets } from './pack-crypto.ts';

/** The entries of format 1; a pack lacking one of the first four is damaged. */
export const PACK_ENTRIES = {
  manifest: 'manifest.json',
  sites: 'sites.json',
  profiles: 'profiles.json',
  notifications: 'notifications.json',
  allowlist: 'allowlist.json',
  secrets: 'secrets.enc',
} as const;

export const PACK_LIMITS: ZipLimits = { maxEntries: 2000, maxTotalBytes: 256 * 1024 * 1024, maxEntryBytes: 64 * 1024 * 1024 };
const PACK_WORDS: ZipFileWords = { a: 'a site pack', the: 'the pack' };

/** A pack checked from end to end: every entry matches the manifest, every document its schema, every reference resolves. */
export interface OpenedPack {
  manifest: PackManifest;
  manifestBytes: Buffer;
  sites: z.infer<typeof PackSitesDocument>['sites'];
  profiles: z.infer<typeof PackProfilesDocument>;
  channels: z.infer<typeof PackNotificationsDocument>['channels'];
  allowlistVersions: PackAllowlistVersion[];
  files: Map<string, Buffer>;
  /** Present when the pack seals secrets; opened only with the passphrase. */
  sealed?: SealedSecrets;
  secrets?: PackSecretsType['secrets'];
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function parseJson<T>(entry: string, data: Buffer | undefined, schema: z.ZodType<T>): T {
  if (data === undefined) throw new FieldkitError('PACK_DAMAGED', `The site pack lacks its ${entry}.`);
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    throw new FieldkitError('PACK_DAMAGED', `The site pack's ${entry} is not readable JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new FieldkitError('PACK_DAMAGED', `The site pack's ${entry} is not as Fieldkit writes it${where ? ` (at ${where})` : ''}.`);
  }
  return parsed.data;
}

/** The format is read before anything else: a newer pack is refused as newer, not as damaged. */
function readManifest(data: Buffer | undefined): { manifest: PackManifest; bytes: Buffer } {
  if (data === undefined) throw new FieldkitError('PACK_DAMAGED', 'The file is not a site pack: it has no manifest.json.');
  let head: unknown;
  try {
    head = JSON.parse(data.toString('utf8'));
  } catch {
    throw new FieldkitError('PACK_DAMAGED', "The site pack's manifest.json is not readable JSON.");
  }
  const version = z
    .strictObject({ format: z.literal(PACK_FORMAT), formatVersion: z.number().int() })
    .loose()
    .safeParse(head);
  if (!version.success) throw new FieldkitError('PACK_DAMAGED', 'The file is not a Fieldkit site pack.');
  if (version.data.formatVersion > PACK_FORMAT_VERSION) {
    throw new FieldkitError(
      'PACK_TOO_NEW',
      `The site pack is in format ${version.data.formatVersion}, made by a newer Fieldkit; this one reads formats up to ${PACK_FORMAT_VERSION}.`,
    );
  }
  return { manifest: parseJson('manifest.json', data, PackManifest), bytes: data };
}

export async function openPack(zip: Buffer, passphrase?: string): Promise<OpenedPack> {
  let entries;
  try {
    entries = await readZip(zip, PACK_LIMITS, PACK_WORDS);
  } catch (err) {
    if (err instanceof ZipDamaged) throw new FieldkitError('PACK_DAMAGED', err.message, { cause: err });
    throw err;
  }
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  const { manifest, bytes: manifestBytes } = readManifest(byName.get(PACK_ENTRIES.manifest));
  const listed = new Set(manifest.entries.map((e) => e.name));
  for (const entry of manifest.entries) {
    const data = byName.get(entry.name);
    if (data === undefined) throw new FieldkitError('PACK_DAMAGED', `The site pack lacks ${entry.name}, which its manifest lists.`);
    if (data.length !== entry.bytes || sha256(data) !== entry.sha256) {
      throw new FieldkitError('PACK_TAMPERED', `The site pack's ${entry.name} is not the file it was made with.`);
    }
  }
  for (const name of byName.keys()) {
    if (name !== PACK_ENTRIES.manifest && name !== PACK_ENTRIES.secrets && !listed.has(name)) {
      throw new FieldkitError('PACK_TAMPERED', `The site pack holds ${name}, which its manifest does not list.`);
    }
  }
  const sites = parseJson(PACK_ENTRIES.sites, byName.get(PACK_ENTRIES.sites), PackSitesDocument).sites;
  const profiles = parseJson(PACK_ENTRIES.profiles, byName.get(PACK_ENTRIES.profiles), PackProfilesDocument);
  const channels = parseJson(PACK_ENTRIES.notifications, byName.get(PACK_ENTRIES.notifications), PackNotificationsDocument).channels;
  const allowlistData = byName.get(PACK_ENTRIES.allowlist);
  const allowlistVersions = allowlistData ? parseJson(PACK_ENTRIES.allowlist, allowlistData, PackAllowlistDocument).versions : [];
  const files = new Map([...byName].filter(([name]) => name.startsWith('certificates/')));
  checkReferences({ sites, profiles, channels, files });
  const pack: OpenedPack = { manifest, manifestBytes, sites, profiles, channels, allowlistVersions, files };
  const sealedData = byName.get(PACK_ENTRIES.secrets);
  if (manifest.holds.secrets !== (sealedData !== undefined)) {
    throw new FieldkitError('PACK_TAMPERED', "The site pack's secrets do not match what its manifest says.");
  }
  if (sealedData) {
    pack.sealed = parseJson(PACK_ENTRIES.secrets, sealedData, SealedSecrets);
    if (passphrase !== undefined) pack.secrets = await openSecrets(pack.sealed, passphrase, manifestBytes);
  }
  return pack;
}

async function openSecrets(sealed: SealedSecrets, passphrase: string, manifestBytes: Buffer): Promise<PackSecretsType['secrets']> {
  const plain = await openSealed(sealed, passphrase, manifestBytes);
  if (plain === undefined) throw new FieldkitError('PACK_PASSPHRASE_WRONG');
  return parseJson(PACK_ENTRIES.secrets, plain, PackSecrets).secrets;
}

/** Everything a pack's items point at is in the pack: a reference to nothing would import a broken item. */
function checkReferences(pack: Pick<OpenedPack, 'sites' | 'profiles' | 'channels' | 'files'>): void {
  const proxyIds = pack.profiles.proxies.map((p) => p.id ?? '');
  const proxies = new Set(proxyIds);
  const appliances = new Set(pack.profiles.appliances.map((a) => a.id));
  const sites = new Set(pack.sites.map((s) => s.id));
  const broken = (what: string) => new FieldkitError('PACK_DAMAGED', `The site pack's ${what}.`);
  const unique = (kind: string, ids: string[]) => {
    if (new Set(ids).size !== ids.length) throw broken(`${kind} repeat an id or a name`);
  };
  unique(
    'sites',
    pack.sites.map((s) => s.id),
  );
  // Sites and syncs are named uniquely on every machine (SITE_NAME_TAKEN, SYNC_NAME_TAKEN); a pack cannot bring two of one name.
  unique(
    'sites',
    pack.sites.map((s) => s.name.trim().toLowerCase()),
  );
  unique(
    'syncs',
    pack.profiles.syncs.map((s) => s.name),
  );
  unique('proxy profiles', proxyIds);
  unique(
    'appliance profiles',
    pack.profiles.appliances.map((a) => a.id),
  );
  unique(
    'syncs',
    pack.profiles.syncs.map((s) => s.id),
  );
  unique(
    'channels',
    pack.channels.map((c) => c.id),
  );
  for (const s of pack.sites) {
    if (s.proxyProfileId && !proxies.has(s.proxyProfileId)) throw broken(`site "${s.name}" names a proxy profile the pack does not hold`);
  }
  for (const a of pack.profiles.appliances) {
    if (a.peerProfileId && !appliances.has(a.peerProfileId))
      throw broken(`appliance "${a.name ?? a.host}" names an HA peer the pack does not hold`);
  }
  for (const sync of pack.profiles.syncs) {
    if (sync.destinations.some((d) => !appliances.has(d.applianceId)))
      throw broken(`sync "${sync.name}" names an appliance the pack does not hold`);
    const source = sync.source;
    const names = source.kind === 'pem' ? [source.cert, source.key, source.chain] : [source.pfx];
    if (names.some((n) => n !== undefined && !pack.files.has(n)))
      throw broken(`sync "${sync.name}" names a certificate file the pack does not hold`);
    // Each file lands in the sync's own folder under its last name: two with one name would overwrite each other.
    const given = names.filter((n) => n !== undefined);
    if (new Set(given.map((n) => n.split('/').pop())).size !== given.length) throw broken(`sync "${sync.name}" names two files alike`);
  }
  for (const c of pack.channels) {
    if (c.proxyProfileId && !proxies.has(c.proxyProfileId))
      throw broken(`channel "${c.name}" names a proxy profile the pack does not hold`);
    if (c.siteIds?.some((id) => !sites.has(id))) throw broken(`channel "${c.name}" names a site the pack does not hold`);
  }
}
