import { describe, expect, it } from 'vitest';
import { AllowlistJsonAnswer } from '../../shared/schemas/allowlist.ts';
import { allowlistUrl, parseRetryAfter, validateAllowlistQuery } from '../../electron/services/allowlist/allowlist-client.ts';
import { normalizeBaseUrl } from '../../electron/services/allowlist/allowlist-endpoints.ts';
import { describeSchemaIssues } from '../../electron/services/allowlist/describe-schema-issues.ts';

describe('AllowList client parts', () => {
  const now = new Date('2026-06-01T10:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date, and ignores anything else', () => {
    expect(parseRetryAfter('23', now)).toBe(23_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 01 Jun 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 01 Jun 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('builds the request URL with the defaults spelled out and no customerId when there is none', () => {
    const url = allowlistUrl('https://api.cloud.com/connectivity/', validateAllowlistQuery({ format: 'zscaler' }));
    expect(url.toString()).toBe('https://api.cloud.com/connectivity/v2/allowlist?format=zscaler&geo=all&direction=all');
  });

  it('refuses parameters the API does not have, naming them', () => {
    expect(() => validateAllowlistQuery({ customerId: 'acme', region: 'us' } as never)).toThrow(/region is not a parameter/);
  });

  it('takes a base URL with a path and strips the trailing slash; refuses credentials and queries', () => {
    expect(normalizeBaseUrl(' https://lab.example.com:8443/connectivity/ ')).toBe('https://lab.example.com:8443/connectivity');
    expect(() => normalizeBaseUrl('https://user:pw@lab.example.com/connectivity')).toThrow(/credentials/);
    expect(() => normalizeBaseUrl('https://lab.example.com/connectivity?x=1')).toThrow(/query/);
    expect(() => normalizeBaseUrl('not a url')).toThrow(/not a URL/);
  });

  it('says where a wrong shape is, in words, with the service name from the answer', () => {
    const answer = {
      meta: { version: 'v' },
      services: [
        { name: 'DaaS', direction: 'outbound', endpoints: [], required: true },
        { name: 'Gateway', direction: 'sideways', endpoints: [{ geo: 'us', ips: [1] }], required: 'yes' },
      ],
    };
    const parsed = AllowlistJsonAnswer.safeParse(answer);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const text = describeSchemaIssues(parsed.error, answer, 10);
    expect(text).toContain('meta, validUntil:');
    expect(text).toContain('service 2 (Gateway), direction:');
    expect(text).toContain('service 2 (Gateway), endpoint 1, IP range 1:');
    expect(text).toContain('service 2 (Gateway), required:');
    expect(describeSchemaIssues(parsed.error, answer, 1)).toMatch(/; and 3 more problems$/);
  });
});
