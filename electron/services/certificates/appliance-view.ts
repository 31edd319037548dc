import { readHaNodesCall } from '../nitro/appliance-calls.ts';
import { readAllBindingsCall, readVserverBindingsCall } from '../nitro/certkey-binding-calls.ts';
import type { NitroCall } from '../nitro/nitro-call.ts';
import type { HaInfo, NitroClient } from '../nitro/nitro-client.ts';
import { fieldText } from '../nitro/nitro-field.ts';
import { hasNitroErrorcode, isNitroFailure, NitroFailure } from '../nitro/nitro-failure.ts';
import { listCertkeysCall } from '../nitro/sslcertkey-calls.ts';
import { listFilesCall, readFileCall } from '../nitro/systemfile-calls.ts';
import { normalizeDn, normalizeSerial } from '../x509/certificate-fields.ts';

/**
 * What a plan is computed from: one read of each kind, no more (a renewal
 * must stay within ten NITRO requests, reads included).
 */

export interface ApplianceCertkey {
  name: string;
  /** Paths as the appliance reports them (absolute, or relative to the partition's SSL folder). */
  certPath: string;
  keyPath?: string;
  inform: string;
  serialHex: string;
  subject: string;
  issuer: string;
  /** DNS names and addresses of the certificate (NITRO `sandns`, `sanipadd`); undefined when the build does not report them. */
  sans?: string[];
  notAfter?: string;
  daysLeft?: number;
  status?: string;
  linkedTo?: string;
  certificateType: string[];
  expiryMonitor?: string;
  notificationPeriod?: number;
}

export interface ApplianceBinding {
  vserver: string;
  certkey: string;
  sni: boolean;
  ca: boolean;
}

export interface ApplianceView {
  appliance: string;
  partition: string;
  fileLocation: string;
  ha: HaInfo;
  /** File names in the partition's SSL folder. */
  files: Set<string>;
  certkeys: Map<string, ApplianceCertkey>;
  /** Bindings of the vservers read (the ones a push targets). */
  bindings: Map<string, ApplianceBinding[]>;
  /** The reads made, in order, for the plan to show. */
  reads: NitroCall[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === 'TRUE' || v === 'YES' || v === 'yes';
}

/** A SAN field as builds report it: a list, or one string of names separated by commas or spaces, perhaps "DNS:"-prefixed. */
function namesOf(v: unknown): string[] {
  const parts = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/[,\s]+/) : [];
  return parts.map((p) => p.trim().replace(/^(DNS|IP Address|IP):/i, '')).filter((p) => p !== '');
}

export function toCertkey(r: Record<string, unknown>): ApplianceCertkey {
  const ck: ApplianceCertkey = {
    name: fieldText(r['certkey']),
    certPath: fieldText(r['cert']),
    inform: str(r['inform']) ?? 'PEM',
    serialHex: normalizeSerial(fieldText(r['serial'])),
    subject: fieldText(r['subject']),
    issuer: fieldText(r['issuer']),
    certificateType: Array.isArray(r['certificatetype'])
      ? (r['certificatetype'] as unknown[]).map(String)
      : typeof r['certificatetype'] === 'string'
        ? [r['certificatetype']]
        : [],
  };
  const key = str(r['key']);
  if (key) ck.keyPath = key;
  if (r['sandns'] !== undefined || r['sanipadd'] !== undefined) ck.sans = [...namesOf(r['sandns']), ...namesOf(r['sanipadd'])];
  const link = str(r['linkcertkeyname']);
  if (link) ck.linkedTo = link;
  const notAfter = str(r['clientcertnotafter']);
  if (notAfter) {
    const d = new Date(notAfter);
    if (!Number.isNaN(d.getTime())) ck.notAfter = d.toISOString();
  }
  if (r['daystoexpiration'] !== undefined && Number.isFinite(Number(r['daystoexpiration']))) ck.daysLeft = Number(r['daystoexpiration']);
  const status = str(r['status']);
  if (status) ck.status = status;
  const monitor = str(r['expirymonitor']);
  if (monitor) ck.expiryMonitor = monitor;
  if (r['notificationperiod'] !== undefined && Number.isFinite(Number(r['notificationperiod'])))
    ck.notificationPeriod = Number(r['notificationperiod']);
  return ck;
}

