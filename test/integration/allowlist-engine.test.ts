import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAllowlistCommand } from '../../electron/cli/commands/allowlist.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { AllowlistDiff, type AllowlistVersionInfo } from '../../shared/schemas/allowlist.ts';
import { startAllowlistFake, type AllowlistFake } from '../support/allowlist-api-fake.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

/**
 * The allowlist as a user meets it: a first start shows the bundled baseline,
 * a fetch keeps a version (a second one right after is a 304 and keeps
 * nothing new), two versions compare, exports are the same bytes each time,
 * and bad input stops before any request — through the engine and the CLI.
 */

let fake: AllowlistFake;
let te: TestEngine;
let dir: string;

beforeAll(async () => {
  const root = await createRootCa({ commonName: 'Fieldkit Test Public Root' });
  const leaf = await issueCertificate(root, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', '127.0.0.1'] });
  fake = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'fk-allowlist-engine-'));
  te = await startTestEngine({
    vault: new MemoryVault('allowlist'),
    allowlistOverrides: { connection: { extraTrustAnchors: [root.certPem], includeSystemTrust: false, env: {} } },
  });
});

afterAll(async () => {
  te?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (argv: string[]) => runCli(registerAllowlistCommand, argv, {}, te);

describe('allowlist', () => {
  it('shows the bundled baseline at a first start, labelled as such, with nothing fetched', async () => {
    const v = te.engine.allowlist.versions();
    expect(v.versions).toHaveLength(1);
    expect(v.current?.version).toMatchObject({ source: 'baseline' });
    const text = await cli(['allowlist', 'versions']);
    expect(text.out.join('\n')).toMatch(/bundled baseline/);
    expect(fake.requests).toEqual([]);
  });

  it('fetches and keeps a version; a second fetch within Cache-Control asks nothing, and a forced one is answered 304', async () => {
    const first = await cli(['allowlist', 'fetch', '--customer-id', 'acme42', '--base-url', fake.baseUrl, '--json']);
    expect(first.code).toBe(0);
    const r1 = JSON.parse(first.out.join('')) as { version: AllowlistVersionInfo; notModified: boolean };
    expect(r1.notModified).toBe(false);
    expect(r1.version).toMatchObject({ source: 'api', query: { customerId: 'acme42', format: 'json', geo: 'all', direction: 'all' } });
    expect(r1.version.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests.at(-1)!.headers['citrix-transactionid']).toBe(r1.version.transactionId);

    // Within the answer's Cache-Control max-age (the fake says an hour), nothing is asked at all.
    const requests = fake.requests.length;
    const fresh = await cli(['allowlist', 'fetch', '--customer-id', 'acme42', '--base-url', fake.baseUrl]);
    expect(fresh.code).toBe(0);
    expect(fresh.out.join('\n')).toMatch(new RegExp(`^Version #${r1.version.id} is still fresh`));
    expect(fake.requests.length).toBe(requests);
    // Asked anyway, the request is conditional: 304, nothing new stored.
    const again = await cli(['allowlist', 'fetch', '--customer-id', 'acme42', '--base-url', fake.baseUrl, '--force']);
    expect(again.code).toBe(0);
    expect(again.out.join('\n')).toMatch(new RegExp(`^Unchanged since version #${r1.version.id} \\(the API answered 304`));
    expect(fake.requests.at(-1)!.headers['if-modified-since']).toBe(fake.lastModified);
    expect(fake.requests.at(-1)!.status).toBe(304);
    // The 304's own transaction id, which Citrix support would ask for, not the stored version's.
    expect(again.out.join('\n')).toContain(`Citrix-TransactionId ${String(fake.requests.at(-1)!.headers['citrix-transactionid'])}`);
    expect(again.out.join('\n')).not.toContain(`Citrix-TransactionId ${r1.version.transactionId}`);
    expect(te.engine.allowlist.versions().versions.filter((v) => v.source === 'api')).toHaveLength(1);
  });

  it('compares two versions and exports the same bytes every time', async () => {
    const us = await te.engine.allowlist.fetch({ query: { customerId: 'acme42', geo: 'us' }, baseUrl: fake.baseUrl });
    const all = te.engine.allowlist.versions().versions.find((v) => v.source === 'api' && v.query.geo === 'all')!;
    const diff = await cli(['allowlist', 'diff', String(all.id), String(us.version.id), '--json']);
    const parsed = AllowlistDiff.parse(JSON.parse(diff.out.join('')));
    expect(parsed.fqdns.removed.length + parsed.cidrs.removed.length).toBeGreaterThan(0);
    expect(parsed.fqdns.added).toEqual([]);

    const out = join(dir, 'list.csv');
    const a = await cli(['allowlist', 'export', '--to', 'csv', '--version', String(all.id), '--out', out]);
    expect(a.code).toBe(0);
    const first = readFileSync(out, 'utf8');
    await cli(['allowlist', 'export', '--to', 'csv', '--version', String(all.id), '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(first);
    expect(first.split('\n')[0]).toMatch(/service/i);
    const pac = await cli(['allowlist', 'export', '--to', 'pac', '--pac-proxy', 'proxy.example.test:8080', '--version', String(all.id)]);
    expect(pac.out.join('\n')).toMatch(/PROXY proxy\.example\.test:8080/);
  });

  it('keeps serving the stored versions when the API cannot be reached', async () => {
    const before = te.engine.allowlist.versions();
    const offline = await cli([
      'allowlist',
      'fetch',
      '--customer-id',
      'acme42',
      '--base-url',
      'https://127.0.0.1:9/connectivity',
      '--force',
    ]);
    expect(offline.code).toBe(1);
    expect(offline.err.join('\n')).toMatch(/refused/);
    expect(te.engine.allowlist.versions().current?.version.id).toBe(before.current?.version.id);
    expect((await cli(['allowlist', 'export', '--to', 'fqdn'])).code).toBe(0);
  });

  it('stops bad input before any request, with exit 2', async () => {
    const before = fake.requests.length;
    for (const argv of [
      ['allowlist', 'fetch', '--customer-id', 'not-valid!', '--base-url', fake.baseUrl],
      ['allowlist', 'fetch', '--base-url', fake.baseUrl],
      ['allowlist', 'fetch', '--customer-id', 'acme42', '--geo', 'mars', '--base-url', fake.baseUrl],
      ['allowlist', 'fetch', '--format', 'zscaler', '--region', 'gov'],
      ['allowlist', 'export', '--to', 'xlsx'],
      ['allowlist', 'diff', '1', 'latest'],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
    }
    expect(fake.requests.length).toBe(before);
  });
});
