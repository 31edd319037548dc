import type { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../../shared/schemas/diagnostics.ts';
import type { TrustStore } from '../network/trust-store.ts';
import { accessUrls, dnOneLine, isSelfSigned, subjectAltNames, validity } from '../x509/certificate-fields.ts';

/** One certificate of a presented chain as a check result shows it, with the trust sources that hold it. */
export function describeCertificate(cert: X509Certificate, trust: TrustStore, now: number): CertificateInfo {
  const { notBefore, notAfter, expired, notYetValid } = validity(cert, now);
  return {
    subject: dnOneLine(cert.subject),
    issuer: dnOneLine(cert.issuer),
    subjectAltNames: subjectAltNames(cert),
    serialNumber: cert.serialNumber,
    validFrom: notBefore,
    validTo: notAfter,
    expired,
    notYetValid,
    fingerprint256: cert.fingerprint256,
    isCa: cert.ca,
    selfSigned: isSelfSigned(cert),
    caIssuersUrls: accessUrls(cert, 'CA Issuers'),
    ocspUrls: accessUrls(cert, 'OCSP'),
    trustedBy: [...(trust.byFingerprint(cert.fingerprint256)?.sources ?? [])],
    pem: cert.toString(),
  };
}
