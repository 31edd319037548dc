/**
 * Remembers every secret value the engine has handled in this process so that
 * any text leaving the engine (logs, error messages, exports, IPC answers,
 * history rows, CLI output) can be scrubbed of it, whatever code path put it
 * there, and in whatever form it was echoed back.
 */
export class SecretRedactor {
  private readonly forms = new Set<string>();
  /** The forms longest first, so a form that contains another is replaced whole; rebuilt when a secret is added. */
  private ordered: string[] = [];

  /** Values shorter than this are too likely to collide with ordinary words to be scrubbed safely. */
  static readonly MIN_LENGTH = 4;

  static readonly MARK = '[redacted]';

  remember(value: string): void {
    if (value.length < SecretRedactor.MIN_LENGTH) return;
    for (const form of encodedForms(value)) if (form.length >= SecretRedactor.MIN_LENGTH) this.forms.add(form);
    this.ordered = [...this.forms].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    return redactUrlCredentials(this.redactKnown(text).text);
  }

  /** Only the secrets this process has seen, and how many were found: a support bundle's manifest counts them. */
  redactKnown(text: string): { text: string; count: number } {
    let out = text;
    let count = 0;
    for (const form of this.ordered) {
      if (!out.includes(form)) continue;
      const parts = out.split(form);
      count += parts.length - 1;
      out = parts.join(SecretRedactor.MARK);
    }
    return { text: out, count };
  }

  /**
   * Scrubs every string (and object key) of a JSON-shaped value. The shape is
   * kept: numbers, booleans and nesting are untouched, so the value still
   * parses against its schema unless a secret sat in a constrained field.
   */
  redactValue<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.walk(v)]));
    }
    return value;
  }
}

/**
 * The ways a secret is echoed back by a proxy, an appliance or our own
 * formatting: as is, JSON- and HTML-escaped, URL-encoded, and base64 (a Basic
 * Proxy-Authorization carries base64("user:password")).
 */
function encodedForms(value: string): string[] {
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [value, JSON.stringify(value).slice(1, -1), html, encodeURIComponent(value), ...base64Cores(value)];
}

/**
 * The secret's base64 inside any longer base64 text: whatever precedes it,
 * the secret starts at one of three byte offsets in a 3-byte group, and for
 * each the characters that only the secret's own bytes decide are fixed.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const padded = Buffer.concat([Buffer.alloc(lead), bytes]);
    const whole = padded.length - (padded.length % 3);
    // Characters of groups shared with unknown neighbours are dropped: the first group when it has lead bytes, the last partial one.
    const core = padded
      .subarray(0, whole)
      .toString('base64')
      .slice(lead > 0 ? 4 : 0);
    if (core.length >= 8) cores.push(core);
  }
  return cores;
}

/** user:password@ in any URL is a secret whether or not the vault has seen it. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+):([^\s/@]+)@/gi, '$1$2:[redacted]@');
}
