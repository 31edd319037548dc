import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Agent } from 'undici';
import type { ApplianceProfile, HaState } from '../../../shared/schemas/certificates.ts';
import { readHaNodesCall, readVersionCall } from './appliance-calls.ts';
import { createTrustedAgent, type ApplianceTrustStore } from './appliance-trust.ts';
import { MAX_NITRO_RESPONSE_BYTES, readBoundedText } from './bounded-body.ts';
import { nitroPath, type NitroCall } from './nitro-call.ts';
import { describeErrorcode, looksLikeDiskFull, NITRO_ERRORCODE, SESSION_EXPIRED_ERRORCODES } from './nitro-errorcodes.ts';
import { hasNitroErrorcode, isNitroFailure, NitroFailure } from './nitro-failure.ts';
import { fieldText } from './nitro-field.ts';
import { loginCall, logoutCall, switchPartitionCall } from './session-calls.ts';
import { offlineHintFor } from '../network/network-unreachable.ts';

/**
 * One NITRO session with one appliance, over undici: login, the envelope,
 * errorcodes turned into Fieldkit errors that name the appliance and the step,
 * one renewal of a session that expired, timeouts, and logout. The password
 * is asked for when logging in and not kept.
 */

export type GetPassword = (profileId: string) => Promise<string | null | undefined> | string | null | undefined;

export interface NitroClientOptions {
  profile: ApplianceProfile;
  getPassword: GetPassword;
  /** Per request; a request that gets no answer in time fails with APPLIANCE_TIMEOUT. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** NITRO session timeout asked for at login, in seconds. */
  sessionTimeoutSec?: number;
  /** Save retries when another save is running (SAVE_IN_PROGRESS). */
  saveRetries?: number;
  saveRetryDelayMs?: number;
  /** The trust the management certificate is checked against in CA mode; the process's own when not given. */
  trustStore?: ApplianceTrustStore;
  /** The largest answer read before the call fails with RESPONSE_TOO_LARGE; MAX_NITRO_RESPONSE_BYTES when not given. */
  maxResponseBytes?: number;
  /**
   * The user's interrupt (cancel, Ctrl-C, quit): aborts the request in flight and refuses new ones with
   * PUSH_INTERRUPTED. Undo calls and logout are not interruptible: they are what an interrupt runs.
   */
  signal?: AbortSignal;
  /** Per request once the appliance has let one request time out (it may be dead): its undo is tried with this limit. */
  unresponsiveTimeoutMs?: number;
}

/** How a request is sent: undo calls and logout still run after an interrupt. */
export interface SendOptions {
  interruptible?: boolean;
}

export interface NitroReply {
  status: number;
  body: Record<string, unknown>;
}

export interface HaInfo {
  state: HaState;
  /** The other node's address, as the appliance reports it. */
  peerAddress?: string;
}

export const DEFAULT_PARTITION = 'default';

/** After one timeout the appliance may be dead: the undo gets this long per request, and a second timeout ends all tries. */
export const UNRESPONSIVE_TIMEOUT_MS = 5_000;

/** Session renewals per client: one per call that meets a dead session, a few per push at most. */
const MAX_RENEWALS = 3;

function isSessionExpired(err: unknown): err is NitroFailure {
  return isNitroFailure(err) && err.httpStatus === 401 && err.errorcode !== undefined && SESSION_EXPIRED_ERRORCODES.has(err.errorcode);
}

export function applianceLabel(profile: Pick<ApplianceProfile, 'name' | 'host' | 'port'>): string {
  const where = profile.port === 443 ? profile.host : `${profile.host}:${profile.port}`;
  return profile.name !== undefined && profile.name !== profile.host ? `${profile.name} (${where})` : where;
}

export function sslFolder(partition: string | undefined): string {
  return partition === undefined || partition === DEFAULT_PARTITION ? '/nsconfig/ssl/' : `/nsconfig/partitions/${partition}/ssl/`;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
]);
const DROPPED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ECONNABORTED']);

function errorChain(err: unknown): Array<Error & { code?: string }> {
  const out: Array<Error & { code?: string }> = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur instanceof Error; i++) {
    out.push(cur);
    cur = (cur as Error & { cause?: unknown }).cause;
  }
  return out;
}

export class NitroClient {
  readonly profile: ApplianceProfile;
  readonly appliance: string;
  readonly partition: string;
  readonly fileLocation: string;
  /** HTTP requests sent in this session, for the benchmark and the history. */
  requestCount = 0;
  private readonly getPassword: GetPassword;
  private readonly timeoutMs: number;
  private readonly sessionTimeoutSec: number;
  private readonly saveRetries: number;
  private readonly saveRetryDelayMs: number;
  private readonly maxResponseBytes: number;
  private readonly agent: Agent;
  private readonly baseUrl: string;
  private token: string | undefined;
  private renewals = 0;
  private closed = false;
  private readonly signal: AbortSignal | undefined;
  private readonly unresponsiveTimeoutMs: number;
  /** Requests that got no answer in time: after one, the limit is short; after two, nothing more is sent. */
  private timeouts = 0;