/** The file name of a certkey's file when it lives in this SSL folder, else undefined. */
export function fileNameIn(fileLocation: string, path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  if (!path.includes('/')) return path;
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return dir === fileLocation ? path.slice(dir.length) : undefined;
}

/** serial + issuer, the way the bundle names its certificates (certIdentity). */
export function certkeyIdentity(ck: ApplianceCertkey): string {
  return `${ck.serialHex}|${normalizeDn(ck.issuer)}`;
}

export async function readFileNames(client: NitroClient, step = 'read files'): Promise<Set<string>> {
  const rows = await client.records(listFilesCall(client.fileLocation), step);
  return new Set(
    rows
      .filter((r) => !(Array.isArray(r['filemode']) && (r['filemode'] as unknown[]).includes('DIRECTORY')))
      .map((r) => fieldText(r['filename'])),
  );
}

export async function readCertkeys(client: NitroClient, step = 'read certkeys'): Promise<Map<string, ApplianceCertkey>> {
  const rows = await client.records(listCertkeysCall(), step);
  return new Map(rows.map(toCertkey).map((ck) => [ck.name, ck]));
}

export async function readVserverBindings(client: NitroClient, vserver: string): Promise<ApplianceBinding[]> {
  const step = `read bindings of vserver ${vserver}`;
  try {
    const rows = await client.records(readVserverBindingsCall(vserver), step);
    return rows.map((r) => ({ vserver, certkey: fieldText(r['certkeyname']), sni: bool(r['snicert']), ca: bool(r['ca']) }));
  } catch (err) {
    if (hasNitroErrorcode(err, 'NO_SUCH_RESOURCE') || (isNitroFailure(err) && err.httpStatus === 404)) {
      throw new NitroFailure(
        'VSERVER_NOT_FOUND',
        `${client.appliance}: the SSL vserver "${vserver}" does not exist${client.partition !== 'default' ? ` in partition ${client.partition}` : ''}. Nothing was changed.`,
        {
          appliance: client.appliance,
          step,
          ...(err.errorcode !== undefined ? { errorcode: err.errorcode } : {}),
          httpStatus: err.httpStatus ?? 404,
        },
      );
    }
    throw err;
  }
}

/** Reads HA state, files, certkeys and the targeted vservers' bindings. */
export async function readApplianceView(client: NitroClient, vservers: string[], ha?: HaInfo): Promise<ApplianceView> {
  const reads: NitroCall[] = [];
  const haInfo = ha ?? (await client.haInfo());
  reads.push(readHaNodesCall());
  const files = await readFileNames(client);
  reads.push(listFilesCall(client.fileLocation));
  const certkeys = await readCertkeys(client);
  reads.push(listCertkeysCall());
  const bindings = new Map<string, ApplianceBinding[]>();
  for (const vs of [...new Set(vservers)]) {
    bindings.set(vs, await readVserverBindings(client, vs));
    reads.push(readVserverBindingsCall(vs));
  }
  return {
    appliance: client.appliance,
    partition: client.partition,
    fileLocation: client.fileLocation,
    ha: haInfo,
    files,
    certkeys,
    bindings,
    reads,
  };
}

/** A file's content (base64) when it exists, for telling an identical file from a name collision. */
export async function readFileContent(client: NitroClient, name: string): Promise<string | undefined> {
  const rows = await client.records(readFileCall(client.fileLocation, name), `read file ${name}`);
  const content = rows[0]?.['filecontent'];
  return typeof content === 'string' ? content : undefined;
}

/** Every SSL vserver binding of the partition in one read (NITRO's bulkbindings). */
export async function readAllBindings(client: NitroClient): Promise<ApplianceBinding[]> {
  const rows = await client.records(readAllBindingsCall(), 'read all vserver bindings');
  return rows.map((r) => ({
    vserver: fieldText(r['vservername']),
    certkey: fieldText(r['certkeyname']),
    sni: bool(r['snicert']),
    ca: bool(r['ca']),
  }));
}
