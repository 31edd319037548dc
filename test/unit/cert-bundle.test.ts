import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, loadBundleFiles } from '../../electron/services/certificates/bundle-loader.ts';
import { validateBundle } from '../../electron/services/certificates/bundle-validator.ts';
import { BundleReport } from '../../shared/schemas/certificates.ts';
import { bundleOf, certWorld, type CertWorld } from '../support/cert-push-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

let w: CertWorld;
beforeAll(async () => {
  w = await certWorld();
});

const codes = (r: BundleReport) => r.problems.map((p) => p.code);

async function expectFieldkitError(fn: () => unknown, code: string): Promise<Error & { code: string; hint?: string }> {
  try {
    await fn();
  } catch (err) {
    expect((err as { code: string }).code).toBe(code);
    return err as Error & { code: string; hint?: string };
  }
  throw new Error(`expected ${code}`);
}

describe('PEM bundles', () => {
  it('orders a shuffled chain, sets the root aside and reports the facts', () => {
    const b = bundleOf(w.leaf, [w.root, w.interHigh, w.inter]);
    const r = b.report;
    expect(r.ok).toBe(true);
    expect(r.chainEnd).toBe('root');
    expect(r.chain.map((c) => c.commonName)).toEqual(['Fieldkit Test Intermediate', 'Fieldkit Test Intermediate High']);
    expect(r.root?.commonName).toBe('Fieldkit Test Root');
    expect(codes(r)).toEqual(expect.arrayContaining(['CHAIN_REORDERED', 'ROOT_NOT_PUSHED']));
    expect(r.leaf).toMatchObject({
      commonName: 'www.example.test',
      sans: ['www.example.test', 'example.test'],
      keyType: 'rsa',
      keyBits: 2048,
      expired: false,
      isCa: false,
    });
    expect(r.leaf!.daysLeft).toBeGreaterThanOrEqual(87);
    expect(r.leaf!.daysLeft).toBeLessThanOrEqual(89);
    expect(r.key).toEqual({ type: 'rsa', bits: 2048, wasEncrypted: false, matchesCertificate: true });
    expect(b.chainPems).toEqual([w.inter.certPem, w.interHigh.certPem]);
  });

  it('keeps the report plain JSON without key material', () => {
    const b = bundleOf(w.leaf, [w.inter, w.interHigh]);
    const json = JSON.stringify(b.report);
    expect(json).not.toContain('PRIVATE KEY');
    expect(BundleReport.parse(JSON.parse(json))).toEqual(b.report);
    expect(b.keyPem).toContain('-----BEGIN PRIVATE KEY-----');
  });

  it('refuses a key that does not belong to the certificate', () => {
    const loaded = loadBundle({
      kind: 'pem',
      certPem: w.leaf.certPem,
      keyPem: w.renewed.keyPem,
      chainPem: w.inter.certPem + w.interHigh.certPem,
    });
    const r = validateBundle(loaded).report;
    expect(r.ok).toBe(false);
    expect(r.problems.find((p) => p.code === 'KEY_MISMATCH')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('www.example.test'),
    });
    expect(r.key?.matchesCertificate).toBe(false);
  });

  it('refuses an expired certificate and warns about one expiring soon', async () => {
    const old = await issueCertificate(w.inter, { commonName: 'old.example.test', validFromDays: -100, validForDays: 50 });
    const soon = await issueCertificate(w.inter, { commonName: 'soon.example.test', validForDays: 10 });
    const r1 = bundleOf(old, [w.inter, w.interHigh]).report;
    expect(r1.ok).toBe(false);
    expect(r1.problems.find((p) => p.code === 'CERT_EXPIRED')?.message).toMatch(/old\.example\.test expired on \d{4}-\d\d-\d\d/);
    const r2 = bundleOf(soon, [w.inter, w.interHigh]).report;
    expect(r2.ok).toBe(true);
    expect(codes(r2)).toContain('CERT_EXPIRES_SOON');
  });

  it('accepts a leaf without its chain, saying the appliance must hold its issuer', () => {
    const r = bundleOf(w.leaf, []).report;
    expect(r.ok).toBe(true);
    expect(r.chainEnd).toBe('open');
    expect(r.clientRoot).toEqual({ subject: 'CN=Fieldkit Test Intermediate', knownHere: false });
    expect(r.problems.find((p) => p.code === 'CHAIN_NO_INTERMEDIATE')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('unless the appliance already holds its issuer CN=Fieldkit Test Intermediate'),
    });
  });

  it('ignores a certificate that is not part of the chain, with a warning', () => {
    const r = bundleOf(w.leaf, [w.inter, w.interHigh, w.otherInter]).report;
    expect(r.problems.find((p) => p.code === 'CHAIN_EXTRA_CERT')?.message).toContain('Other Intermediate');
    expect(r.chain).toHaveLength(2);
  });

  it('refuses a weak RSA key', async () => {
    const weak = await issueCertificate(w.inter, { commonName: 'weak.example.test', keyType: 'rsa', rsaBits: 1024 });
    const r = bundleOf(weak, [w.inter, w.interHigh]).report;
    expect(r.problems.find((p) => p.code === 'KEY_TOO_SMALL')?.severity).toBe('error');
  });

  it('opens an encrypted key with its passphrase and says clearly when it is missing or wrong', async () => {
    const encrypted = createPrivateKey(w.leaf.keyPem).export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'right horse',
    }) as string;
    const input = { kind: 'pem' as const, certPem: w.leaf.certPem, keyPem: encrypted, chainPem: w.inter.certPem };
    await expectFieldkitError(() => loadBundle(input), 'BUNDLE_KEY_PASSPHRASE_REQUIRED');
    await expectFieldkitError(() => loadBundle(input, { passphrase: 'wrong' }), 'BUNDLE_KEY_PASSPHRASE_WRONG');
    const b = validateBundle(loadBundle(input, { passphrase: 'right horse' }));
    expect(b.report.key?.wasEncrypted).toBe(true);
    expect(b.report.problems.map((p) => p.code)).toContain('KEY_WAS_ENCRYPTED');
    expect(b.keyPem).not.toContain('ENCRYPTED');
    expect(b.report.key?.matchesCertificate).toBe(true);
  });

  it('says which file is wrong', async () => {
    await expectFieldkitError(() => loadBundle({ kind: 'pem', certPem: 'hello', keyPem: w.leaf.keyPem }), 'BUNDLE_NOT_PEM');
    await expectFieldkitError(() => loadBundle({ kind: 'pem', certPem: w.leaf.certPem, keyPem: 'nope' }), 'BUNDLE_KEY_UNREADABLE');
    const e = await expectFieldkitError(
      () => loadBundleFiles({ cert: cliFile('/nonexistent/fk/cert.pem'), key: cliFile('/nonexistent/fk/key.pem') }),
      'BUNDLE_FILE_UNREADABLE',
    );
    expect(e.message).toContain('/nonexistent/fk/cert.pem');
    // In the user's words, not the system's error code.
    expect(e.message).toContain('there is no such file');
    expect(e.message).not.toContain('ENOENT');
  });
});

