import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ENV, PFX_PASSPHRASE_ENV, registerCertCommand } from '../../electron/cli/commands/cert.ts';
import { CERT_PUSH_MIGRATIONS } from '../../electron/services/certificates/push-history.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { FleetSummary, Inventory, PlanView } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, getPassword, seedCertkey, startSim, type CertWorld } from '../support/cert-push-fixtures.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

const run = (argv: string[], env: NodeJS.ProcessEnv, te: TestEngine) => runCli(registerCertCommand, argv, env, te);

let w: CertWorld;
let dir: string;
let te: TestEngine;
let s: NitroSimulator;
let env: NodeJS.ProcessEnv;
const files: Record<string, string> = {};

beforeAll(async () => {
  w = await certWorld();
  dir = mkdtempSync(join(tmpdir(), 'fk-cert-cli-'));
  const put = (name: string, text: string | Buffer) => {
    files[name] = join(dir, name);
    writeFileSync(files[name], text);
  };
  put('cert.pem', w.renewed.certPem);
  put('key.pem', w.renewed.keyPem);
  put('wrong-key.pem', w.otherDomain.keyPem);
  put('chain.pem', w.inter.certPem + w.interHigh.certPem + w.root.certPem);
  put('mgmt-ca.pem', w.mgmtCa.certPem);
  // forge re-encodes the certificates it writes, which only keeps RSA-signed ones intact: an all-RSA hierarchy for the PFX.
  const rsaRoot = await createRootCa({ commonName: 'Fieldkit Test RSA Root', keyType: 'rsa' });
  const rsaLeaf = await issueCertificate(rsaRoot, { commonName: 'pfx.example.test', keyType: 'rsa' });
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(rsaLeaf.keyPem),
    [forge.pki.certificateFromPem(rsaLeaf.certPem), forge.pki.certificateFromPem(rsaRoot.certPem)],
    'pfx-secret',
    { algorithm: 'aes256' },
  );
  put('bundle.pfx', Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  te = await startTestEngine({ vault: new MemoryVault('test'), migrations: [CERT_PUSH_MIGRATIONS] });
  env = { [PASSWORD_ENV]: getPassword() };
});
afterAll(() => {
  te?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await s?.close();
});

async function appliance(): Promise<string[]> {
  s = await startSim({ vservers: [{ name: 'vs1' }] });
  seedCertkey(s, 'inter-high', w.interHigh);
  seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
  seedCertkey(s, 'web', w.leaf, { withKey: true, linkTo: 'inter' });
  s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'web' }));
  s.resetRequestLog();
  return ['--appliance', s.url, '--user', 'nsroot', '--ca', files['mgmt-ca.pem']!];
}

const bundleArgs = () => ['--cert', files['cert.pem']!, '--key', files['key.pem']!, '--chain', files['chain.pem']!];
const writes = () => s.requests.filter((r) => r.method !== 'GET' && !/\/(login|logout)$/.test(r.path));

