import type { RedactionCounts, RedactionKind } from '../../../shared/schemas/support.ts';
import { SecretRedactor } from './secret-redactor.ts';

const MARK = SecretRedactor.MARK;

/** How many of each kind a pass removed; one per file in a support bundle, a throwaway one for a log line. */
export class RedactionTally {
  readonly counts: RedactionCounts = {};

  add(kind: RedactionKind, n = 1): void {
    if (n > 0) this.counts[kind] = (this.counts[kind] ?? 0) + n;
  }
}

/**
 * Secrets that follow a recognisable shape, found whether or not Fieldkit has
 * seen the value: what a proxy, an appliance or a vendor echoes back (a
 * header, a session cookie, a webhook URL) can carry a secret the engine
 * never held. A value already redacted is left alone, so it is counted once.
 */
interface TextPattern {
  kind: RedactionKind;
  re: RegExp;
  /** What replaces the match (the header's name kept); the mark alone otherwise. */
  keep?: (m: string[]) => string;
}

const SHAPED_SECRETS: TextPattern[] = [
  // A whole PEM block; a truncated one up to the end of the text.
  { kind: 'private-key', re: /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g },
  {
    kind: 'authorization-header',
    // The scheme (Basic, Bearer…) is kept: it says what kind of credential was sent.
    re: /\b((?:proxy-)?authorization)(\s*["']?\s*[:=]\s*["']?\s*)(?!\s*(?:(?:basic|bearer|digest|negotiate|ntlm)\s+)?\[redacted)((?:basic|bearer|digest|negotiate|ntlm)\s+)?([^"'\r\n\\]+)/gi,
    keep: (m) => `${m[1]}${m[2]}${m[3] ?? ''}${MARK}`,
  },
  {
    kind: 'cookie-header',
    re: /\b((?:set-)?cookie)(\s*["']?\s*[:=]\s*["']?\s*)(?!\s*\[redacted)([^"'\r\n\\]+)/gi,
    keep: (m) => `${m[1]}${m[2]}${MARK}`,
  },
  {
    kind: 'nitro-session',
    re: /\b(NITRO_AUTH_TOKEN|X-NITRO-SESSIONID|sessionid)(\s*["']?\s*[:=]\s*["']?\s*)(?!\[redacted)([^"'\s;,&}\\]+)/gi,
    keep: (m) => `${m[1]}${m[2]}${MARK}`,
  },
  {
    kind: 'url-credentials',
    re: /(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+):(?!\[redacted\]@)([^\s/@]+)@/gi,
    keep: (m) => `${m[1]}${m[2]}:${MARK}@`,
  },
];

/** After URLs are handled: a `token=` in a webhook's query goes with its URL, counted once, as a webhook URL. */
const NAMED_VALUES: TextPattern[] = [
  { kind: 'token', re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { kind: 'token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'token', re: /\b(Bearer\s+)(?!\[redacted)[A-Za-z0-9._~+/-]{8,}=*/g, keep: (m) => `${m[1]}${MARK}` },
  {
    kind: 'token',
    re: /\b([A-Za-z_-]*(?:token|api[_-]?key|apikey|routing[_-]?key|integration[_-]?key|signing[_-]?key))(\s*["']?\s*[:=]\s*["']?)(?!\[redacted|(?:true|false|null)\b)([^\s"'&,;}\\]+)/gi,
    keep: (m) => `${m[1]}${m[2]}${MARK}`,
  },
  {
    kind: 'password',
    re: /\b([A-Za-z_-]*(?:password|passwd|passphrase|pwd|secret))(\s*["']?\s*[:=]\s*["']?)(?!\[redacted|(?:true|false|null)\b)([^\s"'&,;}\\]+)/gi,
    keep: (m) => `${m[1]}${m[2]}${MARK}`,
  },
];

