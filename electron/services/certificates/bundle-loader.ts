import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { splitPemCertificates } from '../x509/certificate-fields.ts';
import { fileReadFailure } from '../storage/file-read-failure.ts';
import { readUserFile } from '../files/read-user-file.ts';
import type { UserFile } from '../files/file-grants.ts';

/**
 * Reads a certificate bundle as the admin has it: PEM certificate + PEM key
 * (+ chain), or a PKCS#12 file with its passphrase. Loading only parses; the
 * checks that decide whether a push may go ahead live in bundle-validator.ts.
 */

export interface PemBundleInput {
  kind: 'pem';
  /** The server certificate; the file may also hold the chain after it. */
  certPem: string;
  keyPem: string;
  chainPem?: string;
}

export interface PfxBundleInput {
  kind: 'pfx';
  pfx: Uint8Array;
}

export type BundleInput = PemBundleInput | PfxBundleInput;

export interface LoadedBundle {
  source: 'pem' | 'pfx';
  leaf: X509Certificate;
  /** Every other certificate given, in the order given (chain candidates). */
  others: X509Certificate[];
  key: KeyObject;
  keyWasEncrypted: boolean;
}

export interface BundleSecrets {
  /** Passphrase of an encrypted PEM key, or of the PFX. Used once and not kept. */
  passphrase?: string;
}

function parseCertificates(pem: string, what: string): X509Certificate[] {
  const blocks = splitPemCertificates(pem);
  if (blocks.length === 0) throw new FieldkitError('BUNDLE_NOT_PEM', `The ${what} holds no PEM certificate.`, { field: what });
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (err) {
      throw new FieldkitError('BUNDLE_NOT_PEM', `Certificate ${i + 1} in the ${what} is damaged: ${(err as Error).message}.`, {
        field: what,
        cause: err,
      });
    }
  });
}

function isEncryptedPem(pem: string): boolean {
  return pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(pem);
}

function parsePrivateKey(keyPem: string, passphrase: string | undefined): { key: KeyObject; encrypted: boolean } {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyPem)) {
    throw new FieldkitError('BUNDLE_KEY_UNREADABLE', 'The key file holds no PEM private key.', { field: 'key' });
  }
  const encrypted = isEncryptedPem(keyPem);
  if (encrypted && (passphrase === undefined || passphrase === '')) {
    throw new FieldkitError('BUNDLE_KEY_PASSPHRASE_REQUIRED', 'The private key is encrypted and no passphrase was given.', {
      field: 'key',
    });
  }
  try {
    const key = encrypted
      ? createPrivateKey({ key: keyPem, format: 'pem', passphrase: passphrase! })
      : createPrivateKey({ key: keyPem, format: 'pem' });
    return { key, encrypted };
  } catch (err) {
    if (encrypted)
      throw new FieldkitError('BUNDLE_KEY_PASSPHRASE_WRONG', 'The passphrase does not open the private key.', { field: 'key' });
    throw new FieldkitError('BUNDLE_KEY_UNREADABLE', `The private key could not be read: ${(err as Error).message}.`, {
      field: 'key',
      cause: err,
    });
  }
}

function loadPem(input: PemBundleInput, secrets: BundleSecrets): LoadedBundle {
  const certs = parseCertificates(input.certPem, 'certificate file');
  const chain = input.chainPem !== undefined && input.chainPem.trim() !== '' ? parseCertificates(input.chainPem, 'chain file') : [];
  const { key, encrypted } = parsePrivateKey(input.keyPem, secrets.passphrase);
  return { source: 'pem', leaf: certs[0]!, others: [...certs.slice(1), ...chain], key, keyWasEncrypted: encrypted };
}

