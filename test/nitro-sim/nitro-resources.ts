import type { X509Certificate } from 'node:crypto';
import {
  certificateFields,
  isIssuedBy,
  keyMatchesCertificate,
  loadPrivateKey,
  parseCertificate,
  domainSet,
  type Inform,
} from './cert-inspection.ts';
import {
  defaultSslDir,
  hasUnsavedChanges,
  runningConfigDigest,
  type ApplianceState,
  type PartitionState,
  type SimBinding,
  type SimCertKey,
} from './appliance-state.ts';
import { certkeyNameMax } from './appliance-build.ts';
import { NitroError } from './nitro-errors.ts';

/**
 * The NITRO resources the simulator answers, as plain functions over the
 * appliance state. HTTP, sessions, faults and logging live in nitro-simulator.ts.
 */
export interface SessionRef {
  partition: string;
}

export interface ApplianceCore {
  state: ApplianceState;
  now(): Date;
  host: string;
  peerCore(): ApplianceCore | undefined;
  /** Where a vserver's TLS listener answers (vserver-listeners.ts). */
  vserverAddress?(partition: string, vserver: string): { ipv46: string; port: number } | undefined;
}

export interface ResourceRequest {
  method: string;
  kind: 'config' | 'stat';
  resource: string;
  name?: string;
  action?: string;
  query: Record<string, string>;
  args: Record<string, string>;
  body?: Record<string, unknown>;
  partition: string;
  session?: SessionRef;
  core: ApplianceCore;
}

export interface Reply {
  status: number;
  payload?: Record<string, unknown>;
}

const done = (status = 200, extra: Record<string, unknown> = {}): Reply => ({ status, payload: extra });

/** NITRO leaves the resource key out of a GET that found nothing. */
function list(resource: string, items: unknown[]): Reply {
  return done(200, items.length ? { [resource]: items } : {});
}

// ---------- argument helpers ----------

function objectOf(r: ResourceRequest, key: string): Record<string, unknown> {
  const o = r.body?.[key];
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new NitroError('INVALID_ARGUMENT', `request body needs a "${key}" object`);
  return o as Record<string, unknown>;
}

function optString(o: Record<string, unknown>, field: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new NitroError('INVALID_ARGUMENT', `${field}, expected a string`);
  return v;
}

function reqString(o: Record<string, unknown>, field: string): string {
  const v = optString(o, field);
  if (v === undefined || v === '') throw new NitroError('REQUIRED_ARG_MISSING', field);
  return v;
}

function flag(v: unknown): boolean {
  return v === true || v === 'true' || v === 'TRUE' || v === 'yes' || v === 'YES';
}

function partitionState(r: ResourceRequest): PartitionState {
  const p = r.core.state.partitions[r.partition];
  if (!p) throw new NitroError('NO_SUCH_PARTITION', r.partition);
  return p;
}

// ---------- paths ----------

