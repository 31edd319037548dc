import { DIAGNOSTICS_ERROR_CATALOG, type DiagnosticsErrorCode } from '../../../shared/diagnostics-error-catalog.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';

/** A FieldkitError with this domain's default message and hint filled in. */
export function diagnosticsError(
  code: DiagnosticsErrorCode,
  message?: string,
  opts: { hint?: string; field?: string; cause?: unknown } = {},
): FieldkitError {
  const entry = DIAGNOSTICS_ERROR_CATALOG[code];
  return new FieldkitError(code, message ?? entry.message, { ...opts, hint: opts.hint ?? entry.hint });
}
