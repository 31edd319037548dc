import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  defaultSslDir,
  emptyPartition,
  runningConfigDigest,
  snapshotState,
  type ApplianceSnapshot,
  type ApplianceState,
  type HaState,
  type SimCertKey,
} from './appliance-state.ts';
import { parseCertificate } from './cert-inspection.ts';
import { FaultTable, type FaultInjector, type FaultMatch, type FaultResponse } from './fault-injector.ts';
import { NitroError } from './nitro-errors.ts';
import {
  allowedOnSecondary,
  CONFIG_RESOURCES,
  normalizePath,
  propagatesToSecondary,
  splitPairs,
  STAT_RESOURCES,
  type ApplianceCore,
  type Reply,
  type ResourceRequest,
} from './nitro-resources.ts';
import { VserverListeners } from './vserver-listeners.ts';

/**
 * A simulated NetScaler ADC answering the NITRO REST subset Fieldkit uses, over
 * real HTTP or HTTPS on loopback. Behaviour follows the NITRO reference and
 * responses seen from real appliances; where no source says, the choice is
 * written next to the code (see nitro-errors.ts for the errorcode table).
 *
 * Choices worth knowing when writing a client against it:
 * - sslcertkey GET returns `cert`/`key` as the absolute path the appliance
 *   resolved ('/nsconfig/ssl/x.cer'), never key content.
 * - A GET that finds nothing leaves the resource key out of the body (NITRO does).
 * - logout answers 201 (real appliances say "Created"; some docs say 200).
 * - nspartition Switch answers 200 (the docs disagree between 200 and 201).
 * - On a secondary, every change except login/logout/partition switch/save
 *   answers 599 with errorcode 368.
 * - HA: each config change on the primary runs on the secondary at once,
 *   against the secondary's files; an upload does not reach it until
 *   `hafiles?action=sync`. A command that fails there (a file it lacks) is
 *   recorded in the secondary's `propagationErrors`, and the secondary goes on
 *   without the change. A save on the primary is also recorded on the peer.
 * - A certkey keeps the certificate it loaded: overwriting its file changes
 *   nothing until `?action=update`. The update domain check compares the
 *   subject CN and DNS SANs as a set: any change needs `nodomaincheck` (3585).
 * - The same certificate (serial and issuer) under a second certkey name is
 *   409/273 "Resource already exists [certkeyName Contents, <holder>]".
 * - Certkey names: 63 characters from release 13.0, 31 before (1106), by the
 *   `version` option (what `nsversion` answers).
 * - A binding PUT or POST answers 201. Binding reads honour `?args=` and
 *   `?filter=`. A missing required argument is 400/1095.
 * - A vserver takes one default (non-SNI) server certificate; a second one is
 *   409/273. SNI and CA bindings are unlimited.
 * - Each SSL vserver is a TLS listener on 127.0.0.1 that presents its bound
 *   certkey (vserver-listeners.ts); `GET sslvserver` reports it as ipv46/port.
 * - Not modelled: PFX, `bundle: YES`, `?warning=yes`, bulk requests, SNI
 *   enablement on the vserver, command propagation failures.
 * - Config the appliance starts with (options, seed()) counts as saved.
 * - `GET nsconfig` reports `configchanged`: true while the partition's running
 *   config (certkeys, vservers, bindings) differs from its last save. Files
 *   are not config: an upload alone leaves it false.
 */
export type { ApplianceSnapshot, ApplianceState, HaState } from './appliance-state.ts';
export type { FaultInjector, FaultMatch, FaultResponse } from './fault-injector.ts';
export { NITRO_ERRORS } from './nitro-errors.ts';

export interface SimUser {
  username: string;
  password: string;
}

export interface SimOptions {
  name?: string;
  tls?: { certPem: string; keyPem: string };
  host?: string;
  port?: number;
  users?: SimUser[];
  latencyMs?: number;
  haState?: HaState;
  peer?: NitroSimulator;
  partitions?: string[];
  vservers?: Array<{ name: string; partition?: string }>;
  version?: string;
  sessionTimeoutSec?: number;
  diskFreeBytes?: number;
  now?: () => Date;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the request was hung or dropped by a fault. */
  status: number;
  errorcode: number | null;
  partition: string;
  at: string;
}

