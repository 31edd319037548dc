import { X509Certificate } from 'node:crypto';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';

export interface ParsedCertificate {
  pem: string;
  cert: X509Certificate;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const MAX_CERTIFICATES = 1_000;

function malformed(name: string, why: string, field: string | undefined): FieldkitError {
  return new FieldkitError(
    'TRUST_CA_FILE_MALFORMED',
    `The CA file ${name} holds no valid certificate: ${why}.`,
    field !== undefined ? { field } : {},
  );
}

/**
 * Reads one CA file's bytes: PEM with one or several certificates, or a single
 * DER certificate. Anything else is an error naming the file, never a silent skip,
 * because a CA the admin thinks is trusted but is not would mislead the whole check.
 */
export function parseCertificates(data: Buffer | string, name: string, field?: string): ParsedCertificate[] {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const text = buf.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const blocks = text.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) {
      const kind = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? 'unknown';
      throw malformed(name, `it is PEM but holds a "${kind}" block, not a CERTIFICATE`, field);
    }
    if (blocks.length > MAX_CERTIFICATES) throw malformed(name, `it holds more than ${MAX_CERTIFICATES} certificates`, field);
    return blocks.map((block, i) => {
      try {
        const cert = new X509Certificate(block);
        return { pem: cert.toString(), cert };
      } catch (err) {
        throw malformed(name, `certificate ${i + 1} of ${blocks.length} cannot be decoded (${(err as Error).message})`, field);
      }
    });
  }
  if (buf.length === 0) throw malformed(name, 'the file is empty', field);
  try {
    const cert = new X509Certificate(buf);
    return [{ pem: cert.toString(), cert }];
  } catch {
    throw malformed(name, 'it is neither PEM nor a DER-encoded X.509 certificate', field);
  }
}
