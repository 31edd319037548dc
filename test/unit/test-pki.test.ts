import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

describe('test PKI', () => {
  it('issues a chain that Node verifies, with SANs, AIA and matching keys', async () => {
    const root = await createRootCa({ commonName: 'Fieldkit Test Root', organization: 'Fieldkit Tests' });
    const inter = await issueCertificate(root, { commonName: 'Fieldkit Test Intermediate', ca: true });
    const leaf = await issueCertificate(inter, {
      commonName: 'trust.example.test',
      altNames: ['trust.example.test', '127.0.0.1'],
      caIssuersUrl: 'http://ca.example.test/inter.cer',
      keyType: 'rsa',
    });
    const r = new X509Certificate(root.certPem);
    const i = new X509Certificate(inter.certPem);
    const l = new X509Certificate(leaf.certPem);
    expect(i.verify(r.publicKey)).toBe(true);
    expect(l.verify(i.publicKey)).toBe(true);
    expect(l.verify(r.publicKey)).toBe(false);
    expect(l.checkHost('trust.example.test')).toBe('trust.example.test');
    expect(l.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(l.infoAccess).toContain('http://ca.example.test/inter.cer');
    expect(i.ca).toBe(true);
    expect(l.ca).toBe(false);
    expect(createPublicKey(createPrivateKey(leaf.keyPem)).export({ format: 'pem', type: 'spki' })).toBe(
      l.publicKey.export({ format: 'pem', type: 'spki' }),
    );
    expect(l.fingerprint256).toBe(leaf.fingerprint256);
  });

  it('makes expired certificates on request', async () => {
    const root = await createRootCa({ commonName: 'Old Root' });
    const leaf = await issueCertificate(root, { commonName: 'old.example.test', validFromDays: -400, validForDays: 30 });
    expect(new Date(new X509Certificate(leaf.certPem).validTo).getTime()).toBeLessThan(Date.now());
  });
});
