import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrustStore } from '../../electron/services/network/trust-store.ts';
import { createTestPki, fingerprint, publicLeaf, type TestPki } from '../support/diagnostics-fixtures.ts';
import { createRootCa, type Issued } from '../support/test-pki.ts';
import { startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';

let tmp: string;
let pki: TestPki;
let other: Issued;
let origin: LocalServer;

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'fieldkit-trust-'));
  pki = await createTestPki();
  other = await createRootCa({ commonName: 'Corp Root CA' });
  origin = await startHttpsOrigin(await publicLeaf(pki, ['trust.fieldkit.test']));
});
afterAll(async () => {
  await origin.close();
  rmSync(tmp, { recursive: true, force: true });
});

function file(name: string, data: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, data);
  return path;
}

describe('trust store', () => {
  it('merges bundled, system, CA files, NODE_EXTRA_CA_CERTS, proxy and extra anchors, counting each', async () => {
    const store = await buildTrustStore({
      caFiles: [file('two.pem', pki.publicRoot.certPem + other.certPem), file('one.cer', der(pki.zscalerRoot.certPem))],
      proxyCaPems: [pki.zscalerRoot.certPem],
      extraAnchors: [pki.publicIntermediate.certPem],
      env: { NODE_EXTRA_CA_CERTS: file('extra.pem', other.certPem) },
    });
    expect(store.counts.bundled).toBe(tls.rootCertificates.length);
    expect(store.counts.system).toBeGreaterThanOrEqual(0);
    expect(store.counts).toMatchObject({
      userFiles: 3,
      nodeExtraCaCerts: 1,
      proxyProfile: 1,
      extraAnchors: 1,
      userFileNames: ['two.pem', 'one.cer'],
    });
    expect(store.byFingerprint(fingerprint(pki.zscalerRoot.certPem))?.sources).toEqual(['user-file', 'proxy-profile']);
    expect(store.byFingerprint(fingerprint(other.certPem))?.sources).toEqual(['user-file', 'node-extra']);
    expect(store.byFingerprint(fingerprint(pki.publicIntermediate.certPem))?.public).toBe(true);
    expect(store.byFingerprint(fingerprint(pki.zscalerRoot.certPem))?.public).toBe(false);
    // Distinct certificates: the duplicated roots are counted once in the total.
    expect(store.counts.total).toBe(store.caPems.length);
  });

  it('without NODE_EXTRA_CA_CERTS in the given env, none are counted; a bad one is reported, not fatal', async () => {
    expect((await buildTrustStore({ env: {} })).counts.nodeExtraCaCerts).toBe(0);
    const bad = await buildTrustStore({ env: { NODE_EXTRA_CA_CERTS: join(tmp, 'missing.pem') } });
    expect(bad.counts.nodeExtraCaCertsProblem).toMatch(/NODE_EXTRA_CA_CERTS=.*missing\.pem was not used/);
  });

  it('refuses malformed and unreadable CA files with a clear error naming the file and field', async () => {
    await expect(
      buildTrustStore({ caFiles: [file('key.pem', '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n')] }),
    ).rejects.toMatchObject({
      code: 'TRUST_CA_FILE_MALFORMED',
      field: 'caFiles.0',
      message: expect.stringContaining('"PRIVATE KEY" block') as unknown,
    });
    await expect(buildTrustStore({ caFiles: [file('junk.der', Buffer.from('not a certificate'))] })).rejects.toMatchObject({
      code: 'TRUST_CA_FILE_MALFORMED',
      message: expect.stringContaining('neither PEM nor a DER') as unknown,
    });
    await expect(buildTrustStore({ caFiles: [file('empty.pem', '')] })).rejects.toMatchObject({ code: 'TRUST_CA_FILE_MALFORMED' });
    await expect(
      buildTrustStore({
        caFiles: [file('bad-b64.pem', `${pki.publicRoot.certPem}-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n`)],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('certificate 2 of 2') as unknown });
    await expect(buildTrustStore({ caFiles: [join(tmp, 'nope.pem')] })).rejects.toMatchObject({
      code: 'TRUST_CA_FILE_UNREADABLE',
      field: 'caFiles.0',
    });
    await expect(buildTrustStore({ proxyCaPems: ['-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----'] })).rejects.toMatchObject({
      field: 'proxy.caCertificates.0',
    });
  });

  it('its secure context really trusts a CA file and really rejects without it', async () => {
    const connect = async (store: Awaited<ReturnType<typeof buildTrustStore>>) =>
      new Promise<{ authorized: boolean; error?: string }>((resolve, reject) => {
        const s = tls.connect(
          {
            host: '127.0.0.1',
            port: origin.port,
            servername: 'trust.fieldkit.test',
            secureContext: store.secureContext(),
            rejectUnauthorized: false,
          },
          () => {
            resolve({ authorized: s.authorized, ...(s.authorizationError ? { error: String(s.authorizationError) } : {}) });
            s.destroy();
          },
        );
        s.on('error', reject);
      });
    expect(await connect(await buildTrustStore({ caFiles: [file('root.pem', pki.publicRoot.certPem)], env: {} }))).toEqual({
      authorized: true,
    });
    expect((await connect(await buildTrustStore({ env: {} }))).authorized).toBe(false);
  });

  it('reads the "system" source from where it is told, counts it, and adds a connection\'s own CA only to that connection', async () => {
    const store = await buildTrustStore({ systemCertificates: () => [other.certPem, 'not a certificate'], env: {} });
    expect(store.counts.system).toBe(1);
    expect(store.byFingerprint(fingerprint(other.certPem))?.sources).toEqual(['system']);
    expect(store.findAnchor([new X509Certificate(pki.publicRoot.certPem)])).toBeNull();
    const handshake = (secureContext: tls.SecureContext) =>
      new Promise<boolean>((resolve, reject) => {
        const s = tls.connect(
          { host: '127.0.0.1', port: origin.port, servername: 'trust.fieldkit.test', secureContext, rejectUnauthorized: false },
          () => {
            resolve(s.authorized);
            s.destroy();
          },
        );
        s.on('error', reject);
      });
    expect(await handshake(store.secureContextWith([pki.publicRoot.certPem]))).toBe(true);
    expect(store.secureContextWith([pki.publicRoot.certPem])).toBe(store.secureContextWith([pki.publicRoot.certPem]));
    expect(await handshake(store.secureContext())).toBe(false);
  });

  it('finds the anchor a chain ends in, through an issuer it does not hold itself', async () => {
    const store = await buildTrustStore({ extraAnchors: [pki.publicRoot.certPem], env: {}, includeSystem: false });
    const anchor = store.findAnchor([new X509Certificate(pki.publicIntermediate.certPem)]);
    expect(anchor?.fingerprint256).toBe(fingerprint(pki.publicRoot.certPem));
    expect(store.findAnchor([new X509Certificate(other.certPem)])).toBeNull();
    expect(store.isPublicSubject(new X509Certificate(pki.publicRoot.certPem).subject)).toBe(true);
  });
});
