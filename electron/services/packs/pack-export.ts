import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import type { NotificationChannel } from '../../../shared/schemas/notifications.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import {
  PACK_FORMAT,
  PACK_FORMAT_VERSION,
  type PackAllowlistVersion,
  type PackHolds,
  type PackManifest,
  type PackSecrets,
  type PackSync,
} from '../../../shared/schemas/site-packs.ts';
import type { Sync } from '../../../shared/schemas/syncs.ts';
import { readUserFile } from '../files/read-user-file.ts';
import { writeZip, type ZipEntry } from '../files/zip-file.ts';
import { fileReadFailure } from '../storage/file-read-failure.ts';
import { seal } from './pack-crypto.ts';
import { label, SECRET_KINDS, sameName } from './pack-items.ts';
import { PACK_ENTRIES } from './pack-reader.ts';
import type { PacksDeps } from './packs-deps.ts';

export interface PackExportInput {
  /** Sites by id or name: at least one. */
  siteIds: string[];
  /** Appliances to carry (by id or name) besides those the chosen syncs push to. */
  applianceIds?: string[] | undefined;
  /** Syncs to carry, by id or name; their source files go in the pack (the private key only with include.privateKeys). */
  syncIds?: string[] | undefined;
  /** Notification channels to carry, by id or name; their sites are narrowed to the chosen ones. */
  channelIds?: string[] | undefined;
  include?: { privateKeys?: boolean | undefined; secrets?: boolean | undefined; allowlistVersions?: boolean | undefined } | undefined;
  /** Required with include.secrets: at least 12 characters. */
  passphrase?: string | undefined;
}

export const MIN_PASSPHRASE_LENGTH = 12;

function pick<T extends { id: string }>(all: T[], wanted: string[], name: (t: T) => string, what: string): T[] {
  return wanted.map((w) => {
    const found = all.find((t) => t.id === w) ?? all.find((t) => sameName(name(t), w));
    if (!found) throw new FieldkitError('PACK_ITEM_NOT_FOUND', `There is no ${what} "${w}" to put in the pack.`);
    return found;
  });
}

const unique = <T extends { id: string }>(items: T[]) => [...new Map(items.map((i) => [i.id, i])).values()];

