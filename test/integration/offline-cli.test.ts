import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removePackFolders, tempFolder } from '../support/site-pack-fixtures.ts';
import { describeWithPart, noNetworkNamespaceStatus } from '../support/real-parts.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

/**
 * The fieldkit command on a computer with no network at all: a network namespace of its own (unshare -rn), with no
 * interface up, not even loopback. What needs no network works; a network command fails in a second or so with the
 * real failure and says the network is unreachable from here.
 */

const ENTRY = join(import.meta.dirname, '../../electron/cli/fieldkit.ts');
let home: string;
let files: { cert: string; key: string };

function offline(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-rn', process.execPath, '--disable-warning=ExperimentalWarning', ENTRY, ...args], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, FIELDKIT_HOME: home, FIELDKIT_VAULT: 'memory', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

beforeAll(async () => {
  home = tempFolder('fieldkit-offline-cli-');
  const root = await createRootCa({ commonName: 'Offline CLI Root' });
  const leaf = await issueCertificate(root, { commonName: 'www.customer.test' });
  files = { cert: join(home, 'cert.pem'), key: join(home, 'key.pem') };
  writeFileSync(files.cert, leaf.certPem + root.certPem);
  writeFileSync(files.key, leaf.keyPem);
});
afterAll(() => removePackFolders());

describeWithPart('a network namespace (unshare -rn)', noNetworkNamespaceStatus(), 'fieldkit with no network at all', () => {
  it('keeps sites and appliances, advises on a build and exports the stored allowlist', async () => {
    expect(await offline(['site', 'add', 'Customer HQ', '--region', 'commercial', '--ccid', 'customer42'])).toMatchObject({ code: 0 });
    const appliance = await offline(
      ['appliance', 'save', 'adc1', '--appliance', 'https://adc1.customer.test', '--user', 'nsroot', '--pin', 'AB'.repeat(32)],
      { FIELDKIT_APPLIANCE_PASSWORD: 'adc-pw-offline-2' },
    );
    expect(appliance.code, appliance.err).toBe(0);
    const sites = await offline(['site', 'list', '--json']);
    expect(sites.out).toContain('Customer HQ');
    const features = await offline(['cloudconnect', 'features', '14.1-66.54']);
    expect(features.code).toBe(0);
    expect(features.out).toContain('Upgrade Advisory');
    const fqdn = await offline(['allowlist', 'export', '--to', 'fqdn']);
    expect(fqdn.code, fqdn.err).toBe(0);
    expect(fqdn.out).toContain('trust.citrixnetworkapi.net');
  });

  it('allowlist fetch, diagnose and cert plan fail with the real failure and say the network is unreachable from here', async () => {
    const fetch = await offline(['allowlist', 'fetch', '--customer-id', 'customer42']);
    expect(fetch.code).toBe(1);
    expect(fetch.err).toMatch(/api\.cloud\.com/);
    expect(fetch.err).toMatch(/The network is unreachable from here/);

    const diagnose = await offline(['diagnose', '--region', 'commercial', '--timeout', '2000']);
    expect(diagnose.code).toBe(1);
    expect(diagnose.out).toMatch(/the network is unreachable from here/);

    const plan = await offline(
      [
        'cert',
        'plan',
        '--appliance',
        'https://adc1.customer.test',
        '--user',
        'nsroot',
        '--pin',
        'AB'.repeat(32),
        '--cert',
        files.cert,
        '--key',
        files.key,
      ],
      { FIELDKIT_APPLIANCE_PASSWORD: 'adc-pw-offline-2' },
    );
    expect(plan.code).toBe(1);
    expect(plan.out + plan.err).toMatch(/adc1\.customer\.test/);
    expect(plan.out + plan.err).toMatch(/The network is unreachable from here/);
  });
});