/** Absolute, normalised; '..' is refused rather than resolved. */
export function normalizePath(input: string): string {
  if (!input.startsWith('/')) throw new NitroError('INVALID_ARGUMENT', `${input}, an absolute path is required`);
  const parts: string[] = [];
  for (const seg of input.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw new NitroError('INVALID_ARGUMENT', `${input}, '..' is not allowed`);
    parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

function dirOf(location: string): string {
  const p = normalizePath(location);
  return p === '/' ? '/' : `${p}/`;
}

/** A session in the default partition sees everything but partition folders; one in p1 only its own folder. */
function accessible(partition: string, fullPath: string): boolean {
  if (partition === 'default') return !fullPath.startsWith('/nsconfig/partitions/');
  return fullPath.startsWith(`/nsconfig/partitions/${partition}/`);
}

/** Relative names resolve under the partition's ssl folder, as `add ssl certKey` does. */
function resolveSslFile(r: ResourceRequest, input: string): string {
  const full = input.startsWith('/') ? normalizePath(input) : normalizePath(defaultSslDir(r.partition) + input);
  if (!accessible(r.partition, full) || !r.core.state.files[full]) throw new NitroError('FILE_NOT_PRESENT', input);
  return full;
}

function fileBytes(r: ResourceRequest, path: string): Buffer {
  return Buffer.from(r.core.state.files[path]!.contentBase64, 'base64');
}

function fileTime(d: Date): string {
  return d.toUTCString();
}

// ---------- systemfile ----------

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SSL_DIRS = /^\/nsconfig\/(ssl\/|partitions\/[^/]+\/ssl\/)/;

function knownDirectory(state: ApplianceState, dir: string): boolean {
  if (dir === '/nsconfig/ssl/' || dir === '/nsconfig/' || dir === '/var/tmp/' || dir === '/tmp/') return true;
  const m = /^\/nsconfig\/partitions\/([^/]+)\/ssl\/$/.exec(dir);
  if (m && state.partitions[m[1]!]) return true;
  return Object.keys(state.files).some((p) => p.startsWith(dir));
}

function systemfileAdd(r: ResourceRequest): Reply {
  const o = objectOf(r, 'systemfile');
  const filename = reqString(o, 'filename');
  const filelocation = reqString(o, 'filelocation');
  const filecontent = optString(o, 'filecontent') ?? '';
  const encoding = (optString(o, 'fileencoding') ?? 'BASE64').toUpperCase();
  if (filename.length > 63) throw new NitroError('STRING_TOO_LONG', 'filename, maximum length 63');
  if (filename.includes('/')) throw new NitroError('INVALID_ARGUMENT', 'filename, must not contain a path');
  if (filelocation.length > 127) throw new NitroError('STRING_TOO_LONG', 'filelocation, maximum length 127');
  if (encoding !== 'BASE64') throw new NitroError('INVALID_ARGUMENT', 'fileencoding, only BASE64 is supported');
  const compact = filecontent.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) throw new NitroError('INVALID_ARGUMENT', 'filecontent, not valid base64');
  const path = dirOf(filelocation) + filename;
  if (!accessible(r.partition, path)) throw new NitroError('FILE_NOT_PRESENT', filelocation);
  const override = r.query.override === 'yes' || flag((r.body?.params as Record<string, unknown> | undefined)?.override);
  const state = r.core.state;
  const existing = state.files[path];
  if (existing && !override) throw new NitroError('FILE_EXISTS', path);
  const bytes = Buffer.from(compact, 'base64');
  const delta = bytes.length - (existing ? Buffer.from(existing.contentBase64, 'base64').length : 0);
  if (state.diskFreeBytes !== undefined && delta > state.diskFreeBytes) throw new NitroError('DISK_FULL', path);
  state.files[path] = { contentBase64: bytes.toString('base64'), modifiedAt: r.core.now().toISOString() };
  if (state.diskFreeBytes !== undefined) state.diskFreeBytes -= delta;
  return done(201);
}

function systemfileGet(r: ResourceRequest): Reply {
  const filename = r.name ?? r.args.filename;
  const filelocation = r.args.filelocation;
  if (!filelocation) throw new NitroError('REQUIRED_ARG_MISSING', 'filelocation');
  const dir = dirOf(filelocation);
  if (!accessible(r.partition, dir)) throw new NitroError('FILE_NOT_PRESENT', filelocation);
  const shown = dir === '/' ? '/' : dir.slice(0, -1);
  const state = r.core.state;
  if (filename) {
    const f = state.files[dir + filename];
    if (!f) throw new NitroError('NO_SUCH_RESOURCE', `filename, ${filename}`);
    return list('systemfile', [
      {
        filename,
        filelocation: shown,
        filecontent: f.contentBase64,
        fileencoding: 'BASE64',
        filemodifiedtime: fileTime(new Date(f.modifiedAt)),
      },
    ]);
  }
  if (!knownDirectory(state, dir)) throw new NitroError('NO_SUCH_RESOURCE', `filelocation, ${filelocation}`);
  const entries = new Map<string, Record<string, unknown>>();
  for (const [path, f] of Object.entries(state.files)) {
    if (!path.startsWith(dir)) continue;
    const rest = path.slice(dir.length);
    const slash = rest.indexOf('/');
    if (slash === -1) {
      entries.set(rest, { filename: rest, filelocation: shown, filemodifiedtime: fileTime(new Date(f.modifiedAt)) });
    } else {
      const sub = rest.slice(0, slash);
      entries.set(sub, { filename: sub, filelocation: shown, filemode: ['DIRECTORY'] });
    }
  }
  return list(
    'systemfile',
    [...entries.keys()].sort().map((k) => entries.get(k)),
  );
}

function systemfileDelete(r: ResourceRequest): Reply {
  const filename = r.name ?? r.args.filename;
  if (!filename) throw new NitroError('REQUIRED_ARG_MISSING', 'filename');
  const filelocation = r.args.filelocation;
  if (!filelocation) throw new NitroError('REQUIRED_ARG_MISSING', 'filelocation');
  const path = dirOf(filelocation) + filename;
  if (!accessible(r.partition, path)) throw new NitroError('FILE_NOT_PRESENT', filelocation);
  const state = r.core.state;
  const f = state.files[path];
  if (!f) throw new NitroError('NO_SUCH_RESOURCE', `filename, ${filename}`);
  delete state.files[path];
  if (state.diskFreeBytes !== undefined) state.diskFreeBytes += Buffer.from(f.contentBase64, 'base64').length;
  return done();
}

// ---------- sslcertkey ----------

const CERTKEY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_#. :@=-]*$/;

function parseInform(o: Record<string, unknown>): Inform {
  const inform = (optString(o, 'inform') ?? 'PEM').toUpperCase();
  if (inform === 'PFX') throw new NitroError('UNSUPPORTED', 'inform PFX is not modelled by the simulator');
  if (inform !== 'PEM' && inform !== 'DER') throw new NitroError('INVALID_ARGUMENT', `inform, ${inform}`);
  return inform;
}

function loadedCert(ck: SimCertKey): X509Certificate {
  const x = parseCertificate(Buffer.from(ck.loadedCertBase64 ?? '', 'base64'), 'DER');
  if (!x) throw new Error(`simulator state: certkey ${ck.certkey} holds no loaded certificate`);
  return x;
}

/** Parse the cert file and check the key file against it, as add and update do. */
function loadPair(
  r: ResourceRequest,
  certPath: string,
  keyPath: string | undefined,
  inform: Inform,
  passplain: string | undefined,
): X509Certificate {
  const x = parseCertificate(fileBytes(r, certPath), inform);
  if (!x) throw new NitroError('INVALID_CERTIFICATE', certPath);
  if (keyPath) {
    const loaded = loadPrivateKey(fileBytes(r, keyPath), inform, passplain);
    if (!loaded.ok) throw new NitroError('BAD_PRIVATE_KEY', keyPath);
    if (!keyMatchesCertificate(loaded.key, x)) throw new NitroError('KEY_MISMATCH');
  }
  return x;
}

function monitorSettings(o: Record<string, unknown>, current?: SimCertKey): Pick<SimCertKey, 'expirymonitor' | 'notificationperiod'> {
  const em = optString(o, 'expirymonitor')?.toUpperCase() ?? current?.expirymonitor ?? 'DISABLED';
  if (em !== 'ENABLED' && em !== 'DISABLED') throw new NitroError('INVALID_ARGUMENT', `expirymonitor, ${em}`);
  const np = o.notificationperiod;
  let period = current?.notificationperiod;
  if (np !== undefined && np !== null) {
    const n = typeof np === 'string' ? Number(np) : np;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 10 || n > 100)
      throw new NitroError('INVALID_ARGUMENT', 'notificationperiod, value must be 10..100');
    period = n;
  }
  if (em === 'ENABLED' && period === undefined) period = 30;
  if (em === 'DISABLED') period = undefined;
  return { expirymonitor: em, notificationperiod: period };
}