  constructor(opts: NitroClientOptions) {
    this.profile = opts.profile;
    this.appliance = applianceLabel(opts.profile);
    this.partition = opts.profile.partition ?? DEFAULT_PARTITION;
    this.fileLocation = sslFolder(opts.profile.partition);
    this.getPassword = opts.getPassword;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.sessionTimeoutSec = opts.sessionTimeoutSec ?? 900;
    this.saveRetries = opts.saveRetries ?? 5;
    this.saveRetryDelayMs = opts.saveRetryDelayMs ?? 2_000;
    this.maxResponseBytes = opts.maxResponseBytes ?? MAX_NITRO_RESPONSE_BYTES;
    this.signal = opts.signal;
    this.unresponsiveTimeoutMs = Math.min(this.timeoutMs, opts.unresponsiveTimeoutMs ?? UNRESPONSIVE_TIMEOUT_MS);
    const host = opts.profile.host.includes(':') && !opts.profile.host.startsWith('[') ? `[${opts.profile.host}]` : opts.profile.host;
    this.baseUrl = `https://${host}:${opts.profile.port}`;
    this.agent = createTrustedAgent({
      appliance: this.appliance,
      host: opts.profile.host,
      trust: opts.profile.trust,
      connectTimeoutMs: opts.connectTimeoutMs ?? Math.min(this.timeoutMs, 10_000),
      ...(opts.trustStore ? { trustStore: opts.trustStore } : {}),
    });
  }

  get loggedIn(): boolean {
    return this.token !== undefined;
  }

  /** A request timed out: the appliance may be dead, so what follows is tried once with a short limit. */
  get unresponsive(): boolean {
    return this.timeouts > 0;
  }

  /** The user interrupted the work this client does. */
  get interrupted(): boolean {
    return this.signal?.aborted === true;
  }

  /** Logs in and, for an admin partition, switches the session to it. */
  async login(): Promise<void> {
    const password = await this.getPassword(this.profile.id);
    if (password === null || password === undefined || password === '') {
      throw new NitroFailure('APPLIANCE_PASSWORD_MISSING', `${this.appliance}: no password is saved for user "${this.profile.username}".`, {
        appliance: this.appliance,
        step: 'login',
      });
    }
    const reply = await this.send(loginCall(this.profile.username, password, this.sessionTimeoutSec), 'login', false);
    const sessionid = reply.body['sessionid'];
    if (typeof sessionid !== 'string' || sessionid === '') {
      throw new NitroFailure('NITRO_BAD_RESPONSE', `${this.appliance}: the login answer carried no session id.`, {
        appliance: this.appliance,
        step: 'login',
        httpStatus: reply.status,
      });
    }
    this.token = sessionid;
    if (this.partition !== DEFAULT_PARTITION) {
      await this.send(switchPartitionCall(this.partition), `switch to partition ${this.partition}`, false);
    }
  }

  /** Ends the session. Never throws: it runs on every path, failures included, interrupts too. */
  async logout(): Promise<void> {
    if (this.token !== undefined) {
      try {
        await this.send(logoutCall(), 'logout', false, { interruptible: false });
      } catch {
        // The session dies on its own after its timeout; nothing more to do.
      }
      this.token = undefined;
    }
  }

  async close(): Promise<void> {
    await this.logout();
    if (!this.closed) {
      this.closed = true;
      await this.agent.close().catch(() => undefined);
    }
  }

  /** Sends a call; a dead session is renewed once per client and the call retried. */
  async call(call: NitroCall, step: string, opts: SendOptions = {}): Promise<NitroReply> {
    return this.send(call, step, true, opts);
  }

  /** A GET that returns the records under the resource's key ([] when the appliance leaves the key out). */
  async records(call: Omit<NitroCall, 'method'>, step: string): Promise<Array<Record<string, unknown>>> {
    const reply = await this.call({ ...call, method: 'GET' }, step);
    const value = reply.body[call.resource];
    if (Array.isArray(value)) return value as Array<Record<string, unknown>>;
    if (value !== null && typeof value === 'object') return [value as Record<string, unknown>];
    return [];
  }

  async version(): Promise<string> {
    const [v] = await this.records(readVersionCall(), 'read version');
    return typeof v?.['version'] === 'string' ? v['version'] : 'unknown';
  }

