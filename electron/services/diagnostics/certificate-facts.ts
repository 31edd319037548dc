import type { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../../shared/schemas/diagnostics.ts';
import type { TrustStore } from '../network/trust-store.ts';

/** "CN=x\nO=y" as X509Certificate prints it, on one line the way admins read DNs. */
export function oneLineDn(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

/** The common name, or the whole DN when there is none. */
export function commonName(dn: string): string {
  const cn = dn.split('\n').find((part) => part.startsWith('CN='));
  return cn ? cn.slice(3) : oneLineDn(dn);
}

function accessUrls(infoAccess: string | undefined, method: 'CA Issuers' | 'OCSP'): string[] {
  if (!infoAccess) return [];
  return infoAccess
    .split('\n')
    .filter((line) => line.startsWith(`${method} - URI:`))
    .map((line) => line.slice(`${method} - URI:`.length).trim());
}

function altNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s.replace(/^DNS:/, '').replace(/^IP Address:/, ''));
}

export function describeCertificate(cert: X509Certificate, trust: TrustStore, now: number): CertificateInfo {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  return {
    subject: oneLineDn(cert.subject),
    issuer: oneLineDn(cert.issuer),
    subjectAltNames: altNames(cert),
    serialNumber: cert.serialNumber,
    validFrom: from.toISOString(),
    validTo: to.toISOString(),
    expired: to.getTime() < now,
    notYetValid: from.getTime() > now,
    fingerprint256: cert.fingerprint256,
    isCa: cert.ca,
    selfSigned: cert.subject === cert.issuer && cert.checkIssued(cert),
    caIssuersUrls: accessUrls(cert.infoAccess, 'CA Issuers'),
    ocspUrls: accessUrls(cert.infoAccess, 'OCSP'),
    trustedBy: [...(trust.byFingerprint(cert.fingerprint256)?.sources ?? [])],
    pem: cert.toString(),
  };
}
