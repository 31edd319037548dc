import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import type { CertificateFacts } from '../../../shared/schemas/certificates.ts';

const DAY_MS = 86_400_000;

/** Subject or issuer as one line ("CN=a, O=b"): Node gives one attribute per line. */
export function dnOneLine(dn: string): string {
  return dn
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(', ');
}

/**
 * A distinguished name reduced to compare across formats: Node's multi-line
 * form, NITRO's " C=US,O=x,CN=y" and OpenSSL's "/C=US/O=x/CN=y" all describe
 * the same name, with attributes in any order.
 */
export function normalizeDn(dn: string): string {
  const trimmed = dn.trim();
  const parts = trimmed.startsWith('/') ? trimmed.slice(1).split('/') : trimmed.split(/\n|(?<!\\),/);
  return parts
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

export function commonNameOf(dn: string): string | undefined {
  const trimmed = dn.trim();
  const parts = trimmed.startsWith('/') ? trimmed.slice(1).split('/') : trimmed.split(/\n|(?<!\\),/);
  for (const p of parts) {
    const m = /^\s*CN\s*=\s*(.*)$/i.exec(p);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/** Serial numbers compared as hex without leading zeros: NITRO and Node print them differently. */
export function normalizeSerial(serial: string): string {
  const hex = serial
    .replace(/[^0-9a-fA-F]/g, '')
    .toLowerCase()
    .replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

export function parseSans(x: X509Certificate): string[] {
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

export function isSelfSigned(x: X509Certificate): boolean {
  return x.checkIssued(x) && x.verify(x.publicKey);
}

/** Whether `issuer` issued `cert`: names chain and the signature verifies. */
export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function fingerprintOf(x: X509Certificate): string {
  return x.fingerprint256;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function certificateFacts(x: X509Certificate, now: Date = new Date()): CertificateFacts {
  const notBefore = x.validFromDate;
  const notAfter = x.validToDate;
  const key = keyFacts(x.publicKey);
  const facts: CertificateFacts = {
    subject: dnOneLine(x.subject),
    issuer: dnOneLine(x.issuer),
    serialHex: normalizeSerial(x.serialNumber),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS),
    expired: notAfter.getTime() < now.getTime(),
    notYetValid: notBefore.getTime() > now.getTime(),
    sans: parseSans(x),
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