function certkeyAdd(r: ResourceRequest): Reply {
  const o = objectOf(r, 'sslcertkey');
  const certkey = reqString(o, 'certkey');
  if (!CERTKEY_NAME.test(certkey)) throw new NitroError('INVALID_ARGUMENT', `certkey, ${certkey}`);
  const max = certkeyNameMax(r.core.state.version);
  if (certkey.length > max) throw new NitroError('STRING_TOO_LONG', `certkeyName, ${max}`);
  const p = partitionState(r);
  if (p.certkeys[certkey]) {
    if (r.query.idempotent === 'yes') return certkeyChange(r);
    throw new NitroError('RESOURCE_EXISTS', certkey);
  }
  const bundle = optString(o, 'bundle');
  if (bundle && bundle.toUpperCase() === 'YES') throw new NitroError('UNSUPPORTED', 'bundle YES is not modelled by the simulator');
  const inform = parseInform(o);
  const certPath = resolveSslFile(r, reqString(o, 'cert'));
  const keyName = optString(o, 'key');
  const keyPath = keyName ? resolveSslFile(r, keyName) : undefined;
  const passplain = optString(o, 'passplain');
  const x = loadPair(r, certPath, keyPath, inform, passplain);
  const holder = holderOf(p, x);
  if (holder) throw new NitroError('RESOURCE_EXISTS', `certkeyName Contents, ${holder}`);
  p.certkeys[certkey] = {
    certkey,
    cert: certPath,
    ...(keyPath ? { key: keyPath } : {}),
    inform,
    ...monitorSettings(o),
    ...(passplain ? { passplain } : {}),
    loadedCertBase64: x.raw.toString('base64'),
  };
  return done(201);
}