export interface NitroSimulator {
  readonly url: string;
  readonly name: string;
  snapshot(): ApplianceSnapshot;
  seed(fn: (s: ApplianceState) => void): void;
  readonly requests: RequestLogEntry[];
  /** Bytes sent by flood faults so far: stops growing once the client hangs up. */
  readonly floodedBytes: number;
  resetRequestLog(): void;
  faults: FaultInjector;
  setHaState(state: HaState): void;
  setPeer(peer: NitroSimulator | undefined): void;
  close(): Promise<void>;
}

export const DEFAULT_USER: SimUser = { username: 'nsroot', password: 'nsroot-test' };
export const DEFAULT_VERSION = 'NetScaler NS14.1: Build 25.56.nc, Date: Jun 12 2025, 10:11:12   (64-bit)';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

interface Session {
  id: string;
  username: string;
  partition: string;
  timeoutSec: number;
  lastUsedMs: number;
}

class SimulatedAppliance implements NitroSimulator {
  readonly name: string;
  url = '';
  readonly requests: RequestLogEntry[] = [];
  floodedBytes = 0;
  readonly faults: FaultInjector;

  private readonly state: ApplianceState;
  private readonly core: ApplianceCore;
  private readonly users: SimUser[];
  private readonly sessions = new Map<string, Session>();
  private readonly faultTable = new FaultTable();
  private readonly latencyMs: number;
  private readonly sessionTimeoutSec: number;
  private readonly now: () => Date;
  private readonly server: Server;
  private peer: SimulatedAppliance | undefined;
  private closed = false;
  private readonly vserverListeners: VserverListeners;