function derOf(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

/**
 * forge re-encodes the certificates it understands, and its re-encoding of an
 * ECDSA signature algorithm adds a NULL parameter: the certificate's bytes
 * change and its signature no longer verifies. With its parser refused for the
 * duration of the (synchronous) PKCS#12 decoding, forge hands every certificate
 * back as the ASN.1 it read, which serialises to the original DER.
 */
function withoutForgeCertificateParsing<T>(fn: () => T): T {
  const original = forge.pki.certificateFromAsn1;
  forge.pki.certificateFromAsn1 = () => {
    throw new Error('left to Node');
  };
  try {
    return fn();
  } finally {
    forge.pki.certificateFromAsn1 = original;
  }
}

function loadPfx(input: PfxBundleInput, secrets: BundleSecrets): LoadedBundle {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(input.pfx).toString('binary')));
    p12 = withoutForgeCertificateParsing(() => forge.pkcs12.pkcs12FromAsn1(asn1, secrets.passphrase ?? ''));
  } catch (err) {
    const msg = (err as Error).message ?? '';
    if (/password|MAC could not be verified|decrypt/i.test(msg)) {
      const given = secrets.passphrase !== undefined && secrets.passphrase !== '';
      throw new FieldkitError(
        'PFX_PASSPHRASE_WRONG',
        given
          ? 'The PFX passphrase is wrong: the file could not be opened with it.'
          : 'The PFX file is protected by a passphrase, and none was given.',
        { field: 'pfxPassphrase' },
      );
    }
    throw new FieldkitError('PFX_UNREADABLE', `The file is not a PKCS#12 (PFX) file Fieldkit can read: ${msg}.`, {
      field: 'pfx',
      cause: err,
    });
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag!] ?? [];
  const keyBag = keyBags[0];
  if (!keyBag || certBags.length === 0) {
    throw new FieldkitError(
      'PFX_INCOMPLETE',
      `The PFX file holds ${certBags.length} certificate(s) and ${keyBags.length} private key(s); it needs the certificate and its key.`,
      { field: 'pfx' },
    );
  }
  // forge only models RSA; for EC keys and certificates it hands back the ASN.1, which Node reads.
  const keyDer = keyBag.key
    ? derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)))
    : derOf((keyBag as { asn1: forge.asn1.Asn1 }).asn1);
  const key = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' });
  const certs = certBags.map((bag) => new X509Certificate(derOf((bag as unknown as { asn1: forge.asn1.Asn1 }).asn1)));
  const leafIndex = Math.max(
    0,
    certs.findIndex((c) => {
      try {
        return c.checkPrivateKey(key);
      } catch {
        return false;
      }
    }),
  );
  const leaf = certs[leafIndex]!;
  return { source: 'pfx', leaf, others: certs.filter((_, i) => i !== leafIndex), key, keyWasEncrypted: true };
}

export function loadBundle(input: BundleInput, secrets: BundleSecrets = {}): LoadedBundle {
  return input.kind === 'pem' ? loadPem(input, secrets) : loadPfx(input, secrets);
}

/** The bundle's files, each resolved to a path and the name messages use (see files/file-grants.ts). */
export type BundleFiles = { cert: UserFile; key: UserFile; chain?: UserFile | undefined } | { pfx: UserFile };

async function readBytes(file: UserFile, field: string, what: string): Promise<Buffer> {
  try {
    return await readUserFile(file.path);
  } catch (err) {
    throw new FieldkitError('BUNDLE_FILE_UNREADABLE', `The ${what} ${file.name} could not be read: ${fileReadFailure(err)}.`, { field });
  }
}

/**
 * A certificate file as PEM text. Windows and many CA portals hand out a
 * binary (DER) .cer/.der file; it becomes its PEM. Anything else is left as
 * text for the PEM reader to say what is wrong with it.
 */
function certificateText(bytes: Buffer): string {
  if (bytes.includes('-----BEGIN')) return bytes.toString('utf8');
  try {
    return new X509Certificate(bytes).toString();
  } catch {
    return bytes.toString('utf8');
  }
}

/** Reads the bundle's files from disk (files the app's window was granted, or paths the CLI was given). */
export async function loadBundleFiles(files: BundleFiles, secrets: BundleSecrets = {}): Promise<LoadedBundle> {
  if ('pfx' in files) return loadBundle({ kind: 'pfx', pfx: await readBytes(files.pfx, 'pfx', 'PFX file') }, secrets);
  const input: PemBundleInput = {
    kind: 'pem',
    certPem: certificateText(await readBytes(files.cert, 'cert', 'certificate file')),
    keyPem: (await readBytes(files.key, 'key', 'key file')).toString('utf8'),
  };
  if (files.chain !== undefined) input.chainPem = certificateText(await readBytes(files.chain, 'chain', 'chain file'));
  return loadBundle(input, secrets);
}
