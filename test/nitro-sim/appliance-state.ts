import { createHash, X509Certificate } from 'node:crypto';
import type { Inform } from './cert-inspection.ts';

/**
 * The simulated appliance's state. One disk (files keyed by absolute path, as on
 * a real appliance where partitions are folders) and per-partition running
 * config (certkeys, SSL vservers, bindings, save marker).
 */
export type HaState = 'standalone' | 'primary' | 'secondary';

export interface SimFile {
  contentBase64: string;
  modifiedAt: string;
}

export interface SimCertKey {
  certkey: string;
  /** Absolute path of the certificate file as the appliance resolved it. */
  cert: string;
  /** Absolute path of the key file; absent for CA certkeys added without a key. */
  key?: string;
  inform: Inform;
  linkcertkeyname?: string;
  expirymonitor: 'ENABLED' | 'DISABLED';
  notificationperiod?: number;
  /** Kept in memory to reload the key; never appears in a snapshot or a response. */
  passplain?: string;
  /**
   * The certificate the appliance loaded (DER, base64). Overwriting the file on
   * disk does not change it: only `?action=update` reloads, as on a real appliance.
   * Seeded certkeys may leave it out; it is then loaded from `cert` after seeding.
   */
  loadedCertBase64?: string;
}

export interface SimBinding {
  vservername: string;
  certkeyname: string;
  snicert: boolean;
  ca: boolean;
}

export interface SimVserver {
  name: string;
}

export interface SavedConfigMarker {
  count: number;
  lastSavedAt?: string;
  /** Digest of the partition's running config at the last save, to tell unsaved changes. */
  savedConfigDigest?: string;
}

export interface PartitionState {
  certkeys: Record<string, SimCertKey>;
  vservers: Record<string, SimVserver>;
  bindings: SimBinding[];
  saves: SavedConfigMarker;
}

/** A command the HA primary passed on that failed here, as a real secondary would log it. */
export interface PropagationError {
  command: string;
  partition: string;
  errorcode: number;
  message: string;
}

export interface ApplianceState {
  name: string;
  version: string;
  haState: HaState;
  /** Commands from the HA primary this node could not apply (it then differs from the primary). */
  propagationErrors: PropagationError[];
  /** Bytes still free on the disk; undefined for unlimited. */
  diskFreeBytes?: number;
  files: Record<string, SimFile>;
  partitions: Record<string, PartitionState>;
  /** Seeding helpers: write a file (absolute path) with text or bytes. */
  putFile(path: string, content: string | Buffer): void;
  /** Seeding helpers: a certkey whose cert/key are file paths (relative ones resolve in the partition's ssl folder). */
  addCertKey(
    ck: Omit<SimCertKey, 'inform' | 'expirymonitor' | 'cert' | 'key'> & {
      cert: string;
      key?: string;
      inform?: Inform;
      expirymonitor?: 'ENABLED' | 'DISABLED';
    },
    partition?: string,
  ): void;
  addVserver(name: string, partition?: string): void;
  bind(binding: { vservername: string; certkeyname: string; snicert?: boolean; ca?: boolean }, partition?: string): void;
}

export interface FileSnapshot {
  path: string;
  location: string;
  name: string;
  size: number;
  sha256: string;
  contentBase64: string;
  modifiedAt: string;
}

export interface CertKeySnapshot {
  certkey: string;
  cert: string;
  key: string | null;
  inform: Inform;
  linkcertkeyname: string | null;
  expirymonitor: 'ENABLED' | 'DISABLED';
  notificationperiod: number | null;
  hasPassplain: boolean;
  /** SHA-256 of the loaded certificate's DER (upper-case hex with colons). */
  loadedCertFingerprint256: string | null;
  loadedCertSerial: string | null;
  loadedCertSubject: string | null;
}

export interface PartitionSnapshot {
  name: string;
  certkeys: CertKeySnapshot[];
  vservers: string[];
  bindings: SimBinding[];
  saves: { count: number; lastSavedAt: string | null; unsavedChanges: boolean };
}