/** The certkey that already holds this certificate (same serial and issuer): an appliance loads a certificate once. */
function holderOf(p: PartitionState, x: X509Certificate): string | undefined {
  return Object.values(p.certkeys).find((ck) => {
    const held = loadedCert(ck);
    return held.serialNumber === x.serialNumber && held.issuer === x.issuer;
  })?.certkey;
}

function certkeyChange(r: ResourceRequest): Reply {
  const o = objectOf(r, 'sslcertkey');
  const certkey = optString(o, 'certkey') ?? r.name;
  if (!certkey) throw new NitroError('REQUIRED_ARG_MISSING', 'certkey');
  const p = partitionState(r);
  const current = p.certkeys[certkey];
  if (!current) throw new NitroError('NO_SUCH_CERTKEY', certkey);
  const inform = parseInform(o);
  const certName = optString(o, 'cert');
  const certPath = certName ? resolveSslFile(r, certName) : current.cert;
  if (!r.core.state.files[certPath]) throw new NitroError('FILE_NOT_PRESENT', certPath);
  const keyName = optString(o, 'key');
  const keyPath = keyName ? resolveSslFile(r, keyName) : current.key;
  if (keyPath && !r.core.state.files[keyPath]) throw new NitroError('FILE_NOT_PRESENT', keyPath);
  const passplain = optString(o, 'passplain') ?? (keyName ? undefined : current.passplain);
  const x = parseCertificate(fileBytes(r, certPath), inform);
  if (!x) throw new NitroError('INVALID_CERTIFICATE', certPath);
  if (!flag(o.nodomaincheck)) {
    const before = domainSet(loadedCert(current));
    const after = domainSet(x);
    if (before.join(',') !== after.join(','))
      throw new NitroError('DOMAIN_MISMATCH', `${before.join(',') || '(none)'} -> ${after.join(',') || '(none)'}`);
  }
  loadPair(r, certPath, keyPath, inform, passplain);
  const next: SimCertKey = { ...current, cert: certPath, inform, loadedCertBase64: x.raw.toString('base64') };
  if (keyPath) next.key = keyPath;
  if (passplain) next.passplain = passplain;
  else delete next.passplain;
  p.certkeys[certkey] = next;
  return done();
}

const NOT_UPDATABLE = ['cert', 'key', 'inform', 'passplain', 'linkcertkeyname', 'bundle', 'nodomaincheck'];

function certkeyUpdateSettings(r: ResourceRequest): Reply {
  const o = objectOf(r, 'sslcertkey');
  const certkey = optString(o, 'certkey') ?? r.name;
  if (!certkey) throw new NitroError('REQUIRED_ARG_MISSING', 'certkey');
  const bad = NOT_UPDATABLE.find((f) => o[f] !== undefined);
  if (bad) throw new NitroError('INVALID_ARGUMENT', `${bad}, not updatable with PUT; use ?action=update or ?action=link`);
  const p = partitionState(r);
  const current = p.certkeys[certkey];
  if (!current) throw new NitroError('NO_SUCH_CERTKEY', certkey);
  p.certkeys[certkey] = { ...current, ...monitorSettings(o, current) };
  if (p.certkeys[certkey].notificationperiod === undefined) delete p.certkeys[certkey].notificationperiod;
  return done();
}

function certkeyLink(r: ResourceRequest): Reply {
  const o = objectOf(r, 'sslcertkey');
  const certkey = reqString(o, 'certkey');
  const target = reqString(o, 'linkcertkeyname');
  const p = partitionState(r);
  const child = p.certkeys[certkey];
  if (!child) throw new NitroError('NO_SUCH_CERTKEY', certkey);
  const ca = p.certkeys[target];
  if (!ca) throw new NitroError('NO_SUCH_CERTKEY', target);
  if (certkey === target) throw new NitroError('LINK_TO_SELF', certkey);
  if (child.linkcertkeyname) throw new NitroError('RESOURCE_EXISTS', `${certkey} is already linked to ${child.linkcertkeyname}`);
  if (!isIssuedBy(loadedCert(child), loadedCert(ca))) throw new NitroError('LINK_NOT_ISSUER', `${target} did not issue ${certkey}`);
  child.linkcertkeyname = target;
  return done();
}

