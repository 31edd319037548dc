import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedactionTally, scrubText, scrubValue } from '../../electron/services/log/secret-patterns.ts';
import { SecretRedactor } from '../../electron/services/log/secret-redactor.ts';
import type { RedactionKind } from '../../shared/schemas/support.ts';

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;

function scrub(text: string, redactor = new SecretRedactor()): { out: string; counts: RedactionTally['counts'] } {
  const tally = new RedactionTally();
  return { out: scrubText(text, redactor, tally), counts: tally.counts };
}

/** Each shape, with the part that must go and what is left of the text around it. */
const CASES: Array<{ kind: RedactionKind; text: string; secret: string; kept?: string }> = [
  { kind: 'private-key', text: `key:\n${PEM}done`, secret: PEM.split('\n')[1]!, kept: 'done' },
  { kind: 'private-key', text: JSON.stringify({ pem: RSA_PEM }), secret: RSA_PEM.split('\n')[2]! },
  { kind: 'private-key', text: `${PEM.slice(0, 120)}`, secret: PEM.slice(40, 100).split('\n')[1]! },
  {
    kind: 'authorization-header',
    text: 'GET / HTTP/1.1\r\nAuthorization: Basic YWxpY2U6czNjcjN0\r\nHost: x',
    secret: 'YWxpY2U6czNjcjN0',
    kept: 'Host: x',
  },
  { kind: 'authorization-header', text: 'Proxy-Authorization: Negotiate TlRMTVNTUAABAAAAB4IIog==', secret: 'TlRMTVNTUAAB' },
  { kind: 'authorization-header', text: '{"authorization":"Bearer abc.def.ghi123"}', secret: 'abc.def.ghi123' },
  { kind: 'cookie-header', text: 'Set-Cookie: NITRO_AUTH_TOKEN=zz99; path=/nitro/v1', secret: 'zz99' },
  { kind: 'cookie-header', text: 'Cookie: JSESSIONID=abcdef0123; other=1', secret: 'abcdef0123' },
  { kind: 'nitro-session', text: 'login answered NITRO_AUTH_TOKEN=%23%23A1B2C3D4E5; then', secret: 'A1B2C3D4E5', kept: 'then' },
  { kind: 'nitro-session', text: '{"errorcode":0,"sessionid":"##0F1E2D3C4B5A"}', secret: '0F1E2D3C4B5A' },
  { kind: 'url-credentials', text: 'proxy http://bob:hunter22@10.0.0.1:3128 refused', secret: 'hunter22', kept: 'bob' },
  {
    kind: 'webhook-url',
    text: 'POST https://hooks.slack.com/services/T0001/B0002/abcdefXYZ failed',
    secret: 'abcdefXYZ',
    kept: 'hooks.slack.com',
  },
  {
    kind: 'webhook-url',
    text: 'https://acme.webhook.office.com/webhookb2/1234-abcd@5678/IncomingWebhook/f00/ba4',
    secret: 'IncomingWebhook',
  },
  {
    kind: 'webhook-url',
    text: 'https://prod-01.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sv=1&sig=Zm9vYmFy',
    secret: 'Zm9vYmFy',
  },
  { kind: 'webhook-url', text: 'https://alerts.example.test/api/notify?token=q7Wq7Wq7', secret: 'q7Wq7Wq7' },
  { kind: 'webhook-url', text: 'https://alerts.example.test/in/9f8e7d6c5b4a39281706f5e4d3c2b1a0', secret: '9f8e7d6c5b4a3928' },
  {
    kind: 'token',
    text: 'got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    secret: 'dozjgNryP4J3',
  },
  { kind: 'token', text: 'routing_key=R0ut1ngKey00 sent', secret: 'R0ut1ngKey00', kept: 'sent' },
  { kind: 'token', text: 'slack said xoxb-1234567890-abcdefghij', secret: 'xoxb-1234567890' },
  { kind: 'password', text: 'login with password=Tr0ub4dor&3 failed', secret: 'Tr0ub4dor', kept: 'failed' },
  { kind: 'password', text: 'client_secret: s3cr3tValue', secret: 's3cr3tValue' },
];

describe('secret patterns', () => {
  for (const c of CASES) {
    it(`${c.kind}: removes ${c.secret.slice(0, 16)}…`, () => {
      const { out, counts } = scrub(c.text);
      expect(out).not.toContain(c.secret);
      expect(out).toContain('[redacted]');
      expect(counts[c.kind]).toBeGreaterThanOrEqual(1);
      if (c.kept) expect(out).toContain(c.kept);
    });
  }

  it('leaves ordinary text, endpoints and flags alone', () => {
    const text = [
      'GET https://trust.citrixnetworkapi.net/root-ca/v1 answered 200',
      'https://api.cloud.com/connectivity/allowlist?format=json&geo=all',
      '{"passwordSaved":true,"password":null,"authorizationRequired":false}',
      'The password is wrong: type it again.',
      'cookie policy unchanged',
    ].join('\n');
    const { out, counts } = scrub(text);
    expect(out).toBe(text);
    expect(counts).toEqual({});
  });

  it('counts a secret already redacted once only', () => {
    const redactor = new SecretRedactor();
    redactor.remember('YWxpY2U6czNjcjN0');
    const { out, counts } = scrub('Authorization: Basic YWxpY2U6czNjcjN0 and https://u:YWxpY2U6czNjcjN0@h/', redactor);
    expect(out).toBe('Authorization: Basic [redacted] and https://u:[redacted]@h/');
    expect(counts).toEqual({ 'known-secret': 2 });
  });

  it('leaves a webhook URL whose token is already removed as it is, counted once', () => {
    const redactor = new SecretRedactor();
    redactor.remember('T0AAA/B0BBB/Zz9Yy8Xx7Ww6');
    const { out, counts } = scrub('posting to https://hooks.slack.com/services/T0AAA/B0BBB/Zz9Yy8Xx7Ww6 failed', redactor);
    expect(out).toBe('posting to https://hooks.slack.com/services/[redacted] failed');
    expect(counts).toEqual({ 'known-secret': 1 });
  });

  it('redacts a JSON value by its field name, whatever it holds, and keeps the shape', () => {
    const tally = new RedactionTally();
    const out = scrubValue(
      {
        user: 'nsroot',
        password: 'x',
        headers: { Authorization: 'opaque', cookie: 'c=1' },
        routingKey: 'rk',
        webhookUrl: 'opaque',
        list: [{ passphrase: 'p' }],
      },
      new SecretRedactor(),
      tally,
    );
    expect(out).toEqual({
      user: 'nsroot',
      password: '[redacted]',
      headers: { Authorization: '[redacted]', cookie: '[redacted]' },
      routingKey: '[redacted]',
      webhookUrl: '[redacted]',
      list: [{ passphrase: '[redacted]' }],
    });
    expect(tally.counts).toEqual({ password: 2, 'authorization-header': 1, 'cookie-header': 1, token: 1, 'webhook-url': 1 });
  });
});
