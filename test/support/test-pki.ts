import 'reflect-metadata';
import { webcrypto, createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/**
 * Real certificates for tests, made in-process: a root, intermediates and
 * leaves with SANs, AIA, expired or not-yet-valid dates. Every PEM here is a
 * genuine X.509 certificate that Node's TLS stack verifies or rejects for real.
 */
export type KeyType = 'rsa' | 'ec';

export interface Issued {
  certPem: string;
  keyPem: string;
  subject: string;
  serialHex: string;
  /** SHA-256 of the DER, upper-case hex with colons, as browsers and appliances show it. */
  fingerprint256: string;
  /** Internal: used to sign certificates below this one. */
  readonly signer: { keys: CryptoKeyPair; cert: x509.X509Certificate; alg: Algorithm };
}

export interface IssueOptions {
  commonName: string;
  /** DNS names and IP addresses for the SAN; defaults to the common name for leaves. */
  altNames?: string[];
  organization?: string;
  keyType?: KeyType;
  rsaBits?: number;
  /** Days from now; negative for the past. */
  validFromDays?: number;
  validForDays?: number;
  ca?: boolean;
  /** An AIA caIssuers URL to embed. */
  caIssuersUrl?: string;
  serialHex?: string;
}

const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const RSA_ALG = (bits: number) =>
  ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: bits }) as const;

async function generateKeys(type: KeyType, rsaBits: number): Promise<{ keys: CryptoKeyPair; alg: Algorithm }> {
  const alg = type === 'ec' ? EC_ALG : RSA_ALG(rsaBits);
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  return { keys, alg };
}

function subjectName(opts: IssueOptions): string {
  const parts = [`CN=${opts.commonName}`];
  if (opts.organization) parts.push(`O=${opts.organization}`);
  return parts.join(', ');
}

function dayOffset(days: number): Date {
  return new Date(Date.now() + days * 86_400_000);
}

function randomSerial(): string {
  // Positive, non-zero, 16 bytes: what public CAs use.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function sanEntries(names: string[]): Array<{ type: 'dns' | 'ip'; value: string }> {
  return names.map((n) => (/^[\d.]+$|:/.test(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }));
}

async function finish(cert: x509.X509Certificate, keys: CryptoKeyPair, alg: Algorithm, serialHex: string): Promise<Issued> {
  const certPem = cert.toString('pem');
  return {
    certPem: certPem.endsWith('\n') ? certPem : `${certPem}\n`,
    keyPem: await keyToPem(keys.privateKey),
    subject: cert.subject,
    serialHex,
    fingerprint256: createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex').toUpperCase().match(/../g)!.join(':'),
    signer: { keys, cert, alg },
  };
}

/** A self-signed root CA. */
export async function createRootCa(opts: Partial<IssueOptions> & { commonName: string }): Promise<Issued> {
  const { keys, alg } = await generateKeys(opts.keyType ?? 'ec', opts.rsaBits ?? 2048);
  const serialHex = opts.serialHex ?? randomSerial();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialHex,
    name: subjectName(opts),
    notBefore: dayOffset(opts.validFromDays ?? -1),
    notAfter: dayOffset((opts.validFromDays ?? -1) + (opts.validForDays ?? 3650)),
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return finish(cert, keys, alg, serialHex);
}

/** A certificate signed by `issuer`: an intermediate CA when opts.ca, else a TLS server leaf. */
export async function issueCertificate(issuer: Issued, opts: IssueOptions): Promise<Issued> {
  const { keys, alg } = await generateKeys(opts.keyType ?? 'ec', opts.rsaBits ?? 2048);
  const serialHex = opts.serialHex ?? randomSerial();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(opts.ca ?? false, undefined, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.signer.keys.publicKey),
  ];
  if (opts.ca) {
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  } else {
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true));
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false));
    extensions.push(new x509.SubjectAlternativeNameExtension(sanEntries(opts.altNames ?? [opts.commonName])));
  }
  if (opts.caIssuersUrl)
    extensions.push(new x509.AuthorityInfoAccessExtension({ caIssuers: new x509.GeneralName('url', opts.caIssuersUrl) }));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex,
    subject: subjectName(opts),
    issuer: issuer.signer.cert.subject,
    notBefore: dayOffset(opts.validFromDays ?? -1),
    notAfter: dayOffset((opts.validFromDays ?? -1) + (opts.validForDays ?? 365)),
    signingAlgorithm: issuer.signer.alg,
    publicKey: keys.publicKey,
    signingKey: issuer.signer.keys.privateKey,
    extensions,
  });
  return finish(cert, keys, alg, serialHex);
}

/** Leaf then intermediates, as a TLS server sends them. */
export function chainPem(...certs: Issued[]): string {
  return certs.map((c) => c.certPem).join('');
}
