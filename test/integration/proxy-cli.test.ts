import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerProxyCommand } from '../../electron/cli/commands/proxy.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { ProxyProfileState } from '../../shared/schemas/profiles.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { createRootCa } from '../support/test-pki.ts';

/** A jump host without the app saves the proxy profile a site needs, from the command line. */

let te: TestEngine;
let dir: string;
let caPem: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fk-proxy-cli-'));
  caPem = (await createRootCa({ commonName: 'Corp Interception CA' })).certPem;
  writeFileSync(join(dir, 'corp-ca.pem'), caPem);
});
afterAll(() => {
  te?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  te?.close();
  te = await startTestEngine({ vault: new MemoryVault('proxy-cli') });
});

const fieldkit = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(registerProxyCommand, ['proxy', ...argv], env, te);

describe('fieldkit proxy', () => {
  it('saves the three types as the app does, the password from the environment, lists and removes them', async () => {
    let r = await fieldkit(['save', 'corp', '--type', 'explicit', '--host', 'proxy.corp.test', '--user', 'svc-fk', '--name', 'Corp'], {
      FIELDKIT_PROXY_PASSWORD: 'Corp-Pw-1',
    });
    expect(r.code).toBe(0);
    // Console's own port to the proxy when none is given.
    expect(te.engine.profiles.proxies.get('corp')).toEqual({
      id: 'corp',
      name: 'Corp',
      type: 'explicit',
      host: 'proxy.corp.test',
      port: 80,
      username: 'svc-fk',
    });
    expect(await te.engine.profiles.proxies.password('corp')).toBe('Corp-Pw-1');
    expect(r.out[0]).toContain('Saved proxy profile corp  Corp  explicit  proxy.corp.test:80  user svc-fk;');
    expect(r.out[0]).toContain(
      'password saved in the memory of this process only (no keychain: it is gone when the command ends): set FIELDKIT_PROXY_PASSWORD for diagnose and cloudconnect',
    );
    expect(JSON.stringify(r)).not.toContain('Corp-Pw-1');

    r = await fieldkit([
      'save',
      'inspect',
      '--type',
      'Explicit-SSL-Intercepting',
      '--host',
      '10.0.0.5',
      '--port',
      '8080',
      '--ca',
      join(dir, 'corp-ca.pem'),
    ]);
    expect(r.code).toBe(0);
    expect(te.engine.profiles.proxies.get('inspect')).toMatchObject({
      type: 'explicit-ssl-intercepting',
      port: 8080,
      caCertificates: [caPem],
    });

    r = await fieldkit(['save', 'path', '--type', 'transparent-ssl-intercepting', '--ca', join(dir, 'corp-ca.pem')]);
    expect(r.code).toBe(0);
    expect(te.engine.profiles.proxies.get('path')).toEqual({ id: 'path', type: 'transparent-ssl-intercepting', caCertificates: [caPem] });

    r = await fieldkit(['list']);
    expect(r.out).toEqual([
      'corp  Corp  explicit  proxy.corp.test:80  user svc-fk  password saved',
      'inspect  explicit-ssl-intercepting  10.0.0.5:8080  1 CA certificate',
      'path  transparent-ssl-intercepting  1 CA certificate',
    ]);
    const listed = JSON.parse((await fieldkit(['list', '--json'])).out[0]!) as ProxyProfileState[];
    expect(listed.map((p) => p.profile.id)).toEqual(['corp', 'inspect', 'path']);

    await te.engine.sites.save({ name: 'Gov DC', region: 'gov', proxyProfileId: 'corp' });
    r = await fieldkit(['remove', 'corp']);
    expect(r).toMatchObject({ code: 0, out: ['Removed proxy profile corp.'] });
    expect(r.err[0]).toContain('Gov DC still names it');
    expect(await te.engine.profiles.proxies.password('corp')).toBeNull();
    expect((await te.engine.profiles.proxies.list()).map((p) => p.profile.id)).toEqual(['inspect', 'path']);
  });

  it.each([
    [['save', 'x', '--host', 'p.test'], /No proxy type was given/],
    [['save', 'x', '--type', 'socks', '--host', 'p.test'], /"socks" is not a proxy type/],
    [['save', 'x', '--type', 'explicit'], /An explicit proxy needs --host/],
    [['save', 'x', '--type', 'explicit', '--host', 'p.test', '--port', 'eighty'], /--port eighty is not a port number/],
    [['save', 'x', '--type', 'explicit', '--host', 'p.test', '--port', '70000'], /--port: /],
    [['save', 'x', '--type', 'explicit', '--host', 'http://p.test:3128'], /--host: The proxy host must be an IP address or a DNS name/],
    [['save', 'x', '--type', 'explicit', '--host', 'p.test', '--user', 'a:b'], /--user: A Basic-auth username cannot contain ":"/],
    [['save', 'x', '--type', 'transparent-ssl-intercepting', '--host', 'p.test'], /A transparent SSL-intercepting proxy takes no --host/],
    [['save', 'bad id!', '--type', 'explicit', '--host', 'p.test'], /<id>: /],
    [['remove', 'nope'], /No saved proxy profile nope/],
  ])('exits 2 in one line on bad input: %j', async (argv, message) => {
    const r = await fieldkit(argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(await te.engine.profiles.proxies.list()).toEqual([]);
  });
});
