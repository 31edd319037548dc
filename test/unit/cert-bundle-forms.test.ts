import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundleFiles, type BundleFiles } from '../../electron/services/certificates/bundle-loader.ts';
import { validateBundle, type PreparedBundle } from '../../electron/services/certificates/bundle-validator.ts';
import { buildTrustStore, type TrustStore } from '../../electron/services/network/trust-store.ts';
import type { BundleReport } from '../../shared/schemas/certificates.ts';
import { certWorld, type CertWorld } from '../support/cert-push-fixtures.ts';
import { createRootCa, issueCertificate, type Issued } from '../support/test-pki.ts';

/**
 * Every form a CA or an ACME client hands a certificate out in, read from real
 * files and validated against a trust that knows the test root (as this
 * computer would know a public root): leaf plus intermediates without the root
 * is the normal case, a missing intermediate between given ones is refused.
 */

let w: CertWorld;
let dir: string;
let trust: TrustStore;
let trustNothing: TrustStore;

beforeAll(async () => {
  w = await certWorld();
  dir = mkdtempSync(join(tmpdir(), 'fk-bundle-forms-'));
  trust = await buildTrustStore({ includeSystem: false, env: {}, extraAnchors: [w.root.certPem] });
  trustNothing = await buildTrustStore({ includeSystem: false, env: {} });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): { path: string; name: string } {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, name };
}

const pems = (...certs: Issued[]) => certs.map((c) => c.certPem).join('');
const der = (c: Issued) => new X509Certificate(c.certPem).raw;
const codes = (r: BundleReport) => r.problems.map((p) => p.code);

async function validate(files: BundleFiles, opts: { passphrase?: string; trust?: TrustStore } = {}): Promise<PreparedBundle> {
  const loaded = await loadBundleFiles(files, opts.passphrase === undefined ? {} : { passphrase: opts.passphrase });
  return validateBundle(loaded, { trust: opts.trust ?? trust });
}

/** The report of a leaf + both intermediates without the root: ready, each intermediate pushed, the root named for clients. */
function expectOpenChain(b: PreparedBundle): void {
  expect(b.report.ok).toBe(true);
  expect(b.report.chainEnd).toBe('open');
  expect(b.report.chain.map((c) => c.commonName)).toEqual(['Fieldkit Test Intermediate', 'Fieldkit Test Intermediate High']);
  expect(b.chainPems).toEqual([w.inter.certPem, w.interHigh.certPem]);
  expect(b.report.root).toBeUndefined();
  expect(b.report.clientRoot).toEqual({ subject: 'CN=Fieldkit Test Root, O=Fieldkit Tests', knownHere: true });
  expect(b.report.problems.find((p) => p.code === 'CHAIN_ENDS_BELOW_ROOT')).toMatchObject({
    severity: 'info',
    message: expect.stringContaining('clients must already trust CN=Fieldkit Test Root, O=Fieldkit Tests, and this computer does'),
  });
  expect(b.report.problems.filter((p) => p.severity !== 'info')).toEqual([]);
}

