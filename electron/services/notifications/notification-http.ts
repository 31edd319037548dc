import { request, type Dispatcher } from 'undici';
import { parseRetryAfter } from '../allowlist/allowlist-client.ts';
import type { NoNetworkKind } from '../../../shared/network-actions.ts';
import { describeConnectionFailure } from '../diagnostics/describe-connection-failure.ts';
import { noNetworkKindOf } from '../network/network-unreachable.ts';
import { readBoundedText } from '../nitro/bounded-body.ts';

/**
 * One request to a notification service and what it answered, or why no
 * answer came, in words. The URL may itself be the secret (a Slack or Teams
 * webhook), so words name the host only; the redactor scrubs the rest.
 */

/** Vendors answer in a line or a small JSON object; more than this is not an answer worth keeping. */
export const MAX_ANSWER_BYTES = 64 * 1024;
export const REQUEST_TIMEOUT_MS = 20_000;
export const NOTIFY_USER_AGENT = 'Fieldkit-Notify/1';

export interface HttpAnswer {
  status: number;
  /** The body, at most MAX_ANSWER_BYTES of it ("" when longer or unreadable). */
  text: string;
  retryAfterMs?: number;
}

/** What one delivery came to: sent, or not with the reason and whether trying again can help. */
export type SendOutcome =
  | { ok: true; answer: string }
  | { ok: false; answer: string; retry: boolean; retryAfterMs?: number | undefined; noNetwork?: NoNetworkKind };

export interface HttpConnection {
  dispatcher: Dispatcher;
  timeoutMs?: number;
  now?: () => Date;
}

export class NoAnswer extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'NoAnswer';
  }
}

export async function sendRequest(
  conn: HttpConnection,
  req: { url: string; method: 'GET' | 'POST' | 'PATCH'; body?: string; headers?: Record<string, string> },
): Promise<HttpAnswer> {
  const url = new URL(req.url);
  const timeoutMs = conn.timeoutMs ?? REQUEST_TIMEOUT_MS;
  let answer: Dispatcher.ResponseData;
  try {
    answer = await request(url, {
      method: req.method,
      dispatcher: conn.dispatcher,
      headers: {
        'user-agent': NOTIFY_USER_AGENT,
        accept: 'application/json',
        ...(req.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...req.headers,
      },
      ...(req.body !== undefined ? { body: req.body } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs * 2),
    });
  } catch (err) {
    throw new NoAnswer(noAnswerWords(err, url, timeoutMs), err);
  }
  const text = (await readBoundedText(answer.body, MAX_ANSWER_BYTES).catch(() => undefined)) ?? '';
  const retryAfter = answer.headers['retry-after'];
  const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, (conn.now ?? (() => new Date()))());
  return { status: answer.statusCode, text, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

function noAnswerWords(err: unknown, url: URL, timeoutMs: number): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || (err as Error).name === 'TimeoutError') {
    return `${url.host} accepted the connection but did not answer within ${Math.round(timeoutMs / 1000)} s.`;
  }
  const described = describeConnectionFailure(err, url.hostname, Number(url.port) || 443);
  if (described) return `${described.message} ${described.fix}`;
  return `Fieldkit could not reach ${url.host}: ${(err as Error).message}.`;
}

/** A request that got no answer: always worth another try (the network, a proxy, the service may be back). */
export function noAnswerOutcome(err: unknown): SendOutcome {
  if (err instanceof NoAnswer) {
    const noNetwork = noNetworkKindOf(err.cause);
    return { ok: false, answer: err.message, retry: true, ...(noNetwork ? { noNetwork } : {}) };
  }
  throw err;
}

/**
 * The parts of an answer every vendor shares: 429 and 5xx are worth
 * another try (after Retry-After when given); 408 too; other 4xx mean the
 * request or the channel is wrong and will be so next time too.
 */
export function failedStatus(answer: HttpAnswer, words: string): SendOutcome {
  const retry = answer.status === 408 || answer.status === 429 || answer.status >= 500;
  return { ok: false, answer: words, retry, retryAfterMs: answer.retryAfterMs };
}

/** A body to quote: one line, short. */
export function quote(text: string, max = 300): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
