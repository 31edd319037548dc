import { randomUUID as cryptoRandomUUID } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { AllowlistJsonAnswer, AllowlistQuery, ZscalerAnswer, type AllowlistQueryInput } from '../../../shared/schemas/allowlist.ts';
import { describeConnectionFailure } from '../diagnostics/describe-connection-failure.ts';
import { offlineHintFor } from '../network/network-unreachable.ts';
import { readBoundedText } from '../nitro/bounded-body.ts';
import { describeSchemaIssues } from './describe-schema-issues.ts';
import { ALLOWLIST_USER_AGENT } from './allowlist-connection.ts';
import type { RateLimiter, RateLimitWait } from './rate-limiter.ts';

/**
 * GET {base}/v2/allowlist of the Citrix Cloud Connectivity AllowList API: one
 * validated answer or one clear error, never a half-read list. Every request
 * waits for the machine-wide rate limiter, carries a fresh Citrix-TransactionId
 * and asks for gzip; a 429 is waited out (Retry-After) up to a cap.
 */

/** The real list is some hundreds of KiB; 32 MiB leaves room for growth and stops an endless or hostile answer. */
export const MAX_ALLOWLIST_BYTES = 32 * 1024 * 1024;
/** An error answer is read only to find which parameter it names. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** How long 429s are waited out in total before giving up; the API's window is a minute. */
export const MAX_RATE_LIMIT_WAIT_MS = 2 * 60_000;
/** When a 429 carries no Retry-After: the API's window. */
const DEFAULT_RETRY_AFTER_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30_000;

export interface FetchAllowlistInput {
  baseUrl: string;
  query: AllowlistQueryInput;
  /** The Last-Modified of the stored version; a 304 then means it is still current. */
  ifModifiedSince?: string;
  signal?: AbortSignal;
}

export type AllowlistWait = RateLimitWait & { reason: 'client-limit' | 'server-429' };

export interface FetchAllowlistDeps {
  dispatcher: Dispatcher;
  limiter: RateLimiter;
  now?: () => Date;
  randomUUID?: () => string;
  /** Told whenever the fetch waits (the client's limiter or the API's 429), for "waiting 23 s for the API's rate limit". */
  onWait?: (wait: AllowlistWait) => void;
  maxRateLimitWaitMs?: number;
  maxBytes?: number;
  timeoutMs?: number;
  /** Injected by tests to make waits short; given the wait the API asked for. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type FetchAllowlistResult =
  | {
      status: 'ok';
      /** The parsed answer, validated against the schema of its format (AllowlistJsonAnswer or ZscalerAnswer); unknown fields kept. */
      body: unknown;
      rawText: string;
      lastModified?: string;
      cacheControl?: string;
      transactionId: string;
      fetchedAt: string;
    }
  | { status: 'not-modified'; lastModified?: string; transactionId: string; fetchedAt: string };

const QUERY_PARAMETERS = ['customerId', 'format', 'geo', 'direction'] as const;

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The query, or an input error naming the parameter; checked before anything is sent. */
export function validateAllowlistQuery(query: AllowlistQueryInput): AllowlistQuery {
  const parsed = AllowlistQuery.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'query';
  const message =
    issue.code === 'unrecognized_keys' ? `${issue.keys.join(', ')} is not a parameter of the AllowList API.` : `${field}: ${issue.message}`;
  throw new FieldkitError('ALLOWLIST_BAD_QUERY', message, { field });
}

export function allowlistUrl(baseUrl: string, query: AllowlistQuery): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/v2/allowlist`);
  if (query.customerId !== undefined) url.searchParams.set('customerId', query.customerId);
  url.searchParams.set('format', query.format);
  url.searchParams.set('geo', query.geo);
  url.searchParams.set('direction', query.direction);
  return url;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its weekday and month; Date.parse alone would take "-5" for a year.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

type Body = Dispatcher.ResponseData['body'];

/** The body decoded (gzip when the server used it), at most `limit` bytes of it; undefined when longer. */
async function readDecoded(body: Body, contentEncoding: string | undefined, limit: number): Promise<string | undefined> {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return readBoundedText(body, limit);
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    await body.dump().catch(() => undefined);
    throw new FieldkitError(
      'ALLOWLIST_MALFORMED',
      `The answer came encoded as "${encoding}", which Fieldkit did not ask for and cannot read.`,
    );
  }
  // The limit counts decoded bytes, so a small compressed bomb stops at the same size as a plain answer.
  const gunzip = pipeline(body as unknown as Readable, createGunzip(), () => undefined);
  try {
    return await readBoundedText(gunzip, limit);
  } catch (err) {
    throw new FieldkitError(
      'ALLOWLIST_MALFORMED',
      `The answer's gzip compression is damaged (${(err as Error).message}); nothing was kept.`,
      {
        cause: err,
      },
    );
  }
}

