import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { X509Certificate } from 'node:crypto';
import { NAME_SCHEMA_HELP, NAME_SCHEMA_PLACEHOLDERS, type NameSchemaPlaceholder } from '../../../shared/schemas/certificates.ts';
import { NETSCALER_NAME_MAX } from '../../../shared/schemas/network-names.ts';
import { commonNameOf, normalizeSerial, subjectAltNames } from '../x509/certificate-fields.ts';

/**
 * Names for files and certkeys on the appliance, from a schema with
 * placeholders. Names carry the certificate's serial and expiry so a renewed
 * certificate never lands on an existing file name, or a stable
 * `{{certificateId}}` so a certkey keeps its name across renewals (file names
 * that are taken then get a content suffix). NITRO accepts at most 63
 * characters (31 on older builds) and a small alphabet, so the common name is
 * cut to fit.
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

/** What a schema's placeholders stand for besides the certificate itself. */
export interface NamingContext {
  /** `{{certificateId}}`: a sync's name; without it, the certificate's common name. */
  certificateId?: string | undefined;
}

function values(cert: X509Certificate, context: NamingContext): Record<NameSchemaPlaceholder, string> {
  const serial = normalizeSerial(cert.serialNumber);
  const cn = sanitizeNamePart(commonNameOf(cert.subject) ?? subjectAltNames(cert)[0] ?? 'cert') || 'cert';
  const d = cert.validToDate;
  const expiry = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return {
    certificateId: context.certificateId !== undefined ? sanitizeNamePart(context.certificateId) || cn : cn,
    cn,
    serial,
    serial8: serial.slice(-8),
    expiry,
    hash: cert.fingerprint256.replace(/:/g, '').slice(0, 8).toLowerCase(),
  };
}

/** `{{name}}` (the documented form, spaces inside allowed) or `{name}`. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}|\{([^{}]*)\}/g;

function placeholdersOf(schema: string): string[] {
  return [...schema.matchAll(PLACEHOLDER)].map((m) => m[1] ?? m[2]!);
}

/** Placeholders that make each certificate's names its own, or (certificateId) stable on purpose. */
const DISTINCT: readonly string[] = ['serial', 'serial8', 'hash', 'certificateId'];

/** Throws the user's message when the schema cannot name anything; the push form and the CLI check it before planning. */
export function checkNameSchema(schema: string): void {
  const used = placeholdersOf(schema);
  const unknown = [...new Set(used.filter((p) => !(NAME_SCHEMA_PLACEHOLDERS as readonly string[]).includes(p)))];
  if (unknown.length > 0) {
    const named = unknown.map((u) => (u === '' ? 'an empty {{}}' : `{{${u}}}`)).join(', ');
    throw new FieldkitError(
      'NAME_SCHEMA_INVALID',
      `The naming schema "${schema}" uses ${named}, which ${unknown.length === 1 ? 'is not a placeholder' : 'are not placeholders'} Fieldkit knows. The placeholders are ${NAME_SCHEMA_HELP}.`,
      { field: 'nameSchema' },
    );
  }
  if (!used.some((p) => DISTINCT.includes(p))) {
    throw new FieldkitError(
      'NAME_SCHEMA_INVALID',
      `The naming schema "${schema}" has none of {{serial}}, {{serial8}}, {{hash}} or {{certificateId}}: two certificates for the same name would get the same certkey name.`,
      { field: 'nameSchema' },
    );
  }
}

/** The base name (no extension) the schema gives for a certificate, at most `max` characters. */
export function renderBaseName(schema: string, cert: X509Certificate, context: NamingContext = {}, max = MAX_BASE): string {
  checkNameSchema(schema);
  const v = values(cert, context);
  const fill = (cn: string) =>
    sanitizeNamePart(
      schema.replace(PLACEHOLDER, (_, a: string | undefined, b: string | undefined) => {
        const p = (a ?? b) as NameSchemaPlaceholder;
        return p === 'cn' || (p === 'certificateId' && context.certificateId === undefined) ? cn : v[p];
      }),
    );
  let name = fill(v.cn);
  if (name.length > max) {
    // Measured with a one-letter name: an empty one would let the separators next to it be trimmed away and miscount.
    const without = fill('x').length - 1;
    const room = max - without;
    if (room < 4)
      throw new FieldkitError(
        'NAME_SCHEMA_INVALID',
        `The naming schema "${schema}" gives names longer than ${max} characters even without the common name.`,
        { field: 'nameSchema' },
      );
    name = fill(v.cn.slice(0, room).replace(/[._-]+$/, ''));
  }
  if (name.length === 0)
    throw new FieldkitError('NAME_SCHEMA_INVALID', `The naming schema "${schema}" gives an empty name.`, { field: 'nameSchema' });
  if (!/^[A-Za-z0-9_]/.test(name)) name = `c${name}`.slice(0, max);
  return name;
}

/** Placeholders that differ from one certificate to the next. */
const PER_CERTIFICATE: readonly string[] = ['serial', 'serial8', 'hash'];

/**
 * The name of something that must differ for each certificate (its files, a
 * certkey added beside the one it renews): the schema's name, with the expiry
 * and part of the serial added when the schema is stable ({{certificateId}}).
 */
export function uniqueBaseName(schema: string, cert: X509Certificate, context: NamingContext = {}, max = MAX_BASE): string {
  const perCertificate = placeholdersOf(schema).some((p) => PER_CERTIFICATE.includes(p));
  return renderBaseName(perCertificate ? schema : `${schema}_{{expiry}}_{{serial8}}`, cert, context, max);
}

/** A variant of a name for when the plain one is taken by something else: a short content suffix, still within limits. */
export function suffixedName(base: string, suffix: string, max = MAX_BASE): string {
  const tail = `-${suffix}`;
  return `${base.slice(0, max - tail.length)}${tail}`;
}