function certkeyUnlink(r: ResourceRequest): Reply {
  const o = objectOf(r, 'sslcertkey');
  const certkey = reqString(o, 'certkey');
  const child = partitionState(r).certkeys[certkey];
  if (!child) throw new NitroError('NO_SUCH_CERTKEY', certkey);
  if (!child.linkcertkeyname) throw new NitroError('NO_CA_LINK', certkey);
  delete child.linkcertkeyname;
  return done();
}

function certkeyDelete(r: ResourceRequest): Reply {
  const certkey = r.name;
  if (!certkey) throw new NitroError('REQUIRED_ARG_MISSING', 'certkey');
  const p = partitionState(r);
  const ck = p.certkeys[certkey];
  if (!ck) throw new NitroError('NO_SUCH_CERTKEY', certkey);
  const boundTo = p.bindings.find((b) => b.certkeyname === certkey);
  if (boundTo) throw new NitroError('CERTKEY_REFERENCED', `bound to ${boundTo.vservername}`);
  const linkedFrom = Object.values(p.certkeys).find((c) => c.linkcertkeyname === certkey);
  if (linkedFrom) throw new NitroError('CERTKEY_REFERENCED', `linked from ${linkedFrom.certkey}`);
  delete p.certkeys[certkey];
  if (flag(r.args.deletecertkeyfilesalso)) {
    const state = r.core.state;
    const stillUsed = new Set(
      Object.values(state.partitions).flatMap((q) => Object.values(q.certkeys).flatMap((c) => [c.cert, c.key ?? ''])),
    );
    for (const path of [ck.cert, ck.key]) {
      const f = path ? state.files[path] : undefined;
      if (!path || !f || stillUsed.has(path)) continue;
      delete state.files[path];
      if (state.diskFreeBytes !== undefined) state.diskFreeBytes += Buffer.from(f.contentBase64, 'base64').length;
    }
  }
  return done();
}

function certkeyView(r: ResourceRequest, ck: SimCertKey): Record<string, unknown> {
  const view: Record<string, unknown> = {
    certkey: ck.certkey,
    cert: ck.cert,
    ...(ck.key ? { key: ck.key } : {}),
    inform: ck.inform,
    ...certificateFields(loadedCert(ck), r.core.now()),
    expirymonitor: ck.expirymonitor,
    ...(ck.notificationperiod !== undefined ? { notificationperiod: ck.notificationperiod } : {}),
    ...(ck.linkcertkeyname ? { linkcertkeyname: ck.linkcertkeyname } : {}),
  };
  return view;
}

