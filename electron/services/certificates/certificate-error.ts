import { CERTIFICATES_ERROR_CATALOG, type CertificatesErrorCode } from '../../../shared/certificates-error-catalog.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';

/** A FieldkitError from the certificates catalog: the default hint comes with the code unless one is given. */
export function certError(
  code: CertificatesErrorCode,
  message: string,
  opts: { hint?: string; field?: string; cause?: unknown } = {},
): FieldkitError {
  return new FieldkitError(code, message, { ...opts, hint: opts.hint ?? CERTIFICATES_ERROR_CATALOG[code].hint });
}

export function catalogHint(code: CertificatesErrorCode): string {
  return CERTIFICATES_ERROR_CATALOG[code].hint;
}