  constructor(opts: SimOptions) {
    this.name = opts.name ?? 'adc';
    this.users = opts.users ?? [DEFAULT_USER];
    this.latencyMs = opts.latencyMs ?? 0;
    this.sessionTimeoutSec = opts.sessionTimeoutSec ?? 1800;
    this.now = opts.now ?? (() => new Date());
    this.state = makeState(this.name, opts);
    this.vserverListeners = new VserverListeners(this.state);
    this.core = {
      state: this.state,
      now: this.now,
      host: opts.host ?? '127.0.0.1',
      peerCore: () => this.peer?.core,
      vserverAddress: (partition, vserver) => this.vserverListeners.address(partition, vserver),
    };
    const table = this.faultTable;
    const sessions = this.sessions;
    this.faults = {
      fail: (match: FaultMatch, response: FaultResponse, times?: number) => table.add(match, { kind: 'fail', response }, times),
      hang: (match: FaultMatch, times?: number) => table.add(match, { kind: 'hang' }, times),
      drop: (match: FaultMatch, times?: number) => table.add(match, { kind: 'drop' }, times),
      flood: (match: FaultMatch, times?: number) => table.add(match, { kind: 'flood' }, times),
      expireSessions: () => sessions.clear(),
      clear: () => table.clear(),
    };
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((err: unknown) => {
        // A simulator bug, not a NITRO answer: make it loud.
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errorcode: -1, message: `simulator bug: ${String(err)}`, severity: 'ERROR' }));
        }
      });
    };
    this.server = opts.tls ? createHttpsServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, handler) : createHttpServer(handler);
  }

  async listen(host: string, port: number, tls: boolean): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address() as AddressInfo;
    const shownHost = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
    this.url = `${tls ? 'https' : 'http'}://${shownHost}:${addr.port}`;
  }

  snapshot(): ApplianceSnapshot {
    return snapshotState(this.state);
  }

  seed(fn: (s: ApplianceState) => void): void {
    const before = structuredClone({ files: this.state.files, partitions: this.state.partitions, diskFreeBytes: this.state.diskFreeBytes });
    try {
      fn(this.state);
      for (const [pname, p] of Object.entries(this.state.partitions)) {
        for (const ck of Object.values(p.certkeys)) {
          if (!ck.loadedCertBase64) ck.loadedCertBase64 = loadSeedCert(this.state, ck, pname);
        }
      }
    } catch (err) {
      // A half-applied seed would make every later assertion lie.
      Object.assign(this.state, before);
      throw err;
    }
    for (const p of Object.values(this.state.partitions)) {
      // What was seeded stands for config the appliance booted with: saved.
      p.saves = { ...p.saves, savedConfigDigest: runningConfigDigest(p) };
    }
  }

  resetRequestLog(): void {
    this.requests.length = 0;
  }

  setHaState(state: HaState): void {
    this.state.haState = state;
  }

  setPeer(peer: NitroSimulator | undefined): void {
    if (peer !== undefined && !(peer instanceof SimulatedAppliance)) throw new Error('setPeer: peer must come from startNitroSimulator');
    if (peer === this) throw new Error('setPeer: an appliance cannot be its own peer');
    const old = this.peer;
    this.peer = peer;
    if (old && old !== peer && old.peer === this) old.peer = undefined;
    if (peer && peer.peer !== this) peer.setPeer(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.vserverListeners.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Hung requests and keep-alive sockets would hold close() open forever.
      this.server.closeAllConnections();
    });
  }

  // ---------- request handling ----------

  /** An answer that never ends: the start of a JSON object, then padding as fast as the client reads, until it hangs up. */
  private flood(res: ServerResponse): void {
    const chunk = Buffer.alloc(64 * 1024, ' ');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{ "errorcode": 0, "message": "Done", "padding": "');
    const pump = () => {
      while (!res.destroyed) {
        this.floodedBytes += chunk.length;
        if (!res.write(chunk)) return;
      }
    };
    res.on('drain', pump);
    pump();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const query = parseQuery(url.search.slice(1));
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query,
      status: 0,
      errorcode: null,
      partition: 'default',
      at: this.now().toISOString(),
    };
    this.requests.push(entry);
    // Vservers seeded or added since the last request get their TLS listener before anyone reads their address.
    await this.vserverListeners.ensure();

    const raw = await readBody(req);
    const send = async (reply: Reply, headers: Record<string, string> = {}) => {
      const payload = reply.payload ?? {};
      const isError = reply.status >= 400;
      const errorcode = typeof payload.errorcode === 'number' ? payload.errorcode : 0;
      const body = isError ? payload : { errorcode: 0, message: 'Done', severity: 'NONE', ...payload };
      entry.status = reply.status;
      entry.errorcode = isError ? errorcode : 0;
      if (this.latencyMs > 0) await delay(this.latencyMs);
      if (res.destroyed) return;
      const text = JSON.stringify(body);
      res.statusCode = reply.status;
      if (reply.status === 599) res.statusMessage = 'Netscaler specific error';
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', Buffer.byteLength(text));
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.end(text);
    };
    const sendError = (err: NitroError) =>
      send({ status: err.status, payload: { errorcode: err.errorcode, message: err.message, severity: 'ERROR' } });

    if (raw === undefined) return sendError(new NitroError('INVALID_ARGUMENT', 'request body too large', 413));

    const route = /^\/nitro\/v1\/(config|stat)\/([A-Za-z_]+)(?:\/([^/]+))?\/?$/.exec(url.pathname);
    let body: Record<string, unknown> | undefined;
    try {
      body = parseBody(raw, req.headers['content-type']);
    } catch {
      return sendError(new NitroError('INVALID_ARGUMENT', 'malformed JSON in request body', 400));
    }
    if (!route) return sendError(new NitroError('NO_SUCH_RESOURCE', `no NITRO resource at ${url.pathname}`, 404));
    const kind = route[1] as 'config' | 'stat';
    const resource = route[2]!.toLowerCase();
    const name = route[3] !== undefined ? safeDecode(route[3]) : undefined;
    const params = body?.params && typeof body.params === 'object' ? (body.params as Record<string, unknown>) : undefined;
    const action = query.action ?? (typeof params?.action === 'string' ? params.action : undefined);
    const args = splitPairs(query.args ?? '');

    const session = this.sessionFromCookie(req);
    if (session) entry.partition = session.partition;

    const fault = this.faultTable.take({ method, resource, action, names: requestNames(name, args, body) });
    if (fault?.kind === 'hang') return; // never answered; close() ends the socket
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'flood') return this.flood(res);
    if (fault?.kind === 'fail') {
      const r = fault.response;
      return send({
        status: r.status,
        payload: { errorcode: r.errorcode, message: r.message, severity: r.status >= 400 ? 'ERROR' : 'NONE' },
      });
    }

    try {
      if (kind === 'config' && resource === 'login') return await this.login(body, send);

      const auth = this.authenticate(req);
      entry.partition = auth.partition;
      if (kind === 'config' && resource === 'logout') {
        if (auth.session) this.sessions.delete(auth.session.id);
        return send({ status: 201 });
      }
      const table = kind === 'config' ? CONFIG_RESOURCES : STAT_RESOURCES;
      const handler = table[resource];
      if (!handler) throw new NitroError('NO_SUCH_RESOURCE', `unknown resource ${kind}/${resource}`, 404);
      if (this.state.haState === 'secondary' && !allowedOnSecondary({ method, resource, action })) throw new NitroError('NOT_PRIMARY');
      const request: ResourceRequest = {
        method,
        kind,
        resource,
        name,
        action,
        query,
        args,
        body,
        partition: auth.partition,
        session: auth.session,
        core: this.core,
      };
      const reply = handler(request);
      if (auth.session) entry.partition = auth.session.partition;
      this.propagate(request, handler);
      return await send(reply);
    } catch (err) {
      if (err instanceof NitroError) return sendError(err);
      throw err;
    }
  }

  /**
   * HA: a change that succeeded on the primary runs on the secondary at once,
   * against the secondary's own files. What fails there is recorded on the
   * secondary (it keeps running without the change), not answered to the client.
   */
  private propagate(request: ResourceRequest, handler: (r: ResourceRequest) => Reply): void {
    const peer = this.peer;
    if (this.state.haState !== 'primary' || !peer || !propagatesToSecondary(request)) return;
    try {
      handler({ ...request, session: undefined, core: peer.core });
    } catch (err) {
      if (!(err instanceof NitroError)) throw err;
      const action = request.action ? `?action=${request.action}` : '';
      const target = request.name !== undefined ? `/${request.name}` : '';
      peer.state.propagationErrors.push({
        command: `${request.method} ${request.resource}${target}${action}`,
        partition: request.partition,
        errorcode: err.errorcode,
        message: err.message,
      });
    }
  }

  private async login(
    body: Record<string, unknown> | undefined,
    send: (r: Reply, h?: Record<string, string>) => Promise<void>,
  ): Promise<void> {
    const o = body?.login as Record<string, unknown> | undefined;
    if (!o || typeof o !== 'object') throw new NitroError('INVALID_ARGUMENT', 'request body needs a "login" object');
    const user = this.users.find((u) => u.username === o.username && u.password === o.password);
    if (!user) throw new NitroError('BAD_CREDENTIALS');
    let timeoutSec = this.sessionTimeoutSec;
    if (o.timeout !== undefined) {
      const t = Number(o.timeout);
      if (!Number.isInteger(t) || t < 1) throw new NitroError('INVALID_ARGUMENT', 'timeout');
      timeoutSec = t;
    }
    const id = `##${randomBytes(32).toString('hex').toUpperCase()}`;
    this.sessions.set(id, { id, username: user.username, partition: 'default', timeoutSec, lastUsedMs: this.now().getTime() });
    return send(
      { status: 201, payload: { sessionid: id } },
      { 'set-cookie': `NITRO_AUTH_TOKEN=${id}; path=/nitro/v1; HttpOnly${this.url.startsWith('https') ? '; Secure' : ''}` },
    );
  }

  private sessionToken(req: IncomingMessage): string | undefined {
    const cookie = req.headers.cookie;
    if (!cookie) return undefined;
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === 'NITRO_AUTH_TOKEN') return safeDecode(v.join('='));
    }
    return undefined;
  }

  /** A live session for the request's cookie, without touching its idle timer. */
  private sessionFromCookie(req: IncomingMessage): Session | undefined {
    const token = this.sessionToken(req);
    const s = token ? this.sessions.get(token) : undefined;
    if (!s) return undefined;
    if (this.now().getTime() - s.lastUsedMs > s.timeoutSec * 1000) return undefined;
    return s;
  }

  private authenticate(req: IncomingMessage): { partition: string; session?: Session } {
    const token = this.sessionToken(req);
    if (token !== undefined) {
      const s = this.sessions.get(token);
      const nowMs = this.now().getTime();
      if (!s) throw new NitroError('SESSION_EXPIRED');
      if (nowMs - s.lastUsedMs > s.timeoutSec * 1000) {
        this.sessions.delete(token);
        throw new NitroError('SESSION_EXPIRED');
      }
      s.lastUsedMs = nowMs;
      return { partition: s.partition, session: s };
    }
    const user = req.headers['x-nitro-user'];
    const pass = req.headers['x-nitro-pass'];
    if (typeof user === 'string' || typeof pass === 'string') {
      if (!this.users.some((u) => u.username === user && u.password === pass)) throw new NitroError('BAD_CREDENTIALS');
      return { partition: 'default' };
    }
    throw new NitroError('NOT_LOGGED_IN');
  }
}