/** Builds the pack's bytes: the chosen items, what they point at, their certificate files, and their secrets sealed when asked. */
export async function buildPack(deps: PacksDeps, input: PackExportInput): Promise<{ zip: Buffer; holds: PackHolds; siteNames: string[] }> {
  const include = { privateKeys: false, secrets: false, allowlistVersions: false, ...input.include };
  if (input.siteIds.length === 0) throw new FieldkitError('PACK_NOTHING_CHOSEN', undefined, { field: 'siteIds' });
  if (include.secrets && (input.passphrase ?? '').length < MIN_PASSPHRASE_LENGTH) {
    throw new FieldkitError('PACK_PASSPHRASE_WEAK', undefined, { field: 'passphrase' });
  }
  if (input.passphrase) deps.redactor.remember(input.passphrase);
  await deps.sites.refresh();
  await deps.profiles.refresh();
  const sites = unique(pick(deps.sites.value.sites, input.siteIds, label.site, 'site'));
  const siteIds = new Set(sites.map((s) => s.id));
  const syncs = unique(pick(deps.profiles.syncs(), input.syncIds ?? [], label.sync, 'sync'));
  const channels = unique(
    pick((await deps.notifications.current()).channels, input.channelIds ?? [], label.channel, 'notification channel'),
  ).map((c): NotificationChannel => {
    if (!c.siteIds) return c;
    const kept = c.siteIds.filter((id) => siteIds.has(id));
    if (kept.length === 0) {
      throw new FieldkitError(
        'PACK_ITEM_NOT_FOUND',
        `The channel "${c.name}" is for other sites than the ones chosen; choose its sites too, or leave it out.`,
      );
    }
    return { ...c, siteIds: kept };
  });
  const allAppliances = deps.profiles.appliances();
  let appliances = unique([
    ...pick(allAppliances, input.applianceIds ?? [], label.appliance, 'appliance'),
    ...pick(
      allAppliances,
      syncs.flatMap((s) => s.destinations.map((d) => d.applianceId)),
      label.appliance,
      'appliance',
    ),
  ]);
  // An HA pair travels together: the peer is what a push checks after the primary.
  appliances = unique([...appliances, ...appliances.flatMap((a) => allAppliances.filter((p) => p.id === a.peerProfileId))]);
  const proxyIds = new Set([...sites, ...channels].flatMap((x) => (x.proxyProfileId ? [x.proxyProfileId] : [])));
  const proxies = deps.profiles.proxies().filter((p) => proxyIds.has(p.id));

  const files: ZipEntry[] = [];
  const packSyncs: PackSync[] = [];
  for (const sync of syncs) packSyncs.push(await packSync(sync, include.privateKeys, files));

  const allowlistVersions: PackAllowlistVersion[] = include.allowlistVersions
    ? // The bundled baseline ships with every install: only fetched versions travel.
      deps.allowlist
        .list(500)
        .filter((v) => v.source === 'api')
        .map((v) => {
          const stored = deps.allowlist.stored(v.id);
          return stripUndefined<PackAllowlistVersion>({ ...stored, query: stripUndefined(stored.query) });
        })
    : [];

  const docs: ZipEntry[] = [
    json(PACK_ENTRIES.sites, { sites }),
    json(PACK_ENTRIES.profiles, { proxies, appliances, syncs: packSyncs }),
    json(PACK_ENTRIES.notifications, { channels }),
    ...(include.allowlistVersions ? [json(PACK_ENTRIES.allowlist, { versions: allowlistVersions })] : []),
    ...files,
  ];
  const secrets = include.secrets ? await gatherSecrets(deps, { proxies, appliances, syncs, channels }) : [];
  const holds: PackHolds = {
    sites: sites.map((s) => s.name),
    proxies: proxies.length,
    appliances: appliances.length,
    syncs: syncs.length,
    channels: channels.length,
    allowlistVersions: allowlistVersions.length,
    certificateFiles: files.length,
    privateKeys: include.privateKeys,
    secrets: include.secrets,
  };
  const createdAt = deps.now();
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    appVersion: deps.appVersion,
    createdAt: createdAt.toISOString(),
    holds,
    entries: docs.map((d) => ({ name: d.name, bytes: d.data.length, sha256: createHash('sha256').update(d.data).digest('hex') })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  const entries = [{ name: PACK_ENTRIES.manifest, data: manifestBytes }, ...docs];
  if (include.secrets) {
    const plain = Buffer.from(JSON.stringify({ secrets } satisfies PackSecrets));
    const sealed = await seal(plain, input.passphrase!, manifestBytes);
    plain.fill(0);
    entries.push({ name: PACK_ENTRIES.secrets, data: Buffer.from(JSON.stringify(sealed, null, 2) + '\n') });
  }
  return { zip: await writeZip(entries, createdAt), holds, siteNames: sites.map((s) => s.name) };
}

function json(name: string, value: unknown): ZipEntry {
  return { name, data: Buffer.from(JSON.stringify(value, null, 2) + '\n') };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The sync with its source's files copied in: certificate and chain always, the key or PFX only when private keys go too. */
async function packSync(sync: Sync, privateKeys: boolean, files: ZipEntry[]): Promise<PackSync> {
  const folder = `certificates/${sync.id}`;
  const add = async (role: string, path: string, entry: string): Promise<string> => {
    let data: Buffer;
    try {
      data = await readUserFile(path);
    } catch (err) {
      throw new FieldkitError(
        'PACK_ITEM_NOT_FOUND',
        `The ${role} of sync "${sync.name}" (${basename(path)}) could not be read: ${fileReadFailure(err)}.`,
        {
          hint: 'Put the file back where the sync reads it, or leave the sync out of the pack.',
        },
      );
    }
    const name = `${folder}/${entry}`;
    files.push({ name, data });
    return name;
  };
  const s = sync.source;
  if (s.kind === 'pfx')
    return { ...sync, source: privateKeys ? { kind: 'pfx', pfx: await add('PFX file', s.pfx, 'source.pfx') } : { kind: 'pfx' } };
  return {
    ...sync,
    source: {
      kind: 'pem',
      cert: await add('certificate file', s.cert, 'cert.pem'),
      ...(s.chain ? { chain: await add('chain file', s.chain, 'chain.pem') } : {}),
      ...(privateKeys ? { key: await add('key file', s.key, 'key.pem') } : {}),
    },
  };
}

async function gatherSecrets(
  deps: PacksDeps,
  items: { proxies: SavedProxyProfile[]; appliances: ApplianceProfile[]; syncs: Sync[]; channels: NotificationChannel[] },
): Promise<PackSecrets['secrets']> {
  const owners = [
    ...items.proxies.map((p) => ['proxy', p.id] as const),
    ...items.appliances.map((a) => ['appliance', a.id] as const),
    ...items.syncs.map((s) => ['sync', s.id] as const),
    ...items.channels.map((c) => ['channel', c.id] as const),
  ];
  const secrets: PackSecrets['secrets'] = [];
  for (const [kind, id] of owners) {
    for (const secretKind of SECRET_KINDS[kind]) {
      const value = await deps.secrets.reveal({ kind: secretKind, profileId: id });
      if (value !== null) secrets.push({ kind: secretKind, id, value });
    }
  }
  return secrets;
}

export function packFileName(siteNames: string[], at: Date): string {
  const stem = siteNames.length === 1 ? siteNames[0]! : `${siteNames.length}-sites`;
  const safe =
    stem
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'site';
  return `${safe}-${at.toISOString().slice(0, 10)}.fieldkit`;
}