/** Which parameter a 400 answer names: a field of its JSON body, or a parameter named in its words. */
function parameterNamed(text: string | undefined): { parameter?: string; said?: string } {
  if (!text) return {};
  let said: string | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      for (const key of ['parameter', 'param', 'field', 'name', 'target']) {
        const v = o[key];
        if (typeof v === 'string' && v.length <= 40) {
          const message = [o['message'], o['detail'], o['title'], o['error']].find((m): m is string => typeof m === 'string');
          return { parameter: v, ...(message ? { said: message.slice(0, 300) } : {}) };
        }
      }
      said = [o['message'], o['detail'], o['title'], o['error']].find((m): m is string => typeof m === 'string');
    }
  } catch {
    said = text.trim().replace(/\s+/g, ' ');
  }
  said = said?.slice(0, 300);
  const mentioned = QUERY_PARAMETERS.find((p) => said && new RegExp(`\\b${p}\\b`, 'i').test(said));
  return { ...(mentioned ? { parameter: mentioned } : {}), ...(said ? { said } : {}) };
}

function sentParameters(query: AllowlistQuery): string {
  return QUERY_PARAMETERS.filter((p) => query[p] !== undefined)
    .map((p) => `${p}=${query[p]}`)
    .join(', ');
}

function badRequest(query: AllowlistQuery, text: string | undefined, transactionId: string): FieldkitError {
  const { parameter, said } = parameterNamed(text);
  const sent = sentParameters(query);
  const value =
    parameter && (QUERY_PARAMETERS as readonly string[]).includes(parameter) ? query[parameter as keyof AllowlistQuery] : undefined;
  const what = parameter
    ? `The AllowList API refused the parameter ${parameter}${value !== undefined ? ` (sent: ${parameter}=${value})` : ' (Fieldkit did not send it)'}`
    : `The AllowList API refused the request as not valid without saying which parameter (sent: ${sent})`;
  return new FieldkitError('ALLOWLIST_BAD_REQUEST', `${what}${said ? `: "${said}"` : ''}. Transaction ID ${transactionId}.`, {
    ...(parameter ? { field: parameter } : {}),
  });
}

function validateAnswer(format: AllowlistQuery['format'], text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const start = text.trimStart().slice(0, 60).replace(/\s+/g, ' ');
    throw new FieldkitError(
      'ALLOWLIST_MALFORMED',
      `The AllowList API answered with something that is not JSON (it starts "${start}"); nothing was kept.`,
    );
  }
  const schema = format === 'json' ? AllowlistJsonAnswer : ZscalerAnswer;
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    throw new FieldkitError(
      'ALLOWLIST_MALFORMED',
      `The AllowList API's ${format} answer does not have the documented shape: ${describeSchemaIssues(checked.error, parsed)}. Nothing was kept.`,
    );
  }
  return checked.data;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** A request that failed on the way (connection, TLS, proxy, a stalled or broken answer), in words. */
function transportError(err: unknown, url: URL, signal: AbortSignal | undefined, timeoutMs: number): FieldkitError {
  if (signal?.aborted) return new FieldkitError('TASK_CANCELLED');
  if (TIMEOUT_CODES.has((err as NodeJS.ErrnoException).code ?? '')) {
    return new FieldkitError(
      'ALLOWLIST_UNREACHABLE',
      `The AllowList API at ${url.origin} accepted the connection but did not finish answering within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.`,
      { cause: err },
    );
  }
  const described = describeConnectionFailure(err, url.hostname, Number(url.port) || 443);
  const hint = offlineHintFor(err, 'allowlistFetch') ?? described?.fix;
  return new FieldkitError(
    'ALLOWLIST_UNREACHABLE',
    described?.message ?? `Fieldkit could not get an answer from the AllowList API at ${url.origin}: ${(err as Error).message}.`,
    { ...(hint !== undefined ? { hint } : {}), cause: err },
  );
}

