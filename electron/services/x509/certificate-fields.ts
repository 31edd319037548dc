import { createHash, type KeyObject, type X509Certificate } from 'node:crypto';
import type { CertificateFacts } from '../../../shared/schemas/certificates.ts';

/**
 * The fields of an X.509 certificate as Fieldkit shows and compares them, for
 * diagnostics (what a server presented) and certificate pushes (what a bundle
 * holds, what an appliance reports) alike: names, alternative names, serials,
 * fingerprints, validity, key, issuer links and PEM text.
 */

const DAY_MS = 86_400_000;

/** Subject or issuer as one line ("CN=a, O=b"): Node gives one attribute per line. */
export function dnOneLine(dn: string): string {
  return dn
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(', ');
}

/** Node's multi-line form, NITRO's " C=US,O=x,CN=y" and OpenSSL's "/C=US/O=x/CN=y", as attributes. */
function dnParts(dn: string): string[] {
  const trimmed = dn.trim();
  return trimmed.startsWith('/') ? trimmed.slice(1).split('/') : trimmed.split(/\n|(?<!\\),/);
}

/** A distinguished name reduced to compare across formats, with attributes in any order. */
export function normalizeDn(dn: string): string {
  return dnParts(dn)
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq < 0) return p.trim().toLowerCase();
      return `${p.slice(0, eq).trim().toLowerCase()}=${p
        .slice(eq + 1)
        .trim()
        .toLowerCase()}`;
    })
    .filter((p) => p.length > 0)
    .sort()
    .join(',');
}

/** The common name of a distinguished name in any of the formats above, if it has one. */
export function commonNameOf(dn: string): string | undefined {
  for (const p of dnParts(dn)) {
    const m = /^\s*CN\s*=\s*(.*)$/i.exec(p);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/** How a name is shown in a sentence: its common name, or the whole name on one line when it has none. */
export function displayName(dn: string): string {
  return commonNameOf(dn) ?? dnOneLine(dn);
}

/** Serial numbers compared as hex without leading zeros: NITRO and Node print them differently. */
export function normalizeSerial(serial: string): string {
  const hex = serial
    .replace(/[^0-9a-fA-F]/g, '')
    .toLowerCase()
    .replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The DNS names and IP addresses a certificate is valid for; other kinds (e-mail, URI) say nothing about a host. */
export function subjectAltNames(x: X509Certificate): string[] {
  const raw = x.subjectAltName;
  if (!raw) return [];
  return raw
    .split(/,\s*/)
    .map((entry) => {
      const m = /^(DNS|IP Address):(.*)$/.exec(entry.trim());
      return m ? m[2]!.trim() : '';
    })
    .filter((s) => s.length > 0);
}

/** The URLs of one Authority Information Access method ("CA Issuers" or "OCSP"). */
export function accessUrls(x: X509Certificate, method: 'CA Issuers' | 'OCSP'): string[] {
  const prefix = `${method} - URI:`;
  return (x.infoAccess ?? '')
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).trim());
}

export interface Validity {
  notBefore: string;
  notAfter: string;
  /** Whole days until it expires (negative once expired). */
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
}

export function validity(x: X509Certificate, now: Date | number = Date.now()): Validity {
  const at = typeof now === 'number' ? now : now.getTime();
  const from = x.validFromDate.getTime();
  const to = x.validToDate.getTime();
  return {
    notBefore: x.validFromDate.toISOString(),
    notAfter: x.validToDate.toISOString(),
    daysLeft: Math.floor((to - at) / DAY_MS),
    expired: to < at,
    notYetValid: from > at,
  };
}

export interface KeyFacts {
  type: string;
  bits?: number;
  curve?: string;
}

export function keyFacts(key: KeyObject): KeyFacts {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  const facts: KeyFacts = { type };
  if (details.modulusLength !== undefined) facts.bits = details.modulusLength;
  if (details.namedCurve !== undefined) {
    facts.curve = details.namedCurve;
    const bits = ({ prime256v1: 256, secp384r1: 384, secp521r1: 521 } as Record<string, number>)[details.namedCurve];
    if (bits !== undefined) facts.bits = bits;
  }
  return facts;
}

/** Whether `issuer` issued `cert`: names chain and the signature verifies. */
export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function isSelfSigned(x: X509Certificate): boolean {
  return issuedBy(x, x);
}

/** What a bundle report shows of one certificate. */
export function certificateFacts(x: X509Certificate, now: Date = new Date()): CertificateFacts {
  const { notBefore, notAfter, daysLeft, expired, notYetValid } = validity(x, now);
  const key = keyFacts(x.publicKey);
  const facts: CertificateFacts = {
    subject: dnOneLine(x.subject),
    issuer: dnOneLine(x.issuer),
    serialHex: normalizeSerial(x.serialNumber),
    notBefore,
    notAfter,
    daysLeft,
    expired,
    notYetValid,
    sans: subjectAltNames(x),
    fingerprint256: x.fingerprint256,
    isCa: x.ca,
    selfSigned: isSelfSigned(x),
    keyType: key.type,
  };
  const cn = commonNameOf(x.subject);
  if (cn !== undefined) facts.commonName = cn;
  if (key.bits !== undefined) facts.keyBits = key.bits;
  if (key.curve !== undefined) facts.curve = key.curve;
  return facts;
}

/** Every PEM certificate block in a text, in file order. */
export function splitPemCertificates(text: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => `${b.replace(/\r\n/g, '\n').trim()}\n`);
}

/** The canonical PEM of a certificate: what Fieldkit uploads and compares. */
export function canonicalPem(x: X509Certificate): string {
  const pem = x.toString();
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}