function makeState(name: string, opts: SimOptions): ApplianceState {
  const partitions: ApplianceState['partitions'] = { default: emptyPartition() };
  for (const p of opts.partitions ?? []) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(p) || p === 'default') throw new Error(`invalid partition name: ${p}`);
    partitions[p] = emptyPartition();
  }
  const state: ApplianceState = {
    name,
    version: opts.version ?? DEFAULT_VERSION,
    haState: opts.haState ?? 'standalone',
    propagationErrors: [],
    files: {},
    partitions,
    putFile(path, content) {
      state.files[normalizePath(path)] = {
        contentBase64: (typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64'),
        modifiedAt: (opts.now ?? (() => new Date()))().toISOString(),
      };
    },
    addCertKey(ck, partition = 'default') {
      const p = partitionOrThrow(state, partition);
      const resolve = (f: string) => (f.startsWith('/') ? normalizePath(f) : normalizePath(defaultSslDir(partition) + f));
      const record: SimCertKey = {
        ...ck,
        cert: resolve(ck.cert),
        inform: ck.inform ?? 'PEM',
        expirymonitor: ck.expirymonitor ?? 'DISABLED',
      };
      if (ck.key) record.key = resolve(ck.key);
      else delete record.key;
      p.certkeys[ck.certkey] = record;
    },
    addVserver(vname, partition = 'default') {
      partitionOrThrow(state, partition).vservers[vname] = { name: vname };
    },
    bind(b, partition = 'default') {
      partitionOrThrow(state, partition).bindings.push({
        vservername: b.vservername,
        certkeyname: b.certkeyname,
        snicert: b.snicert ?? false,
        ca: b.ca ?? false,
      });
    },
  };
  if (opts.diskFreeBytes !== undefined) state.diskFreeBytes = opts.diskFreeBytes;
  for (const v of opts.vservers ?? []) state.addVserver(v.name, v.partition ?? 'default');
  // The vservers it boots with come from its saved ns.conf.
  for (const p of Object.values(partitions)) p.saves.savedConfigDigest = runningConfigDigest(p);
  return state;
}

