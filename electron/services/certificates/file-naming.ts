import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { X509Certificate } from 'node:crypto';
import { NAME_SCHEMA_PLACEHOLDERS, type NameSchemaPlaceholder } from '../../../shared/schemas/certificates.ts';
import { NETSCALER_NAME_MAX } from '../../../shared/schemas/network-names.ts';
import { commonNameOf, normalizeSerial, subjectAltNames } from '../x509/certificate-fields.ts';

/**
 * Names for files and certkeys on the appliance, from a schema with
 * placeholders. Names carry the certificate's serial and expiry so a renewed
 * certificate never lands on an existing file name; NITRO accepts at most 63
 * characters and a small alphabet, so the common name is cut to fit.
 */

/** Room for ".cer" / ".key". */
const MAX_BASE = NETSCALER_NAME_MAX - 4;

export function sanitizeNamePart(s: string): string {
  return s
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
}

function values(cert: X509Certificate): Record<NameSchemaPlaceholder, string> {
  const serial = normalizeSerial(cert.serialNumber);
  const cn = commonNameOf(cert.subject) ?? subjectAltNames(cert)[0] ?? 'cert';
  const d = cert.validToDate;
  const expiry = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return {
    cn: sanitizeNamePart(cn) || 'cert',
    serial,
    serial8: serial.slice(-8),
    expiry,
    hash: cert.fingerprint256.replace(/:/g, '').slice(0, 8).toLowerCase(),
  };
}

/** The base name (no extension) the schema gives for a certificate, at most 59 characters. */
export function renderBaseName(schema: string, cert: X509Certificate): string {
  const unknown = [...schema.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1]!)
    .filter((p) => !(NAME_SCHEMA_PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    throw new FieldkitError(
      'NAME_SCHEMA_INVALID',
      `The naming schema "${schema}" uses unknown placeholder(s) ${unknown.map((u) => `{${u}}`).join(', ')}.`,
      { field: 'nameSchema' },
    );
  }
  if (!/\{(serial|serial8|hash)\}/.test(schema)) {
    throw new FieldkitError(
      'NAME_SCHEMA_INVALID',
      `The naming schema "${schema}" has no {serial}, {serial8} or {hash}: two certificates for the same name would get the same file name.`,
      { field: 'nameSchema' },
    );
  }
  const v = values(cert);
  const fill = (cn: string) => sanitizeNamePart(schema.replace(/\{(\w+)\}/g, (_, p: string) => (p === 'cn' ? cn : v[p as keyof typeof v])));
  let name = fill(v.cn);
  if (name.length > MAX_BASE) {
    const without = fill('').length;
    const room = MAX_BASE - without;
    if (room < 4)
      throw new FieldkitError(
        'NAME_SCHEMA_INVALID',
        `The naming schema "${schema}" gives names longer than ${MAX_BASE} characters even without the common name.`,
        { field: 'nameSchema' },
      );
    name = fill(v.cn.slice(0, room).replace(/[._-]+$/, ''));
  }
  if (name.length === 0)
    throw new FieldkitError('NAME_SCHEMA_INVALID', `The naming schema "${schema}" gives an empty name.`, { field: 'nameSchema' });
  if (!/^[A-Za-z0-9_]/.test(name)) name = `c${name}`.slice(0, MAX_BASE);
  return name;
}

/** A variant of a name for when the plain one is taken by something else: a short content suffix, still within limits. */
export function suffixedName(base: string, suffix: string, max = MAX_BASE): string {
  const tail = `-${suffix}`;
  return `${base.slice(0, max - tail.length)}${tail}`;
}