/** A file as the CLI names it: by the path the user typed. */
function cliFile(path: string) {
  return { path, name: path };
}

function hasOpenssl(): { available: boolean; reason?: string } {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return { available: true };
  } catch {
    return { available: false, reason: 'the openssl command is not installed' };
  }
}

describeWithPart('openssl (to make real PFX files)', hasOpenssl(), 'PFX bundles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fk-pfx-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function makePfx(name: string, certPem: string, keyPem: string, chainPem: string, pass: string, legacy = false): string {
    writeFileSync(join(dir, `${name}.crt`), certPem);
    writeFileSync(join(dir, `${name}.key`), keyPem);
    writeFileSync(join(dir, `${name}-chain.crt`), chainPem);
    const out = join(dir, `${name}.pfx`);
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        ...(legacy ? ['-legacy'] : []),
        '-in',
        join(dir, `${name}.crt`),
        '-inkey',
        join(dir, `${name}.key`),
        '-certfile',
        join(dir, `${name}-chain.crt`),
        '-out',
        out,
        '-passout',
        `pass:${pass}`,
      ],
      { stdio: 'pipe' },
    );
    return out;
  }

  it('loads an RSA PFX (AES, as OpenSSL 3 writes it) with its chain', async () => {
    const path = makePfx('rsa', w.leaf.certPem, w.leaf.keyPem, w.interHigh.certPem + w.inter.certPem, 'pfx-pass');
    const b = validateBundle(await loadBundleFiles({ pfx: cliFile(path) }, { passphrase: 'pfx-pass' }));
    expect(b.report.source).toBe('pfx');
    expect(b.report.ok).toBe(true);
    expect(b.report.leaf?.fingerprint256).toBe(w.leaf.fingerprint256);
    expect(b.chainPems).toEqual([w.inter.certPem, w.interHigh.certPem]);
    expect(b.report.key?.matchesCertificate).toBe(true);
  });

  it('loads a legacy PFX as older Windows exports it (RC2-40 certificates, 3DES key, SHA-1 MAC) with a chain without the root', async () => {
    const path = makePfx('legacy', w.leaf.certPem, w.leaf.keyPem, w.inter.certPem + w.interHigh.certPem, 'legacy-pass', true);
    // openssl prints the algorithms on stderr.
    const shown = spawnSync('openssl', ['pkcs12', '-info', '-noout', '-legacy', '-in', path, '-passin', 'pass:legacy-pass']);
    const info = `${shown.stdout.toString()}${shown.stderr.toString()}`;
    expect(info).toMatch(/MAC: sha1/);
    expect(info).toMatch(/pbeWithSHA1And40BitRC2-CBC/);
    expect(info).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
    const b = validateBundle(await loadBundleFiles({ pfx: cliFile(path) }, { passphrase: 'legacy-pass' }));
    expect(b.report.ok).toBe(true);
    expect(b.report.chainEnd).toBe('open');
    expect(b.report.leaf?.fingerprint256).toBe(w.leaf.fingerprint256);
    expect(b.chainPems).toEqual([w.inter.certPem, w.interHigh.certPem]);
  });

  it('loads an EC PFX', async () => {
    const ecLeaf = await issueCertificate(w.inter, { commonName: 'ec.example.test', keyType: 'ec' });
    const path = makePfx('ec', ecLeaf.certPem, ecLeaf.keyPem, w.inter.certPem, 'ec-pass');
    const b = validateBundle(await loadBundleFiles({ pfx: cliFile(path) }, { passphrase: 'ec-pass' }));
    expect(b.report.leaf?.fingerprint256).toBe(ecLeaf.fingerprint256);
    expect(b.report.key).toMatchObject({ type: 'ec', curve: 'prime256v1', matchesCertificate: true });
  });

  it('says the passphrase is wrong, and that a damaged file is not a PFX', async () => {
    const path = makePfx('wrong', w.leaf.certPem, w.leaf.keyPem, w.inter.certPem, 'the-pass');
    const e = await expectFieldkitError(
      () => loadBundleFiles({ pfx: cliFile(path) }, { passphrase: 'not-the-pass' }),
      'PFX_PASSPHRASE_WRONG',
    );
    expect(e.hint).toMatch(/passphrase/i);
    await expectFieldkitError(
      () => loadBundle({ kind: 'pfx', pfx: Buffer.from('definitely not asn1') }, { passphrase: 'x' }),
      'PFX_UNREADABLE',
    );
    expect(readFileSync(path).length).toBeGreaterThan(100);
  });
});

describe('self-signed and unusual leaves', () => {
  it('warns about a self-signed leaf and ends its chain at itself', async () => {
    const self = await createRootCa({ commonName: 'selfie.example.test' });
    const r = validateBundle(loadBundle({ kind: 'pem', certPem: self.certPem, keyPem: self.keyPem })).report;
    expect(r.chainEnd).toBe('root');
    expect(codes(r)).toEqual(expect.arrayContaining(['LEAF_SELF_SIGNED', 'LEAF_IS_CA', 'NO_SAN']));
  });
});
