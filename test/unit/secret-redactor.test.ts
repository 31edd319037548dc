import { describe, expect, it } from 'vitest';
import { SecretRedactor } from '../../electron/services/log/secret-redactor.ts';

const SECRET = 'p@ss"w/rd&<9>';

function redactorWith(value: string): SecretRedactor {
  const r = new SecretRedactor();
  r.remember(value);
  return r;
}

describe('secret redactor', () => {
  it('scrubs the secret as is, JSON-escaped, HTML-escaped and URL-encoded', () => {
    const r = redactorWith(SECRET);
    for (const form of [SECRET, JSON.stringify(SECRET).slice(1, -1), 'p@ss&quot;w/rd&amp;&lt;9&gt;', encodeURIComponent(SECRET)]) {
      expect(r.redact(`before ${form} after`)).toBe('before [redacted] after');
    }
  });

  it("scrubs the secret's base64 wherever it starts in a longer base64 text (a Basic Proxy-Authorization echoed back)", () => {
    const r = redactorWith(SECRET);
    for (const user of ['u', 'us', 'usr', 'admin']) {
      const basic = Buffer.from(`${user}:${SECRET}`).toString('base64');
      const out = r.redact(`Proxy-Authorization: Basic ${basic}`);
      expect(out).toContain('[redacted]');
      // What is left cannot be decoded back into the secret.
      expect(Buffer.from(out.replace(/^.*Basic /, '').replace('[redacted]', ''), 'base64').toString('latin1')).not.toContain('w/rd');
    }
    expect(r.redact(Buffer.from(SECRET).toString('base64'))).toContain('[redacted]');
  });

  it('keeps a structured value structured: strings and keys scrubbed, numbers and nesting untouched', () => {
    const r = redactorWith(SECRET);
    const value = { n: 1, ok: true, list: [`x ${SECRET}`, null], nested: { [SECRET]: `${SECRET}` } };
    expect(r.redactValue(value)).toEqual({ n: 1, ok: true, list: ['x [redacted]', null], nested: { '[redacted]': '[redacted]' } });
  });

  it('leaves text alone when no secret is in it, and ignores values too short to scrub safely', () => {
    const r = redactorWith('abc');
    expect(r.redact('abc is fine')).toBe('abc is fine');
  });
});