export interface ApplianceSnapshot {
  name: string;
  version: string;
  haState: HaState;
  propagationErrors: PropagationError[];
  diskFreeBytes: number | null;
  files: FileSnapshot[];
  partitions: PartitionSnapshot[];
}

export function defaultSslDir(partition: string): string {
  return partition === 'default' ? '/nsconfig/ssl/' : `/nsconfig/partitions/${partition}/ssl/`;
}

export function emptyPartition(): PartitionState {
  return { certkeys: {}, vservers: {}, bindings: [], saves: { count: 0 } };
}

function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

function fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

function certKeySnapshot(ck: SimCertKey): CertKeySnapshot {
  let fp: string | null = null;
  let serial: string | null = null;
  let subject: string | null = null;
  if (ck.loadedCertBase64) {
    const der = Buffer.from(ck.loadedCertBase64, 'base64');
    fp = fingerprint(der);
    try {
      const x = new X509Certificate(der);
      serial = x.serialNumber.toUpperCase();
      subject = x.subject.split('\n').join(',');
    } catch {
      // a certkey always holds a parsed certificate; keep nulls if not
    }
  }
  return {
    certkey: ck.certkey,
    cert: ck.cert,
    key: ck.key ?? null,
    inform: ck.inform,
    linkcertkeyname: ck.linkcertkeyname ?? null,
    expirymonitor: ck.expirymonitor,
    notificationperiod: ck.notificationperiod ?? null,
    hasPassplain: Boolean(ck.passplain),
    loadedCertFingerprint256: fp,
    loadedCertSerial: serial,
    loadedCertSubject: subject,
  };
}

/** The part of a partition that `save ns config` persists, in stable order. */
export function runningConfigDigest(p: PartitionState): string {
  const config = {
    certkeys: Object.values(p.certkeys)
      .map(certKeySnapshot)
      .sort(byKey((c) => c.certkey)),
    vservers: Object.keys(p.vservers).sort(),
    bindings: sortedBindings(p.bindings),
  };
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

function sortedBindings(bindings: SimBinding[]): SimBinding[] {
  return bindings
    .map((b) => ({ vservername: b.vservername, certkeyname: b.certkeyname, snicert: b.snicert, ca: b.ca }))
    .sort(byKey((b) => `${b.vservername}\u0000${b.certkeyname}\u0000${b.snicert}\u0000${b.ca}`));
}

export function snapshotState(s: ApplianceState): ApplianceSnapshot {
  const files: FileSnapshot[] = Object.entries(s.files)
    .map(([path, f]) => {
      const bytes = Buffer.from(f.contentBase64, 'base64');
      const cut = path.lastIndexOf('/') + 1;
      return {
        path,
        location: path.slice(0, cut),
        name: path.slice(cut),
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        contentBase64: f.contentBase64,
        modifiedAt: f.modifiedAt,
      };
    })
    .sort(byKey((f) => f.path));
  const partitions: PartitionSnapshot[] = Object.entries(s.partitions)
    .map(([name, p]) => ({
      name,
      certkeys: Object.values(p.certkeys)
        .map(certKeySnapshot)
        .sort(byKey((c) => c.certkey)),
      vservers: Object.keys(p.vservers).sort(),
      bindings: sortedBindings(p.bindings),
      saves: {
        count: p.saves.count,
        lastSavedAt: p.saves.lastSavedAt ?? null,
        unsavedChanges: hasUnsavedChanges(p),
      },
    }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name < b.name ? -1 : 1));
  return {
    name: s.name,
    version: s.version,
    haState: s.haState,
    propagationErrors: structuredClone(s.propagationErrors),
    diskFreeBytes: s.diskFreeBytes ?? null,
    files,
    partitions,
  };
}

const emptyDigest = runningConfigDigest(emptyPartition());

/** What NITRO reports as nsconfig `configchanged`: the running configuration differs from the last save. */
export function hasUnsavedChanges(p: PartitionState): boolean {
  return (p.saves.savedConfigDigest ?? emptyDigest) !== runningConfigDigest(p);
}