function partitionOrThrow(state: ApplianceState, name: string) {
  const p = state.partitions[name];
  if (!p) throw new Error(`no partition ${name} on the simulated appliance (pass it in SimOptions.partitions)`);
  return p;
}

function loadSeedCert(state: ApplianceState, ck: SimCertKey, partition: string): string {
  const f = state.files[ck.cert];
  if (!f) throw new Error(`seed: certkey ${ck.certkey} in ${partition} points at ${ck.cert}, which was not seeded`);
  const x = parseCertificate(Buffer.from(f.contentBase64, 'base64'), ck.inform);
  if (!x) throw new Error(`seed: ${ck.cert} is not a ${ck.inform} certificate`);
  return x.raw.toString('base64');
}

/** Query string split on & and =, values decoded once (args are split after that). */
function parseQuery(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of search.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = safeDecode(i === -1 ? part : part.slice(0, i));
    out[k] = i === -1 ? '' : safeDecode(part.slice(i + 1));
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooBig = true;
    else chunks.push(chunk);
  }
  return tooBig ? undefined : Buffer.concat(chunks);
}

/** JSON, or the older form encoding `object=<json>` that NITRO also accepts. */
function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> | undefined {
  const text = raw.toString('utf8').trim();
  if (!text) return undefined;
  let json = text;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const obj = new URLSearchParams(text).get('object');
    if (obj === null) throw new Error('form body without object=');
    json = obj;
  }
  const parsed: unknown = JSON.parse(json);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('body is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** Every name a fault's `name` may refer to: path, args, and the body's key attributes. */
function requestNames(name: string | undefined, args: Record<string, string>, body: Record<string, unknown> | undefined): string[] {
  const names: string[] = [];
  if (name !== undefined) names.push(name);
  for (const k of ['filename', 'certkeyname', 'certkey', 'vservername']) if (args[k]) names.push(args[k]);
  for (const v of Object.values(body ?? {})) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const o = v as Record<string, unknown>;
    for (const k of ['filename', 'certkey', 'certkeyname', 'vservername', 'partitionname', 'username']) {
      if (typeof o[k] === 'string') names.push(o[k]);
    }
  }
  return names;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startNitroSimulator(opts: SimOptions = {}): Promise<NitroSimulator> {
  const sim = new SimulatedAppliance(opts);
  await sim.listen(opts.host ?? '127.0.0.1', opts.port ?? 0, Boolean(opts.tls));
  if (opts.peer) sim.setPeer(opts.peer);
  return sim;
}