  async haInfo(): Promise<HaInfo> {
    const nodes = await this.records(readHaNodesCall(), 'read HA state');
    const self = nodes.find((n) => String(n['id']) === '0') ?? nodes[0];
    const peer = nodes.find((n) => n !== self);
    if (!self || !peer) return { state: 'standalone' };
    const raw = fieldText(self['state'] ?? self['hacurmasterstate']).toLowerCase();
    const state: HaState = raw === 'primary' ? 'primary' : raw === 'secondary' ? 'secondary' : 'unknown';
    const info: HaInfo = { state };
    if (typeof peer['ipaddress'] === 'string') info.peerAddress = peer['ipaddress'];
    return info;
  }

  /**
   * `save ns config`, waiting and retrying while another save runs (SAVE_IN_PROGRESS). Once sent it is not
   * interrupted: the save is a push's last step, and undoing a save that may have happened would need another.
   */
  async saveConfig(step: string, call: NitroCall): Promise<NitroReply> {
    if (this.signal?.aborted) throw this.interruptFailure(step, false);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call(call, step, { interruptible: false });
      } catch (err) {
        if (!hasNitroErrorcode(err, 'SAVE_IN_PROGRESS') || attempt >= this.saveRetries) throw err;
        await sleep(this.saveRetryDelayMs * (attempt + 1));
      }
    }
  }

  private async send(call: NitroCall, step: string, renewable: boolean, opts: SendOptions = {}): Promise<NitroReply> {
    try {
      return await this.sendOnce(call, step, opts);
    } catch (err) {
      if (!renewable || !isSessionExpired(err)) throw err;
      // Renewed once for this call; a session that dies again right away is not chased further.
      if (this.renewals >= MAX_RENEWALS) throw this.expiredAgain(step, err);
      this.renewals++;
      this.token = undefined;
      await this.login();
      try {
        return await this.sendOnce(call, step, opts);
      } catch (again) {
        if (isSessionExpired(again)) throw this.expiredAgain(step, again);
        throw again;
      }
    }
  }

  private expiredAgain(step: string, err: NitroFailure): NitroFailure {
    return new NitroFailure(
      'APPLIANCE_SESSION_EXPIRED',
      `${this.appliance}: ${step} failed: the NITRO session expired again right after it was renewed (NITRO errorcode ${err.errorcode}).`,
      {
        appliance: this.appliance,
        step,
        ...(err.errorcode !== undefined ? { errorcode: err.errorcode } : {}),
        httpStatus: 401,
      },
    );
  }

  private async sendOnce(call: NitroCall, step: string, opts: SendOptions): Promise<NitroReply> {
    const interruptible = opts.interruptible !== false;
    if (interruptible && this.signal?.aborted) throw this.interruptFailure(step, false);
    if (this.timeouts >= 2) {
      throw new NitroFailure('APPLIANCE_STOPPED_ANSWERING', `${this.appliance}: ${step} was not tried: the appliance stopped answering.`, {
        appliance: this.appliance,
        step,
      });
    }
    const limit = this.timeouts > 0 ? this.unresponsiveTimeoutMs : this.timeoutMs;
    const timeout = AbortSignal.timeout(limit);
    const path = nitroPath(call);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (this.token !== undefined && call.resource !== 'login') headers['cookie'] = `NITRO_AUTH_TOKEN=${this.token}`;
    this.requestCount++;
    let status: number;
    let text: string | undefined;
    try {
      const res = await request(this.baseUrl + path, {
        method: call.method,
        headers,
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        dispatcher: this.agent,
        signal: interruptible && this.signal ? AbortSignal.any([timeout, this.signal]) : timeout,
      });
      status = res.statusCode;
      const declared = Number(res.headers['content-length']);
      if (declared > this.maxResponseBytes) res.body.destroy();
      else text = await readBoundedText(res.body, this.maxResponseBytes);
    } catch (err) {
      if (interruptible && this.signal?.aborted && !timeout.aborted) throw this.interruptFailure(step, call.method !== 'GET', err);
      const failure = this.transportFailure(err, step, call.method, limit);
      // A refused or timed-out connection after a timeout is the same dead appliance.
      if (failure.code === 'APPLIANCE_TIMEOUT' || (this.timeouts > 0 && failure.code === 'APPLIANCE_UNREACHABLE')) this.timeouts++;
      throw failure;
    }
    if (text === undefined) throw this.tooLarge(step, status, call.method);
    let body: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new NitroFailure('NITRO_BAD_RESPONSE', `${this.appliance}: ${step} got an answer that is not NITRO JSON (HTTP ${status}).`, {
          appliance: this.appliance,
          step,
          httpStatus: status,
        });
      }
    }
    const errorcode = typeof body['errorcode'] === 'number' ? body['errorcode'] : Number(body['errorcode'] ?? 0);
    if (status >= 400 || (Number.isFinite(errorcode) && errorcode !== 0)) {
      throw this.nitroFailure(
        step,
        status,
        Number.isFinite(errorcode) ? errorcode : undefined,
        typeof body['message'] === 'string' ? body['message'] : '',
      );
    }
    return { status, body };
  }

  private nitroFailure(step: string, status: number, errorcode: number | undefined, message: string): NitroFailure {
    const known = errorcode !== undefined ? describeErrorcode(errorcode) : undefined;
    const said = message.trim() || known?.message || `HTTP ${status}`;
    const where = `NITRO errorcode ${errorcode ?? 'none'}, HTTP ${status}`;
    if (step === 'login' && (errorcode === NITRO_ERRORCODE.BAD_CREDENTIALS || status === 401)) {
      return new NitroFailure(
        'APPLIANCE_LOGIN_FAILED',
        `${this.appliance}: login as "${this.profile.username}" was refused: ${said} (${where}).`,
        {
          appliance: this.appliance,
          step,
          httpStatus: status,
          ...(errorcode !== undefined ? { errorcode } : {}),
        },
      );
    }
    const code = looksLikeDiskFull(said) ? 'APPLIANCE_DISK_FULL' : (known?.code ?? 'NITRO_REQUEST_FAILED');
    return new NitroFailure(code, `${this.appliance}: ${step} failed: ${said} (${where}).`, {
      appliance: this.appliance,
      step,
      httpStatus: status,
      ...(errorcode !== undefined ? { errorcode } : {}),
      ...(known && code !== 'APPLIANCE_DISK_FULL' ? { hint: known.hint } : {}),
    });
  }

  private tooLarge(step: string, status: number, method: string): NitroFailure {
    const kib = this.maxResponseBytes / 1024;
    const size = kib >= 1024 ? `${Math.round(kib / 1024)} MiB` : `${Math.round(kib)} KiB`;
    return new NitroFailure(
      'RESPONSE_TOO_LARGE',
      `${this.appliance}: ${step} got an answer larger than ${size} (HTTP ${status}); Fieldkit stopped reading it.`,
      // The appliance answered, but what it said is unknown: a change may have been applied.
      { appliance: this.appliance, step, httpStatus: status, outcomeUnknown: method !== 'GET' },
    );
  }

  /** The user interrupted: a request already sent may have taken effect (the undo checks). */
  private interruptFailure(step: string, sent: boolean, cause?: unknown): NitroFailure {
    return new NitroFailure('PUSH_INTERRUPTED', `${this.appliance}: interrupted during ${step}.`, {
      appliance: this.appliance,
      step,
      outcomeUnknown: sent,
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  private transportFailure(err: unknown, step: string, method: string, limitMs: number): NitroFailure {
    const chain = errorChain(err);
    const own = chain.find(isNitroFailure);
    if (own) return own;
    const sent = method !== 'GET';
    const base = { appliance: this.appliance, step, cause: err };
    if (chain.some((e) => e.name === 'TimeoutError' || e.name === 'AbortError')) {
      return new NitroFailure('APPLIANCE_TIMEOUT', `${this.appliance}: ${step} got no answer within ${Math.round(limitMs / 1000)} s.`, {
        ...base,
        outcomeUnknown: sent,
      });
    }
    const codes = chain.map((e) => e.code ?? '');
    const tls = chain.find((e) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(e.code ?? ''));
    if (tls) {
      return new NitroFailure(
        'APPLIANCE_TLS_UNTRUSTED',
        `${this.appliance}: the management certificate was not accepted (${tls.code}: ${tls.message}).`,
        base,
      );
    }
    if (codes.some((c) => UNREACHABLE.has(c))) {
      const hint = offlineHintFor(err, 'applianceAction');
      return new NitroFailure(
        'APPLIANCE_UNREACHABLE',
        `${this.appliance}: could not connect to ${this.baseUrl} (${codes.find((c) => UNREACHABLE.has(c))}).`,
        { ...base, ...(hint !== undefined ? { hint } : {}) },
      );
    }
    if (codes.some((c) => DROPPED.has(c))) {
      return new NitroFailure('APPLIANCE_CONNECTION_DROPPED', `${this.appliance}: the connection dropped during ${step}.`, {
        ...base,
        outcomeUnknown: sent,
      });
    }
    const first = chain[0];
    return new NitroFailure('APPLIANCE_UNREACHABLE', `${this.appliance}: ${step} failed: ${first?.message ?? String(err)}.`, {
      ...base,
      outcomeUnknown: sent,
    });
  }
}