/** `?filter=a:b,c:d`: exact match on the string form of each field. */
function applyFilter(items: Record<string, unknown>[], filter: string | undefined): Record<string, unknown>[] {
  if (!filter) return items;
  const conds = splitPairs(filter);
  return items.filter((it) => Object.entries(conds).every(([k, v]) => scalarText(it[k]) === v));
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

export function splitPairs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    if (!part) continue;
    const i = part.indexOf(':');
    if (i === -1) out[part] = '';
    else out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

function certkeyGet(r: ResourceRequest): Reply {
  const p = partitionState(r);
  if (r.name) {
    const ck = p.certkeys[r.name];
    if (!ck) throw new NitroError('NO_SUCH_CERTKEY', r.name);
    return list('sslcertkey', [certkeyView(r, ck)]);
  }
  const all = Object.keys(p.certkeys)
    .sort()
    .map((k) => certkeyView(r, p.certkeys[k]!));
  const items = applyFilter(all, r.query.filter);
  if (r.query.count === 'yes') return done(200, { sslcertkey: [{ __count: items.length }] });
  return list('sslcertkey', items);
}

function sslcertkey(r: ResourceRequest): Reply {
  const action = r.action?.toLowerCase();
  if (r.method === 'GET') return certkeyGet(r);
  if (r.method === 'DELETE') return certkeyDelete(r);
  if (r.method === 'PUT') return certkeyUpdateSettings(r);
  if (r.method === 'POST') {
    if (!action) return certkeyAdd(r);
    if (action === 'update') return certkeyChange(r);
    if (action === 'link') return certkeyLink(r);
    if (action === 'unlink') return certkeyUnlink(r);
    throw new NitroError('INVALID_ARGUMENT', `action, ${r.action}`);
  }
  throw methodNotAllowed(r);
}

// ---------- vservers and bindings ----------

function sslvserver(r: ResourceRequest): Reply {
  if (r.method !== 'GET') throw methodNotAllowed(r);
  const p = partitionState(r);
  // ipv46/port: the loopback listener that serves the bound certificate; 0.0.0.0:0 (non-addressable) until it runs.
  const view = (name: string) => ({ vservername: name, ipv46: '0.0.0.0', port: 0, ...r.core.vserverAddress?.(r.partition, name) });
  if (r.name) {
    if (!p.vservers[r.name]) throw new NitroError('NO_SUCH_RESOURCE', `vservername, ${r.name}`);
    return list('sslvserver', [view(r.name)]);
  }
  return list('sslvserver', Object.keys(p.vservers).sort().map(view));
}

function bindingView(b: SimBinding): Record<string, unknown> {
  return { vservername: b.vservername, certkeyname: b.certkeyname, snicert: b.snicert, ca: b.ca };
}

function vserverBinding(r: ResourceRequest): Reply {
  const p = partitionState(r);
  if (r.method === 'GET') {
    const order = (b: SimBinding) => `${b.certkeyname}\u0000${b.vservername}`;
    const sorted = [...p.bindings].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    const vservername = r.name ?? r.args.vservername;
    if (vservername !== undefined && !p.vservers[vservername]) throw new NitroError('NO_SUCH_RESOURCE', `vservername, ${vservername}`);
    const onVserver = vservername === undefined ? sorted : sorted.filter((b) => b.vservername === vservername);
    // `?args=` narrows by the binding's own keys, `?filter=` by any field of the answer.
    const { vservername: _named, ...argConds } = r.args;
    const byArgs = onVserver.map(bindingView).filter((b) => Object.entries(argConds).every(([k, v]) => scalarText(b[k]) === v));
    return list('sslvserver_sslcertkey_binding', applyFilter(byArgs, r.query.filter));
  }
  if (r.method === 'PUT' || r.method === 'POST') {
    const o = objectOf(r, 'sslvserver_sslcertkey_binding');
    const vservername = reqString(o, 'vservername');
    const certkeyname = reqString(o, 'certkeyname');
    const snicert = flag(o.snicert);
    const ca = flag(o.ca);
    if (!p.vservers[vservername]) throw new NitroError('NO_SUCH_RESOURCE', `vservername, ${vservername}`);
    if (!p.certkeys[certkeyname]) throw new NitroError('NO_SUCH_CERTKEY', certkeyname);
    const onVserver = p.bindings.filter((b) => b.vservername === vservername);
    if (onVserver.some((b) => b.certkeyname === certkeyname && b.snicert === snicert && b.ca === ca)) {
      throw new NitroError('RESOURCE_EXISTS', `${certkeyname} on ${vservername}`);
    }
    // A vserver serves one default (non-SNI) server certificate.
    if (!snicert && !ca && onVserver.some((b) => !b.snicert && !b.ca)) {
      throw new NitroError('RESOURCE_EXISTS', `${vservername} already has a server certificate; unbind it first or bind with snicert`);
    }
    p.bindings.push({ vservername, certkeyname, snicert, ca });
    // A binding is created, whichever verb: real appliances answer 201 to PUT too, where the reference shows 200.
    return done(201);
  }
  if (r.method === 'DELETE') {
    const vservername = r.name ?? r.args.vservername;
    if (!vservername) throw new NitroError('REQUIRED_ARG_MISSING', 'vservername');
    const certkeyname = r.args.certkeyname;
    if (!certkeyname) throw new NitroError('REQUIRED_ARG_MISSING', 'certkeyname');
    if (!p.vservers[vservername]) throw new NitroError('NO_SUCH_RESOURCE', `vservername, ${vservername}`);
    const snicert = flag(r.args.snicert);
    const ca = flag(r.args.ca);
    const i = p.bindings.findIndex(
      (b) => b.vservername === vservername && b.certkeyname === certkeyname && b.snicert === snicert && b.ca === ca,
    );
    if (i === -1) throw new NitroError('NO_SUCH_BINDING', `${certkeyname} on ${vservername}${snicert ? ' (SNI)' : ''}`);
    p.bindings.splice(i, 1);
    return done();
  }
  throw methodNotAllowed(r);
}

function certkeyBindings(r: ResourceRequest): Reply {
  if (r.method !== 'GET') throw methodNotAllowed(r);
  if (!r.name) throw new NitroError('REQUIRED_ARG_MISSING', 'certkey');
  const p = partitionState(r);
  if (!p.certkeys[r.name]) throw new NitroError('NO_SUCH_CERTKEY', r.name);
  const items = p.bindings
    .filter((b) => b.certkeyname === r.name)
    .map((b) => ({ certkey: b.certkeyname, servername: b.vservername, vservername: b.vservername, vserver: true, ca: b.ca }))
    .sort((a, b) => (a.servername < b.servername ? -1 : 1));
  return list('sslcertkey_sslvserver_binding', items);
}

// ---------- save, HA, version, partitions ----------

export function recordSave(core: ApplianceCore, partitions: string[]): void {
  for (const name of partitions) {
    const p = core.state.partitions[name];
    if (!p) continue;
    p.saves = { count: p.saves.count + 1, lastSavedAt: core.now().toISOString(), savedConfigDigest: runningConfigDigest(p) };
  }
}

/**
 * `GET nsconfig` answers `configchanged` (true while the running configuration has unsaved
 * changes) and `lastconfigsavetime`, for the session's partition; `POST ?action=save` saves.
 */
function nsconfig(r: ResourceRequest): Reply {
  if (r.method === 'GET') {
    const p = r.core.state.partitions[r.partition]!;
    return done(200, {
      nsconfig: { configchanged: hasUnsavedChanges(p), ...(p.saves.lastSavedAt ? { lastconfigsavetime: p.saves.lastSavedAt } : {}) },
    });
  }
  if (r.method !== 'POST') throw methodNotAllowed(r);
  if (r.action?.toLowerCase() !== 'save') throw new NitroError('INVALID_ARGUMENT', `action, ${r.action ?? '(none)'}`);
  const o = (r.body?.nsconfig ?? {}) as Record<string, unknown>;
  const targets = flag(o.all) ? Object.keys(r.core.state.partitions) : [r.partition];
  recordSave(r.core, targets);
  // HA propagates `save ns config` to the secondary.
  const peer = r.core.peerCore();
  if (peer && r.core.state.haState === 'primary') recordSave(peer, targets);
  return done();
}

function haStateLabel(s: ApplianceState['haState']): string {
  return s === 'secondary' ? 'Secondary' : 'Primary';
}

function hanode(r: ResourceRequest): Reply {
  if (r.method !== 'GET') throw methodNotAllowed(r);
  const s = r.core.state;
  const peer = s.haState === 'standalone' ? undefined : r.core.peerCore();
  const inHa = s.haState !== 'standalone';
  const nodes: Record<string, unknown>[] = [
    {
      id: 0,
      name: s.name,
      ipaddress: r.core.host,
      state: haStateLabel(s.haState),
      hastatus: 'ENABLED',
      hacurstatus: inHa ? 'YES' : 'NO',
      hacurstate: 'UP',
      hacurmasterstate: haStateLabel(s.haState),
      hasync: 'ENABLED',
      haprop: 'ENABLED',
    },
  ];
  if (peer) {
    nodes.push({
      id: 1,
      name: peer.state.name,
      ipaddress: peer.host,
      state: peer.state.haState === 'standalone' ? 'UNKNOWN' : haStateLabel(peer.state.haState),
      hacurstate: 'UP',
      hacurstatus: 'YES',
    });
  }
  const picked = r.name === undefined ? nodes : nodes.filter((n) => String(n.id) === r.name);
  if (r.name !== undefined && !picked.length) throw new NitroError('NO_SUCH_RESOURCE', `id, ${r.name}`);
  return list('hanode', picked);
}

function hanodeStat(r: ResourceRequest): Reply {
  if (r.method !== 'GET') throw methodNotAllowed(r);
  const s = r.core.state;
  return done(200, {
    hanode: {
      hacurstatus: s.haState === 'standalone' ? 'NO' : 'YES',
      hacurstate: 'UP',
      hacurmasterstate: haStateLabel(s.haState),
      transtime: '',
      hatotpktrx: 0,
      hatotpkttx: 0,
    },
  });
}

/**
 * `sync ha files`: the SSL files (/nsconfig/ssl/ and each partition's ssl
 * folder; every file for mode "all") are copied to the peer, overwriting, and
 * never deleting what only the peer has (CTX138748). Configuration does not
 * travel here: each command reaches the secondary as it runs (see
 * propagatesToSecondary), and refers to whatever files the secondary has then.
 */
function hafiles(r: ResourceRequest): Reply {
  if (r.method !== 'POST') throw methodNotAllowed(r);
  if (r.action?.toLowerCase() !== 'sync') throw new NitroError('INVALID_ARGUMENT', `action, ${r.action ?? '(none)'}`);
  const o = objectOf(r, 'hafiles');
  const modes = Array.isArray(o.mode)
    ? o.mode.map((m) => String(m).toLowerCase())
    : typeof o.mode === 'string'
      ? [o.mode.toLowerCase()]
      : [];
  if (
    !modes.length ||
    !modes.every((m) =>
      ['ssl', 'all', 'bookmarks', 'imports', 'misc', 'dns', 'krb', 'aaa', 'app_catalog', 'all_plus_misc', 'all_minus_misc'].includes(m),
    )
  ) {
    throw new NitroError('INVALID_ARGUMENT', `mode, ${JSON.stringify(o.mode)}`);
  }
  const peer = r.core.peerCore();
  if (r.core.state.haState !== 'primary' || !peer) throw new NitroError('UNSUPPORTED', 'no HA peer configured');
  const all = modes.includes('all') || modes.includes('all_plus_misc');
  const copySsl = all || modes.includes('ssl');
  for (const [path, f] of Object.entries(r.core.state.files)) {
    if (all || (copySsl && SSL_DIRS.test(path))) peer.state.files[path] = { ...f };
  }
  return done();
}

/**
 * Commands an HA primary passes on to its secondary as they run: every
 * configuration change. Files (systemfile) wait for `sync ha files` or the
 * periodic rsync; a save is recorded on both by nsconfig itself; a partition
 * switch belongs to the session.
 */
export function propagatesToSecondary(r: { method: string; resource: string }): boolean {
  if (r.method === 'GET') return false;
  return !['systemfile', 'hafiles', 'nsconfig', 'nspartition', 'login', 'logout'].includes(r.resource);
}

function nsversion(r: ResourceRequest): Reply {
  if (r.method !== 'GET') throw methodNotAllowed(r);
  return done(200, { nsversion: { installedversion: false, version: r.core.state.version, mode: '1' } });
}

function nspartition(r: ResourceRequest): Reply {
  const s = r.core.state;
  if (r.method === 'GET') {
    const names = Object.keys(s.partitions)
      .filter((n) => n !== 'default')
      .sort();
    const items = names.map((n, i) => ({ partitionname: n, partitionid: i + 1 }));
    if (r.name) {
      const it = items.find((i) => i.partitionname === r.name);
      if (!it) throw new NitroError('NO_SUCH_PARTITION', r.name);
      return list('nspartition', [it]);
    }
    return list('nspartition', items);
  }
  if (r.method === 'POST' && r.action?.toLowerCase() === 'switch') {
    const o = objectOf(r, 'nspartition');
    const target = reqString(o, 'partitionname');
    if (!s.partitions[target]) throw new NitroError('NO_SUCH_PARTITION', target);
    if (!r.session) throw new NitroError('NOT_LOGGED_IN', 'switching partition needs a login session');
    r.session.partition = target;
    return done();
  }
  throw methodNotAllowed(r);
}

function methodNotAllowed(r: ResourceRequest): NitroError {
  return new NitroError('INVALID_ARGUMENT', `${r.method}${r.action ? `?action=${r.action}` : ''} is not supported on ${r.resource}`, 405);
}

function systemfile(r: ResourceRequest): Reply {
  if (r.method === 'POST') return systemfileAdd(r);
  if (r.method === 'GET') return systemfileGet(r);
  if (r.method === 'DELETE') return systemfileDelete(r);
  throw methodNotAllowed(r);
}

export const CONFIG_RESOURCES: Record<string, (r: ResourceRequest) => Reply> = {
  systemfile,
  sslcertkey,
  sslvserver,
  sslvserver_sslcertkey_binding: vserverBinding,
  sslcertkey_sslvserver_binding: certkeyBindings,
  nsconfig,
  hanode,
  hafiles,
  nsversion,
  nspartition,
};

export const STAT_RESOURCES: Record<string, (r: ResourceRequest) => Reply> = {
  hanode: hanodeStat,
};

/** Requests a secondary still answers; every other change gets errorcode 368. */
export function allowedOnSecondary(r: { method: string; resource: string; action?: string }): boolean {
  if (r.method === 'GET') return true;
  if (r.resource === 'login' || r.resource === 'logout') return true;
  if (r.resource === 'nspartition' && r.action?.toLowerCase() === 'switch') return true;
  // `save ns config` runs on either node.
  if (r.resource === 'nsconfig' && r.action?.toLowerCase() === 'save') return true;
  return false;
}