describe('fieldkit cert', () => {
  it('plan --json shows the calls and changes nothing', async () => {
    const a = await appliance();
    const r = await run(['cert', 'plan', ...a, ...bundleArgs(), '--preserve', '--certkey', 'web', '--vserver', 'vs1', '--json'], env, te);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out.join('')) as { bundle: { ok: boolean }; plans: unknown[] };
    expect(parsed.bundle.ok).toBe(true);
    const plan = PlanView.parse(parsed.plans[0]);
    expect(plan.steps.map((x) => x.kind)).toEqual(['upload-file', 'upload-file', 'update-certkey', 'save-config']);
    expect(writes()).toEqual([]);
    expect(r.out.join('')).not.toContain(getPassword());
  });

  it('renews in place by default, and exits 2 naming the candidates and --certkey when several certkeys could be renewed', async () => {
    const a = await appliance();
    const twin = await issueCertificate(w.inter, { commonName: 'www.example.test', altNames: ['www.example.test', 'example.test'] });
    seedCertkey(s, 'web-twin', twin, { withKey: true, linkTo: 'inter' });
    const r = await run(['cert', 'push', ...a, ...bundleArgs()], env, te);
    expect(r.code).toBe(2);
    expect(r.out.join('\n')).toMatch(
      /2 certkeys hold a certificate with the subject and names of this one.*web \(www\.example\.test.*web-twin/,
    );
    expect(r.out.join('\n')).toMatch(/--certkey/);
    expect(writes()).toEqual([]);
    const named = await run(['cert', 'push', ...a, ...bundleArgs(), '--certkey', 'web'], env, te);
    expect(named.code).toBe(0);
    expect(named.out.join('\n')).toMatch(/certkey web/);
  });

  it('push --dry-run prints the plan as text', async () => {
    const a = await appliance();
    const r = await run(['cert', 'push', ...a, ...bundleArgs(), '--preserve', '--certkey', 'web', '--dry-run'], env, te);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/Certkey web: renewed in place/);
    expect(text).toMatch(/POST \/nitro\/v1\/config\/sslcertkey\?action=update/);
    expect(text).toMatch(/Plan digest [0-9a-f]{16}/);
    expect(writes()).toEqual([]);
  });

  it('push, inventory and remove, with --json, exit 0', async () => {
    const a = await appliance();
    const pushed = await run(
      ['cert', 'push', ...a, '--pfx', files['bundle.pfx']!, '--vserver', 'vs1', '--json'],
      { ...env, [PFX_PASSPHRASE_ENV]: 'pfx-secret' },
      te,
    );
    expect(pushed.err).toEqual([]);
    expect(pushed.code).toBe(0);
    const summary = FleetSummary.parse(JSON.parse(pushed.out.join('')));
    expect(summary.succeeded).toHaveLength(1);
    const certkey = summary.results[0]!.certkey!;
    const inv = await run(['cert', 'inventory', ...a, '--json'], env, te);
    expect(inv.code).toBe(0);
    const inventory = Inventory.parse(JSON.parse(inv.out.join('')));
    expect(inventory.entries.find((e) => e.certkey === certkey)).toMatchObject({
      createdByFieldkit: true,
      bindings: [{ vserver: 'vs1', sni: false }],
    });
    const removed = await run(['cert', 'remove', ...a, '--certkey', 'web', '--json'], env, te);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.out.join(''))).toMatchObject({ outcome: 'succeeded', removed: ['web'] });
  });

  it('exit 1 when an appliance fails, with the reason', async () => {
    const a = await appliance();
    const r = await run(['cert', 'push', ...a, ...bundleArgs(), '--vserver', 'nope'], env, te);
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(/: failed\n {2}.*the SSL vserver "nope" does not exist/);
    expect(r.out.at(-1)).toBe('0 succeeded, 0 unchanged, 0 rolled back, 1 failed');
  });

  it.each([
    ['no password in the environment', (a: string[]) => ['cert', 'inventory', ...a], () => ({}), /set FIELDKIT_APPLIANCE_PASSWORD/],
    [
      'plain http',
      () => ['cert', 'inventory', '--appliance', 'http://127.0.0.1:1', '--user', 'nsroot', '--pin', 'ab'.repeat(32)],
      (e: NodeJS.ProcessEnv) => e,
      /is not https/,
    ],
    [
      'both --ca and --pin',
      (a: string[]) => ['cert', 'inventory', ...a, '--pin', 'ab'.repeat(32)],
      (e: NodeJS.ProcessEnv) => e,
      /exactly one way to trust/,
    ],
    [
      'a key that does not match',
      (a: string[]) => [
        'cert',
        'push',
        ...a,
        '--cert',
        files['cert.pem']!,
        '--key',
        files['wrong-key.pem']!,
        '--chain',
        files['chain.pem']!,
      ],
      (e: NodeJS.ProcessEnv) => e,
      /does not belong to the certificate www\.example\.test/,
    ],
    [
      'a wrong PFX passphrase',
      (a: string[]) => ['cert', 'push', ...a, '--pfx', files['bundle.pfx']!],
      (e: NodeJS.ProcessEnv) => ({ ...e, [PFX_PASSPHRASE_ENV]: 'nope' }),
      /PFX passphrase is wrong/,
    ],
    [
      'a PFX with no passphrase given',
      (a: string[]) => ['cert', 'push', ...a, '--pfx', files['bundle.pfx']!],
      (e: NodeJS.ProcessEnv) => e,
      /protected by a passphrase, and none was given\. \(Set FIELDKIT_PFX_PASSPHRASE to the passphrase/,
    ],
    ['nothing to remove', (a: string[]) => ['cert', 'remove', ...a], (e: NodeJS.ProcessEnv) => e, /Nothing to remove/],
  ])('exit 2 with one line for bad input: %s', async (_title, argv, envOf, reason) => {
    const a = await appliance();
    const r = await run(argv(a), envOf(env), te);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(reason);
    expect(s.requests).toEqual([]);
  });
});
