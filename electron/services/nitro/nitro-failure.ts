import type { CertificatesErrorCode } from '../../../shared/certificates-error-catalog.ts';
import { FieldkitError, isFieldkitError } from '../../../shared/fieldkit-error.ts';
import type { FailureInfo } from '../../../shared/schemas/certificates.ts';
import { NITRO_ERRORCODE, type NitroErrorcodeName } from './nitro-errorcodes.ts';

/**
 * A failure talking to one appliance: a FieldkitError that also says which
 * appliance, which step, the NITRO errorcode and whether the request may have
 * taken effect anyway (a timeout or a cut connection after it was sent).
 */
export class NitroFailure extends FieldkitError {
  readonly appliance: string;
  readonly step: string | undefined;
  readonly errorcode: number | undefined;
  readonly httpStatus: number | undefined;
  /** The appliance may have applied the request: an undo must still be tried. */
  readonly outcomeUnknown: boolean;

  constructor(
    code: CertificatesErrorCode,
    message: string,
    opts: {
      appliance: string;
      step?: string;
      errorcode?: number;
      httpStatus?: number;
      hint?: string;
      outcomeUnknown?: boolean;
      cause?: unknown;
    },
  ) {
    super(code, message, {
      ...(opts.hint !== undefined ? { hint: opts.hint } : {}),
      ...(opts.cause !== undefined ? { cause: opts.cause } : {}),
    });
    this.name = 'NitroFailure';
    this.appliance = opts.appliance;
    this.step = opts.step;
    this.errorcode = opts.errorcode;
    this.httpStatus = opts.httpStatus;
    this.outcomeUnknown = opts.outcomeUnknown ?? false;
  }
}

export function isNitroFailure(err: unknown): err is NitroFailure {
  return err instanceof NitroFailure;
}

/** A NitroFailure that carries one of the named NITRO errorcodes. */
export function hasNitroErrorcode(err: unknown, ...names: NitroErrorcodeName[]): err is NitroFailure {
  return isNitroFailure(err) && names.some((name) => err.errorcode === NITRO_ERRORCODE[name]);
}

/** Any error as the JSON a result carries. */
export function failureInfo(err: unknown, step?: string): FailureInfo {
  if (isNitroFailure(err)) {
    const info: FailureInfo = { code: err.code, message: err.message };
    if (err.hint !== undefined) info.hint = err.hint;
    const s = err.step ?? step;
    if (s !== undefined) info.step = s;
    if (err.errorcode !== undefined) info.nitroErrorcode = err.errorcode;
    if (err.httpStatus !== undefined) info.httpStatus = err.httpStatus;
    return info;
  }
  if (isFieldkitError(err)) {
    const info: FailureInfo = { code: err.code, message: err.message };
    if (err.hint !== undefined) info.hint = err.hint;
    if (step !== undefined) info.step = step;
    return info;
  }
  const info: FailureInfo = { code: 'INTERNAL', message: `Fieldkit failed unexpectedly: ${(err as Error)?.message ?? String(err)}` };
  if (step !== undefined) info.step = step;
  return info;
}