export async function fetchAllowlist(input: FetchAllowlistInput, deps: FetchAllowlistDeps): Promise<FetchAllowlistResult> {
  const query = validateAllowlistQuery(input.query);
  const url = allowlistUrl(input.baseUrl, query);
  const now = deps.now ?? (() => new Date());
  const newId = deps.randomUUID ?? cryptoRandomUUID;
  const wait = deps.sleep ?? ((ms: number, signal?: AbortSignal) => sleep(ms, undefined, signal ? { signal } : {}));
  const maxBytes = deps.maxBytes ?? MAX_ALLOWLIST_BYTES;
  const timeoutMs = deps.timeoutMs ?? REQUEST_TIMEOUT_MS;
  let waitBudgetMs = deps.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS;

  for (;;) {
    await deps.limiter.acquire(input.signal, (w) => deps.onWait?.({ ...w, reason: 'client-limit' }));
    const transactionId = newId();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'citrix-transactionid': transactionId,
      'user-agent': ALLOWLIST_USER_AGENT,
    };
    if (input.ifModifiedSince) headers['if-modified-since'] = input.ifModifiedSince;

    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(url, {
        method: 'GET',
        headers,
        dispatcher: deps.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(input.signal ? { signal: input.signal } : {}),
      });
    } catch (err) {
      throw transportError(err, url, input.signal, timeoutMs);
    }
    const fetchedAt = now().toISOString();
    const lastModified = header(answer.headers, 'last-modified');
    const status = answer.statusCode;

    if (status === 304 && input.ifModifiedSince) {
      await answer.body.dump().catch(() => undefined);
      return { status: 'not-modified', ...(lastModified ? { lastModified } : {}), transactionId, fetchedAt };
    }
    if (status === 200) {
      let text: string | undefined;
      try {
        text = await readDecoded(answer.body, header(answer.headers, 'content-encoding'), maxBytes);
      } catch (err) {
        throw err instanceof FieldkitError ? err : transportError(err, url, input.signal, timeoutMs);
      }
      if (text === undefined) {
        throw new FieldkitError(
          'ALLOWLIST_MALFORMED',
          `The AllowList API's answer goes on past ${maxBytes / (1024 * 1024)} MiB, far more than an allowlist holds; Fieldkit stopped reading and kept nothing.`,
        );
      }
      const body = validateAnswer(query.format, text);
      const cacheControl = header(answer.headers, 'cache-control');
      return {
        status: 'ok',
        body,
        rawText: text,
        ...(lastModified ? { lastModified } : {}),
        ...(cacheControl ? { cacheControl } : {}),
        transactionId,
        fetchedAt,
      };
    }

    const errorText = await readDecoded(answer.body, header(answer.headers, 'content-encoding'), MAX_ERROR_BODY_BYTES).catch(
      () => undefined,
    );
    if (status === 429) {
      const asked = parseRetryAfter(header(answer.headers, 'retry-after'), now());
      const waitMs = asked ?? DEFAULT_RETRY_AFTER_MS;
      if (waitMs > waitBudgetMs) {
        const when = asked === undefined ? 'did not say when to come back' : `asks to wait ${Math.ceil(asked / 1000)} s more`;
        throw new FieldkitError(
          'ALLOWLIST_RATE_LIMITED',
          `The AllowList API refused the request: too many requests from this network's address (HTTP 429), and it ${when}. Fieldkit stopped waiting. Transaction ID ${transactionId}.`,
        );
      }
      waitBudgetMs -= waitMs;
      deps.onWait?.({ waitMs, until: new Date(now().getTime() + waitMs).toISOString(), reason: 'server-429' });
      try {
        await wait(waitMs, input.signal);
      } catch {
        throw new FieldkitError('TASK_CANCELLED');
      }
      continue;
    }
    if (status === 400) throw badRequest(query, errorText, transactionId);
    if (status === 404) {
      throw new FieldkitError(
        'ALLOWLIST_NOT_FOUND',
        `The AllowList API answered 404 for ${url.origin}${url.pathname}: there is no allowlist at that address. Transaction ID ${transactionId}.`,
        { field: 'baseUrl' },
      );
    }
    const kind = status >= 500 ? 'failed' : 'gave an answer Fieldkit does not expect';
    throw new FieldkitError(
      'ALLOWLIST_SERVER_ERROR',
      `The AllowList API at ${url.origin} ${kind} (HTTP ${status}). Transaction ID ${transactionId}.`,
    );
  }
}
