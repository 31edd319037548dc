import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { FieldkitError, isFieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import type { NotificationChannel, NotificationsFile } from '../../../shared/schemas/notifications.ts';
import type { ProfilesFile, SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { SecretKind } from '../../../shared/schemas/secrets.ts';
import type { ConflictResolution, PackImportResult, PackItemKind, PackPreviewItem, PackSync } from '../../../shared/schemas/site-packs.ts';
import type { Site, SitesFile } from '../../../shared/schemas/sites.ts';
import type { Sync } from '../../../shared/schemas/syncs.ts';
import type { NewAllowlistVersion } from '../allowlist/allowlist-store.ts';
import { label, SECRET_KINDS, sameName } from './pack-items.ts';
import type { OpenedPack } from './pack-reader.ts';
import type { PacksDeps } from './packs-deps.ts';

type ObjectKind = Exclude<PackItemKind, 'allowlist'>;
type Outcome = PackImportResult['items'][number]['outcome'];

/** One item of the pack, decided: what happens to it here and the id it has here. */
interface Decision<T> {
  key: string;
  kind: ObjectKind;
  name: string;
  action: PackPreviewItem['action'];
  existing?: { id: string; name: string; value: T };
  localId: string;
  /** What is written (add, take-theirs, keep-both); undefined: nothing. */
  write?: T;
  outcome: Outcome;
  notes: string[];
}

export interface ImportPlan {
  proxies: Decision<SavedProxyProfile>[];
  appliances: Decision<ApplianceProfile>[];
  sites: Decision<Site>[];
  syncs: Decision<Sync>[];
  channels: Decision<NotificationChannel>[];
  allowlist: { version: NewAllowlistVersion; name: string; add: boolean }[];
  /** Conflicts without a resolution: the preview shows them, an import refuses. */
  unresolved: string[];
}

interface Local {
  proxies: SavedProxyProfile[];
  appliances: ApplianceProfile[];
  sites: Site[];
  syncs: Sync[];
  channels: NotificationChannel[];
}

const IMPORTED = ' (imported)';

/** The name a kept-both copy gets: the pack's with "(imported)", numbered until it is free, within the kind's length. */
function copyName(name: string, taken: (n: string) => boolean, max: number, syncStyle = false): string {
  for (let i = 1; i < 1000; i++) {
    const tail = syncStyle ? (i === 1 ? '-imported' : `-imported-${i}`) : i === 1 ? IMPORTED : ` (imported ${i})`;
    const candidate = name.slice(0, max - tail.length) + tail;
    if (!taken(candidate)) return candidate;
  }
  return `${name.slice(0, max - 13)}${syncStyle ? '-' : ' '}${randomBytes(6).toString('hex')}`;
}

function decide<T extends { id: string }>(
  kind: ObjectKind,
  items: T[],
  local: T[],
  name: (t: T) => string,
  remap: (t: T) => T,
  resolutions: Record<string, ConflictResolution>,
  usedIds: Set<string>,
  newId: () => string,
  rename: (t: T, taken: (n: string) => boolean) => T,
  comparable: (t: T) => unknown = (t) => t,
): Decision<T>[] {
  const freeId = (id: string) => {
    const chosen = usedIds.has(id) ? newId() : id;
    usedIds.add(chosen);
    return chosen;
  };
  const taken = (n: string) => local.some((l) => sameName(name(l), n)) || items.some((i) => sameName(name(i), n));
  // One item here answers for one item of the pack: two of the pack never both replace it.
  const claimed = new Set<string>();
  return items.map((item) => {
    const key = `${kind}:${item.id}`;
    const match = local.find((l) => l.id === item.id) ?? local.find((l) => !claimed.has(l.id) && sameName(name(l), name(item)));
    if (match) claimed.add(match.id);
    const theirs = remap(item);
    if (!match) {
      const localId = freeId(item.id);
      return { key, kind, name: name(item), action: 'add', localId, write: { ...theirs, id: localId }, outcome: 'added', notes: [] };
    }
    const existing = { id: match.id, name: name(match), value: match };
    if (isDeepStrictEqual(comparable({ ...theirs, id: match.id }), comparable(match))) {
      return { key, kind, name: name(item), action: 'unchanged', existing, localId: match.id, outcome: 'unchanged', notes: [] };
    }
    const base = { key, kind, name: name(item), action: 'conflict' as const, existing, notes: [] };
    switch (resolutions[key]) {
      case 'take-theirs':
        return { ...base, localId: match.id, write: { ...theirs, id: match.id }, outcome: 'replaced' };
      case 'keep-both': {
        const localId = freeId(newId());
        return { ...base, localId, write: rename({ ...theirs, id: localId }, taken), outcome: 'added-copy' };
      }
      // No resolution yet: the preview shows the conflict, an import refuses before anything is written.
      default:
        return { ...base, localId: match.id, outcome: 'kept-mine' };
    }
  });
}

const syncFolder = (deps: PacksDeps, localId: string) => join(deps.dataFolder, 'site-packs', localId);

/** Decides every item against this machine's data, without writing anything. */
export async function planImport(deps: PacksDeps, pack: OpenedPack, resolutions: Record<string, ConflictResolution>): Promise<ImportPlan> {
  await deps.sites.refresh();
  await deps.profiles.refresh();
  const local: Local = {
    proxies: deps.profiles.proxies(),
    appliances: deps.profiles.appliances(),
    sites: deps.sites.value.sites,
    syncs: deps.profiles.syncs(),
    channels: (await deps.notifications.current()).channels,
  };
  const ids = (xs: Array<{ id: string }>) => new Set(xs.map((x) => x.id));
  const map = (decisions: Array<{ key: string; localId: string }>) =>
    new Map(decisions.map((d) => [d.key.slice(d.key.indexOf(':') + 1), d.localId]));

  const proxies = decide<SavedProxyProfile>(
    'proxy',
    pack.profiles.proxies as SavedProxyProfile[],
    local.proxies,
    label.proxy,
    (p) => p,
    resolutions,
    ids(local.proxies),
    randomUUID,
    (p, taken) => ({ ...p, name: copyName(label.proxy(p), taken, 100) }),
  );
  const proxyIds = map(proxies);
  const withoutPeer = (a: ApplianceProfile) => ({ ...a, peerProfileId: undefined });
  const appliances = decide<ApplianceProfile>(
    'appliance',
    pack.profiles.appliances,
    local.appliances,
    label.appliance,
    (a) => a,
    resolutions,
    ids(local.appliances),
    randomUUID,
    (a, taken) => ({ ...a, name: copyName(label.appliance(a), taken, 100) }),
    withoutPeer,
  );
  const applianceIds = map(appliances);
  // HA peers point within the kind: mapped once every appliance has its id here.
  for (const d of appliances) {
    if (d.write?.peerProfileId) d.write = { ...d.write, peerProfileId: applianceIds.get(d.write.peerProfileId)! };
  }
  const sites = decide<Site>(
    'site',
    pack.sites,
    local.sites,
    label.site,
    (s) => (s.proxyProfileId ? { ...s, proxyProfileId: proxyIds.get(s.proxyProfileId)! } : s),
    resolutions,
    ids(local.sites),
    randomUUID,
    (s, taken) => ({ ...s, name: copyName(s.name, taken, 80) }),
  );
  const siteIds = map(sites);
  const packSyncs = new Map(pack.profiles.syncs.map((s) => [s.id, s]));
  const withoutSource = (s: Sync) => ({ ...s, source: undefined });
  const syncs = decide<Sync>(
    'sync',
    pack.profiles.syncs as unknown as Sync[],
    local.syncs,
    label.sync,
    (s) => ({ ...s, destinations: s.destinations.map((d) => ({ ...d, applianceId: applianceIds.get(d.applianceId)! })) }),
    resolutions,
    ids(local.syncs),
    () => `sync-${randomBytes(6).toString('hex')}`,
    (s, taken) => ({ ...s, name: copyName(s.name, taken, 40, true) }),
    withoutSource,
  );
  for (const d of syncs) {
    const packed = packSyncs.get(d.key.slice('sync:'.length))!;
    if (packed.source.kind === 'pem' ? !packed.source.key : !packed.source.pfx) {
      d.notes.push('The pack holds no private key for this sync: give it its key (or PFX) before it runs.');
    }
    if (d.write) d.write = { ...d.write, source: localSource(packed.source, syncFolder(deps, d.localId)) };
  }
  const channels = decide<NotificationChannel>(
    'channel',
    pack.channels,
    local.channels,
    label.channel,
    (c) => ({
      ...c,
      ...(c.proxyProfileId ? { proxyProfileId: proxyIds.get(c.proxyProfileId)! } : {}),
      ...(c.siteIds ? { siteIds: c.siteIds.map((id) => siteIds.get(id)!) } : {}),
    }),
    resolutions,
    ids(local.channels),
    randomUUID,
    (c, taken) => ({ ...c, name: copyName(c.name, taken, 80) }),
  );

  const stored = deps.allowlist.list(500);
  const allowlist = pack.allowlistVersions.map((v) => {
    const add = !stored.some(
      (s) =>
        s.source === v.source && s.fetchedAt === v.fetchedAt && s.version === v.document.version && isDeepStrictEqual(s.query, v.query),
    );
    return { version: v, name: `${v.query.format} ${v.query.geo} ${v.document.version} (${v.fetchedAt})`, add };
  });
  const all = [...proxies, ...appliances, ...sites, ...syncs, ...channels];
  const unresolved = all.filter((d) => d.action === 'conflict' && resolutions[d.key] === undefined).map((d) => d.key);
  return { proxies, appliances, sites, syncs, channels, allowlist, unresolved };
}

/** Where a sync imported from a pack reads its files: a folder of its own in the data folder (the key may still be missing). */
function localSource(source: PackSync['source'], folder: string): Sync['source'] {
  const file = (entry: string | undefined, fallback: string) => join(folder, (entry ?? fallback).split('/').pop()!);
  if (source.kind === 'pfx') return { kind: 'pfx', pfx: file(source.pfx, 'source.pfx') };
  return {
    kind: 'pem',
    cert: file(source.cert, 'cert.pem'),
    key: file(source.key, 'key.pem'),
    ...(source.chain ? { chain: file(source.chain, 'chain.pem') } : {}),
  };
}

export async function previewItems(
  deps: PacksDeps,
  plan: ImportPlan,
  pack: OpenedPack,
  resolutions: Record<string, ConflictResolution>,
): Promise<PackPreviewItem[]> {
  const carried = new Set((pack.secrets ?? []).map((s) => s.id));
  const sealed = pack.manifest.holds.secrets;
  const decisions = [...plan.sites, ...plan.proxies, ...plan.appliances, ...plan.syncs, ...plan.channels];
  const objects = await Promise.all(
    decisions.map(async (d): Promise<PackPreviewItem> => {
      const resolution = d.action === 'conflict' ? resolutions[d.key] : undefined;
      return {
        key: d.key,
        kind: d.kind,
        name: d.name,
        action: d.action,
        ...(d.existing ? { existing: d.existing.name } : {}),
        ...(resolution ? { resolution } : {}),
        carriesSecret: sealed && d.kind !== 'site' && carried.has(d.key.slice(d.key.indexOf(':') + 1)),
        notes: [...d.notes, ...(await secretsReplaced(deps, pack, d))],
      };
    }),
  );
  const versions = plan.allowlist.map((a, i): PackPreviewItem => ({
    key: `allowlist:${i}`,
    kind: 'allowlist',
    name: a.name,
    action: a.add ? 'add' : 'unchanged',
    carriesSecret: false,
    notes: [],
  }));
  return [...objects, ...versions];
}

/**
 * The keychain is the user's, not the data folder's: another Fieldkit data
 * folder (FIELDKIT_HOME) of the same user may have saved a secret under the
 * same item, and the import would overwrite it. Said before, not found after.
 */
async function secretsReplaced(deps: PacksDeps, pack: OpenedPack, d: Decision<{ id: string }>): Promise<string[]> {
  if (!d.write || d.kind === 'site') return [];
  const packId = d.key.slice(d.key.indexOf(':') + 1);
  const notes: string[] = [];
  for (const kind of SECRET_KINDS[d.kind]) {
    if (!(pack.secrets ?? []).some((s) => s.kind === kind && s.id === packId)) continue;
    if ((await deps.secrets.status({ kind, profileId: d.localId })).saved)
      notes.push(`Would replace the ${SECRET_WORDS[kind]} already saved in this computer's keychain for it.`);
  }
  return notes;
}

const SECRET_WORDS: Record<SecretKind, string> = {
  'appliance-password': 'password',
  'proxy-password': 'password',
  'pfx-passphrase': 'passphrase',
  'notification-secret': 'webhook URL, routing key or password',
  'notification-signing-key': 'signing key',
};

/** The same resolution for every conflict, unless one is given for the item by its key. */
export function resolutionsFor(
  plan: Pick<OpenedPack, 'sites' | 'profiles' | 'channels'>,
  byKey: Record<string, ConflictResolution> = {},
  onConflict?: ConflictResolution,
): Record<string, ConflictResolution> {
  const keys = [
    ...plan.sites.map((s) => `site:${s.id}`),
    ...plan.profiles.proxies.map((p) => `proxy:${p.id}`),
    ...plan.profiles.appliances.map((a) => `appliance:${a.id}`),
    ...plan.profiles.syncs.map((s) => `sync:${s.id}`),
    ...plan.channels.map((c) => `channel:${c.id}`),
  ];
  return Object.fromEntries(
    keys.flatMap((k) => {
      const r = byKey[k] ?? onConflict;
      return r ? [[k, r]] : [];
    }),
  );
}

/** The items an import cannot go ahead with, as the user knows them ("site Tokyo"). */
export function unresolvedNames(plan: ImportPlan): string[] {
  const all = [...plan.sites, ...plan.proxies, ...plan.appliances, ...plan.syncs, ...plan.channels];
  return plan.unresolved.map((key) => {
    const d = all.find((x) => x.key === key);
    return d ? `${KIND_WORDS[d.kind]} "${d.name}"` : key;
  });
}

const KIND_WORDS: Record<ObjectKind, string> = {
  site: 'site',
  proxy: 'proxy profile',
  appliance: 'appliance',
  sync: 'sync',
  channel: 'channel',
};

type Undo = () => Promise<void>;

/** Writes the plan: files, secrets, profiles, sites, channels, then allowlist versions; a failure undoes what was written, newest first. */
export async function applyImport(deps: PacksDeps, pack: OpenedPack, plan: ImportPlan): Promise<PackImportResult> {
  const undo: Undo[] = [];
  const notes: string[] = [];
  let secretsSaved = 0;
  try {
    for (const d of plan.syncs) {
      if (!d.write) continue;
      const folder = syncFolder(deps, d.localId);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      undo.push(() => rm(folder, { recursive: true, force: true }));
      const packed = pack.profiles.syncs.find((s) => `sync:${s.id}` === d.key)!;
      const entries = packed.source.kind === 'pem' ? [packed.source.cert, packed.source.chain, packed.source.key] : [packed.source.pfx];
      for (const entry of entries) {
        if (entry) await writeFile(join(folder, entry.split('/').pop()!), pack.files.get(entry)!, { mode: 0o600 });
      }
    }
    const packSecrets = pack.secrets ?? [];
    const owners = [...plan.proxies, ...plan.appliances, ...plan.syncs, ...plan.channels].filter((d) => d.write);
    for (const d of owners) {
      const packId = d.key.slice(d.key.indexOf(':') + 1);
      for (const kind of SECRET_KINDS[d.kind as keyof typeof SECRET_KINDS]) {
        const value = packSecrets.find((s) => s.kind === kind && s.id === packId)?.value;
        // A replaced profile's password belonged to the old destination; a channel's secret is its address and stays.
        const forget = value === undefined && d.outcome === 'replaced' && d.kind !== 'channel';
        if (value === undefined && !forget) continue;
        await keepSecret(deps, undo, kind, d.localId, value);
        if (value !== undefined) secretsSaved++;
        else notes.push(`The saved password of "${d.existing?.name ?? d.name}" was forgotten with the replaced profile: type it again.`);
      }
    }
    await writeStore<ProfilesFile>(undo, (change) => deps.profiles.updateAll(change), [
      ['proxies', plan.proxies],
      ['appliances', plan.appliances],
      ['syncs', plan.syncs],
    ]);
    await writeStore<SitesFile>(undo, (change) => deps.sites.update(change), [['sites', plan.sites]]);
    await writeStore<NotificationsFile>(undo, (change) => deps.notifications.update(change), [['channels', plan.channels]]);
    const versions = plan.allowlist.filter((a) => a.add).map((a) => a.version);
    if (versions.length > 0) deps.allowlist.addAll(versions);
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    const why = isFieldkitError(err) ? err.message : err instanceof Error ? err.message : String(err);
    throw new FieldkitError('PACK_IMPORT_FAILED', `The import stopped partway and what it had written was undone: ${why}`, { cause: err });
  }
  const items = [...plan.sites, ...plan.proxies, ...plan.appliances, ...plan.syncs, ...plan.channels].map((d) => ({
    key: d.key,
    kind: d.kind,
    name: d.write && 'name' in d.write && typeof d.write.name === 'string' ? d.write.name : d.name,
    outcome: d.outcome,
  }));
  const versions = plan.allowlist.map((a, i) => {
    const outcome: Outcome = a.add ? 'added' : 'unchanged';
    return { key: `allowlist:${i}`, kind: 'allowlist' as const, name: a.name, outcome };
  });
  for (const d of plan.syncs) {
    const written = d.write;
    if (written) notes.push(...d.notes.map((n) => `Sync "${label.sync(written)}": ${n}`));
  }
  return { items: [...items, ...versions], secretsSaved, notes };
}

async function keepSecret(deps: PacksDeps, undo: Undo[], kind: SecretKind, profileId: string, value: string | undefined): Promise<void> {
  const ref = { kind, profileId };
  const before = await deps.secrets.reveal(ref);
  undo.push(async () => {
    if (before === null) await deps.secrets.delete(ref);
    else await deps.secrets.save(ref, before);
  });
  if (value === undefined) await deps.secrets.delete(ref);
  else await deps.secrets.save(ref, value);
}

/** Puts the written items in (replacing by id) and records how to take them out again: added ones removed, replaced ones restored. */
async function writeStore<F>(
  undo: Undo[],
  update: (change: (onDisk: F) => F) => Promise<unknown>,
  lists: Array<[string, Array<Decision<{ id: string }>>]>,
): Promise<void> {
  const writes = lists.map(([field, ds]) => [field, ds.filter((d) => d.write)] as const).filter(([, ds]) => ds.length > 0);
  if (writes.length === 0) return;
  const apply = (onDisk: F, put: (d: Decision<{ id: string }>) => { id: string } | undefined): F => {
    const next = { ...onDisk } as Record<string, Array<{ id: string }>>;
    for (const [field, ds] of writes) {
      let list = next[field]!;
      for (const d of ds) {
        const value = put(d);
        const without = list.filter((x) => x.id !== d.localId);
        list =
          value === undefined
            ? without
            : list.some((x) => x.id === d.localId)
              ? list.map((x) => (x.id === d.localId ? value : x))
              : [...without, value];
      }
      next[field] = list;
    }
    return next as F;
  };
  await update((onDisk) => apply(onDisk, (d) => d.write));
  undo.push(async () => {
    await update((onDisk) => apply(onDisk, (d) => (d.outcome === 'replaced' ? d.existing!.value : undefined)));
  });
}