const URL_RE = /\bhttps?:\/\/[^\s"'<>()[\]{}\\|^`]+/gi;

/** Hosts whose URLs are themselves the credential: whoever has one can post to the channel. */
const WEBHOOK_HOSTS = [
  /^hooks\.slack\.com$/i,
  /\.webhook\.office\.com$/i,
  /^outlook\.office(365)?\.com$/i,
  /\.logic\.azure\.com$/i,
  /^(discord|discordapp)\.com$/i,
  /^events(\.eu)?\.pagerduty\.com$/i,
];
const SECRET_QUERY = /sig|signature|token|key|secret|code|auth|password|pwd|credential/i;

/** A path segment that reads like a generated key, not a word: long, with letters and digits. */
function secretLooking(segment: string): boolean {
  const s = decodeURIComponentSafe(segment);
  if (!/^[A-Za-z0-9._~+=-]+$/.test(s) || !/[0-9]/.test(s) || !/[A-Za-z]/.test(s)) return false;
  return s.length >= 24 || (s.length >= 16 && /[a-z]/.test(s) && /[A-Z]/.test(s));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A webhook URL, or any URL whose path or query looks like it carries a secret, keeps its host only. */
function redactUrl(text: string, tally: RedactionTally): string {
  return text.replace(URL_RE, (raw: string, offset: number, whole: string) => {
    // The rest of this URL is a secret already removed (its token was known): counted there, not again.
    if (whole.startsWith(MARK, offset + raw.length)) return raw;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return raw;
    }
    const path = url.pathname;
    const secret =
      WEBHOOK_HOSTS.some((h) => h.test(url.hostname)) ||
      /hook/i.test(url.hostname) ||
      /hook/i.test(path) ||
      [...url.searchParams.keys()].some((k) => SECRET_QUERY.test(k)) ||
      path.split('/').some(secretLooking);
    if (!secret || (path === `/${MARK}` && url.search === '')) return raw;
    tally.add('webhook-url');
    return `${url.protocol}//${url.host}/${MARK}`;
  });
}

/** Removes every secret this process knows and every secret-shaped value from a text, counting each kind. */
export function scrubText(text: string, redactor: SecretRedactor, tally: RedactionTally): string {
  const known = redactor.redactKnown(text);
  tally.add('known-secret', known.count);
  const shaped = applyPatterns(known.text, SHAPED_SECRETS, tally);
  return applyPatterns(redactUrl(shaped, tally), NAMED_VALUES, tally);
}

function applyPatterns(text: string, patterns: TextPattern[], tally: RedactionTally): string {
  let out = text;
  for (const { kind, re, keep } of patterns) {
    out = out.replace(re, (...args: unknown[]) => {
      tally.add(kind);
      // The match and its groups; the offset and the whole text follow them.
      return keep ? keep(args.slice(0, -2) as string[]) : MARK;
    });
  }
  return out;
}

/** A field whose name says its value is a secret, whatever the value looks like. */
function kindOfKey(key: string): RedactionKind | undefined {
  if (/^(proxy-)?authorization$/i.test(key)) return 'authorization-header';
  if (/^(set-)?cookie$/i.test(key)) return 'cookie-header';
  if (/^(nitro_auth_token|x-nitro-sessionid|sessionid)$/i.test(key)) return 'nitro-session';
  if (/(password|passwd|passphrase|secret|pwd)$/i.test(key)) return 'password';
  if (/webhook[_-]?url$/i.test(key)) return 'webhook-url';
  if (/(token|(api|routing|integration|signing|private|access)[_-]?key|apikey)$/i.test(key)) return 'token';
  return undefined;
}

/**
 * The same over a JSON value, string by string, so the document still parses:
 * a field named like a secret (password, token, authorization) loses its
 * value whatever it is; every other string is scrubbed as text.
 */
export function scrubValue(value: unknown, redactor: SecretRedactor, tally: RedactionTally): unknown {
  if (typeof value === 'string') return scrubText(value, redactor, tally);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, redactor, tally));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const key = redactor.redact(k);
        const kind = kindOfKey(k);
        if (kind && typeof v === 'string' && v !== '' && v !== MARK) {
          tally.add(kind);
          return [key, MARK];
        }
        return [key, scrubValue(v, redactor, tally)];
      }),
    );
  }
  return value;
}
