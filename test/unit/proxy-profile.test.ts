import { describe, expect, it } from 'vitest';
import { DiagnoseRequest, ProxyProfile } from '../../shared/schemas/diagnostics.ts';
import { parseProxyUrl, passwordInProxyUrl } from '../../electron/services/network/proxy-url.ts';

describe('proxy profile', () => {
  it('holds host, port, type, optional username and CA list, and never a password', () => {
    expect(ProxyProfile.parse({ type: 'explicit', host: 'proxy.corp', port: 8080, username: 'alice' })).toEqual({
      type: 'explicit',
      host: 'proxy.corp',
      port: 8080,
      username: 'alice',
    });
    expect(ProxyProfile.safeParse({ type: 'explicit', host: 'proxy.corp', port: 8080, password: 'x' }).success).toBe(false);
    expect(
      ProxyProfile.parse({
        type: 'transparent-ssl-intercepting',
        caCertificates: ['-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----'],
      }).type,
    ).toBe('transparent-ssl-intercepting');
  });

  it.each([
    [{ type: 'explicit', host: 'proxy.corp', port: 0 }, 'port', 'between 1 and 65535'],
    [{ type: 'explicit', host: 'http://proxy.corp', port: 80 }, 'host', 'without scheme or port'],
    [{ type: 'explicit', host: '', port: 80 }, 'host', 'empty'],
    [{ type: 'explicit', host: 'p', port: 80, username: 'a:b' }, 'username', 'cannot contain ":"'],
    [{ type: 'socks', host: 'p', port: 80 }, 'type', 'explicit-ssl-intercepting'],
    [{ type: 'explicit', host: 'p', port: 80, caCertificates: ['hello'] }, 'caCertificates', 'PEM certificate'],
  ])('rejects %j at %s with a message saying what to do', (input, field, words) => {
    const r = ProxyProfile.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.map(String)).toContain(field);
    expect(r.error!.issues[0]!.message).toContain(words);
  });

  it('a diagnose request is plain JSON with optional CCID, service URL and proxy', () => {
    expect(DiagnoseRequest.parse({ region: 'gov', ccid: ' abc ' }).ccid).toBe('abc');
    expect(DiagnoseRequest.safeParse({ region: 'gov', extra: 1 }).success).toBe(false);
  });
});

describe('proxy URL', () => {
  it('reads http://user@host:port, host:port and IPv6', () => {
    expect(parseProxyUrl('http://alice@proxy.corp:3128')).toEqual({ type: 'explicit', host: 'proxy.corp', port: 3128, username: 'alice' });
    expect(parseProxyUrl('proxy.corp:80')).toEqual({ type: 'explicit', host: 'proxy.corp', port: 80 });
    expect(parseProxyUrl('http://[::1]:8080/')).toEqual({ type: 'explicit', host: '::1', port: 8080 });
    expect(parseProxyUrl('http://dom%5Calice@p:1')).toMatchObject({ username: 'dom\\alice' });
    expect(parseProxyUrl('http://p:1', ['-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----']).type).toBe(
      'explicit-ssl-intercepting',
    );
  });

  it.each([
    ['http://alice:pw@p:1', 'contains a password'],
    ['https://p:443', 'not supported'],
    ['socks5://p:1080', 'not supported'],
    ['http://p', 'has no port'],
    ['http://p:99999', 'between 1 and 65535'],
    ['not a url at all', 'not a proxy URL'],
  ])('refuses %s', (url, words) => {
    expect(() => parseProxyUrl(url)).toThrow(
      expect.objectContaining({ code: 'DIAG_INVALID_PROXY', message: expect.stringContaining(words) }),
    );
  });

  it.each(['http://alice:S3cret-pw@bad host:3128', 'http://alice:S3cret-pw@p', 'alice:S3cret-pw@p:99999', 'http://alice:S3cret/pw@x@p'])(
    'never quotes back the password typed into the malformed proxy URL %s',
    (url) => {
      let message = '';
      try {
        parseProxyUrl(url);
      } catch (err) {
        message = `${(err as Error).message} ${(err as { hint?: string }).hint ?? ''}`;
      }
      expect(message).toMatch(/proxy/);
      expect(message).not.toContain('S3cret');
      expect(passwordInProxyUrl(url)).toMatch(/^S3cret/);
    },
  );
});