describe('bundles as CAs hand them out', () => {
  it('PEM certificate with a separate chain file, without the root', async () => {
    const b = await validate({
      cert: file('cert.pem', w.leaf.certPem),
      key: file('privkey.pem', w.leaf.keyPem),
      chain: file('chain.pem', pems(w.inter, w.interHigh)),
    });
    expectOpenChain(b);
    expect(b.leafPem).toBe(w.leaf.certPem);
  });

  it('fullchain.pem (leaf then intermediates in one file), as certbot and acme.sh write it', async () => {
    const b = await validate({ cert: file('fullchain.pem', pems(w.leaf, w.inter, w.interHigh)), key: file('fc-key.pem', w.leaf.keyPem) });
    expectOpenChain(b);
    expect(b.report.leaf?.fingerprint256).toBe(w.leaf.fingerprint256);
  });

  it('fullchain.pem given again as the chain file: each intermediate once', async () => {
    const full = pems(w.leaf, w.inter, w.interHigh);
    const b = await validate({ cert: file('fc2.pem', full), key: file('fc2-key.pem', w.leaf.keyPem), chain: file('fc2-chain.pem', full) });
    expectOpenChain(b);
  });

  it('DER certificate (.cer) and DER chain certificate, with a PEM key', async () => {
    const b = await validate({
      cert: file('www.cer', der(w.leaf)),
      key: file('www.key', w.leaf.keyPem),
      chain: file('inter.der', der(w.inter)),
    });
    expect(b.report.ok).toBe(true);
    expect(b.report.leaf?.fingerprint256).toBe(w.leaf.fingerprint256);
    expect(b.chainPems).toEqual([w.inter.certPem]);
    // The intermediate's issuer is what clients must reach: this computer cannot, so it says so.
    expect(b.report.clientRoot).toEqual({ subject: 'CN=Fieldkit Test Intermediate High', knownHere: false });
    expect(codes(b.report)).toContain('CHAIN_ROOT_UNKNOWN_HERE');
  });

  it('a chain in the wrong order is put in order', async () => {
    const b = await validate({ cert: file('shuffled.pem', pems(w.leaf, w.interHigh, w.inter)), key: file('shuffled.key', w.leaf.keyPem) });
    expectOpenChain(b);
    expect(codes(b.report)).toContain('CHAIN_REORDERED');
  });

  it('with the root included: ends at the root, which is not pushed', async () => {
    const b = await validate({
      cert: file('withroot.pem', w.leaf.certPem),
      key: file('withroot.key', w.leaf.keyPem),
      chain: file('withroot-chain.pem', pems(w.inter, w.interHigh, w.root)),
    });
    expect(b.report.ok).toBe(true);
    expect(b.report.chainEnd).toBe('root');
    expect(b.report.root?.commonName).toBe('Fieldkit Test Root');
    expect(b.chainPems).toEqual([w.inter.certPem, w.interHigh.certPem]);
    expect(b.report.clientRoot).toEqual({ subject: 'CN=Fieldkit Test Root, O=Fieldkit Tests', knownHere: true });
    expect(codes(b.report)).toContain('ROOT_NOT_PUSHED');
  });

  it('says when this computer does not know the root clients must trust, and still accepts the bundle', async () => {
    const b = await validate(
      { cert: file('unknown.pem', pems(w.leaf, w.inter, w.interHigh)), key: file('unknown.key', w.leaf.keyPem) },
      {
        trust: trustNothing,
      },
    );
    expect(b.report.ok).toBe(true);
    expect(b.report.clientRoot).toEqual({ subject: 'CN=Fieldkit Test Root, O=Fieldkit Tests', knownHere: false });
    expect(b.report.problems.find((p) => p.code === 'CHAIN_ROOT_UNKNOWN_HERE')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('this computer does not know that root'),
    });
  });

  it('refuses a gap: the intermediate missing between the leaf and the one given is named', async () => {
    const b = await validate({ cert: file('gap.pem', pems(w.leaf, w.interHigh)), key: file('gap.key', w.leaf.keyPem) });
    expect(b.report.ok).toBe(false);
    expect(b.report.chainEnd).toBe('gap');
    const gap = b.report.problems.find((p) => p.code === 'CHAIN_GAP')!;
    expect(gap.severity).toBe('error');
    expect(gap.message).toBe(
      'The chain has a gap: CN=Fieldkit Test Intermediate, the issuer of www.example.test, is missing between www.example.test and Fieldkit Test Intermediate High.',
    );
    expect(gap.hint).toContain('Add the intermediate certificate Fieldkit Test Intermediate');
    // The certificate above the gap is accounted for by the gap, not called unrelated.
    expect(codes(b.report)).not.toContain('CHAIN_EXTRA_CERT');
  });

  it('refuses a gap between an intermediate and the root', async () => {
    const b = await validate({ cert: file('gap2.pem', pems(w.leaf, w.inter, w.root)), key: file('gap2.key', w.leaf.keyPem) });
    expect(b.report.chainEnd).toBe('gap');
    expect(b.report.problems.find((p) => p.code === 'CHAIN_GAP')?.message).toBe(
      'The chain has a gap: CN=Fieldkit Test Intermediate High, the issuer of Fieldkit Test Intermediate, is missing between Fieldkit Test Intermediate and Fieldkit Test Root.',
    );
  });

  it('refuses an intermediate with the right name but another key as a gap, saying so', async () => {
    const impostor = await createRootCa({ commonName: 'Fieldkit Test Intermediate High' });
    const b = await validate({ cert: file('namesake.pem', pems(w.leaf, w.inter, impostor)), key: file('namesake.key', w.leaf.keyPem) });
    expect(b.report.ok).toBe(false);
    expect(b.report.problems.find((p) => p.code === 'CHAIN_GAP')?.message).toMatch(
      /the certificate CN=Fieldkit Test Intermediate High in the bundle did not issue Fieldkit Test Intermediate \(same name, another key/,
    );
  });

  it('an intermediate of another chain (a sibling) is ignored with a warning, not taken for a gap', async () => {
    const b = await validate({
      cert: file('sibling.pem', pems(w.leaf, w.inter, w.interHigh, w.otherInter)),
      key: file('sibling.key', w.leaf.keyPem),
    });
    expect(b.report.ok).toBe(true);
    expect(b.report.chainEnd).toBe('open');
    expect(b.report.problems.find((p) => p.code === 'CHAIN_EXTRA_CERT')?.message).toContain('Other Intermediate');
  });

  it('a PFX as Windows exports it (3DES key, SHA-1 MAC), written by node-forge, with its chain', async () => {
    // forge re-encodes the certificates it writes, which keeps only RSA-signed ones intact: an all-RSA hierarchy.
    const rsaRoot = await createRootCa({ commonName: 'Fieldkit Test RSA Root', keyType: 'rsa' });
    const rsaInter = await issueCertificate(rsaRoot, { commonName: 'Fieldkit Test RSA Intermediate', ca: true, keyType: 'rsa' });
    const rsaLeaf = await issueCertificate(rsaInter, { commonName: 'pfx.example.test', keyType: 'rsa' });
    const p12 = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(rsaLeaf.keyPem),
      [forge.pki.certificateFromPem(rsaLeaf.certPem), forge.pki.certificateFromPem(rsaInter.certPem)],
      'windows-export',
      { algorithm: '3des' },
    );
    const pfx = file('windows.pfx', Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
    const b = await validate(
      { pfx },
      { passphrase: 'windows-export', trust: await buildTrustStore({ includeSystem: false, env: {}, extraAnchors: [rsaRoot.certPem] }) },
    );
    expect(b.report.source).toBe('pfx');
    expect(b.report.ok).toBe(true);
    expect(b.report.leaf?.fingerprint256).toBe(rsaLeaf.fingerprint256);
    expect(b.chainPems).toEqual([rsaInter.certPem]);
    expect(b.report.clientRoot).toEqual({ subject: 'CN=Fieldkit Test RSA Root', knownHere: true });
  });
});
