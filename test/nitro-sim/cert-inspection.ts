import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * What the simulated appliance does with certificate and key files: parse them
 * the way `add ssl certKey` does (PEM or DER), check the key matches, and
 * compute the read-only fields NITRO shows for a certkey.
 */
export type Inform = 'PEM' | 'DER' | 'PFX';

export function parseCertificate(content: Buffer, inform: Inform): X509Certificate | undefined {
  try {
    if (inform === 'PEM') {
      const text = content.toString('latin1');
      // With bundle=NO the appliance loads the first certificate of a PEM file.
      const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
      return m ? new X509Certificate(m[0]) : undefined;
    }
    if (inform === 'DER') return new X509Certificate(content);
  } catch {
    return undefined;
  }
  return undefined;
}

export type KeyLoadResult = { ok: true; key: KeyObject } | { ok: false; reason: 'needs-passphrase' | 'invalid' };

export function loadPrivateKey(content: Buffer, inform: Inform, passplain?: string): KeyLoadResult {
  if (inform === 'PEM') {
    const text = content.toString('latin1');
    const m = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\s\S]+?-----END \1-----/.exec(text);
    if (!m) return { ok: false, reason: 'invalid' };
    const encrypted = m[1] === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(m[0]);
    if (encrypted && !passplain) return { ok: false, reason: 'needs-passphrase' };
    try {
      return { ok: true, key: createPrivateKey({ key: m[0], format: 'pem', ...(encrypted ? { passphrase: passplain } : {}) }) };
    } catch {
      return { ok: false, reason: encrypted ? 'needs-passphrase' : 'invalid' };
    }
  }
  if (inform === 'DER') {
    for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
      try {
        return { ok: true, key: createPrivateKey({ key: content, format: 'der', type }) };
      } catch {
        // try the next DER container
      }
    }
  }
  return { ok: false, reason: 'invalid' };
}

export function keyMatchesCertificate(key: KeyObject, cert: X509Certificate): boolean {
  const fromKey = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const fromCert = cert.publicKey.export({ format: 'der', type: 'spki' });
  return Buffer.compare(fromKey, fromCert) === 0;
}

/** Node gives names one RDN per line; the appliance shows them comma-separated. */
export function formatName(name: string): string {
  return name.split('\n').filter(Boolean).join(',');
}

function commonName(cert: X509Certificate): string | undefined {
  const line = cert.subject.split('\n').find((l) => l.startsWith('CN='));
  return line?.slice(3);
}

function dnsNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
}

/**
 * The names the update domain check compares: the subject CN and every DNS
 * SAN, lower-cased, sorted, once each. A renewal that adds, drops or changes
 * any of them needs `nodomaincheck`.
 */
export function domainSet(cert: X509Certificate): string[] {
  const cn = commonName(cert)?.toLowerCase();
  return [...new Set([...(cn ? [cn] : []), ...dnsNames(cert)])].sort();
}

/** True when `ca` issued `cert`: names chain and the signature verifies. */
export function isIssuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  try {
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

export type CertStatus = 'Valid' | 'Not yet valid' | 'Expired';

export function certStatus(cert: X509Certificate, now: Date): CertStatus {
  if (now.getTime() < cert.validFromDate.getTime()) return 'Not yet valid';
  if (now.getTime() > cert.validToDate.getTime()) return 'Expired';
  return 'Valid';
}

export function certificateType(cert: X509Certificate): string[] {
  if (cert.ca) return [cert.subject === cert.issuer ? 'ROOT_CERT' : 'INTM_CERT'];
  return ['SRVR_CERT'];
}

/** The read-only fields of a certkey GET that come from the certificate itself. */
export function certificateFields(cert: X509Certificate, now: Date): Record<string, unknown> {
  const pub = cert.publicKey;
  const details = pub.asymmetricKeyDetails ?? {};
  const daysLeft = Math.floor((cert.validToDate.getTime() - now.getTime()) / 86_400_000);
  return {
    serial: cert.serialNumber.toUpperCase(),
    issuer: formatName(cert.issuer),
    subject: formatName(cert.subject),
    sandns: dnsNames(cert),
    clientcertnotbefore: cert.validFrom,
    clientcertnotafter: cert.validTo,
    daystoexpiration: Math.max(0, daysLeft),
    status: certStatus(cert, now),
    certificatetype: certificateType(cert),
    publickey:
      pub.asymmetricKeyType === 'rsa'
        ? 'rsaEncryption'
        : pub.asymmetricKeyType === 'ec'
          ? 'id-ecPublicKey'
          : (pub.asymmetricKeyType ?? 'unknown'),
    publickeysize:
      details.modulusLength ??
      (details.namedCurve === 'prime256v1' ? 256 : details.namedCurve === 'secp384r1' ? 384 : details.namedCurve === 'secp521r1' ? 521 : 0),
    version: 3,
  };
}
