import { catalogEntry, isErrorCode, type ErrorCode, type ErrorInfo } from './error-catalog.ts';

/**
 * An error that is a value: a registered code that the UI and the CLI both
 * understand, the message (the catalog's unless a more precise one is given)
 * and the catalog's hint unless the caller has a better fix to offer.
 */
export class FieldkitError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly field?: string;

  constructor(code: ErrorCode, message?: string, opts: { hint?: string; field?: string; cause?: unknown } = {}) {
    const entry = catalogEntry(code);
    super(message ?? entry.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FieldkitError';
    this.code = code;
    this.hint = opts.hint ?? entry.hint;
    if (opts.field !== undefined) this.field = opts.field;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message, hint: this.hint };
    if (this.field !== undefined) info.field = this.field;
    return info;
  }

  /** An error that came over the wire; a code this build does not know is reported as INTERNAL with its words kept. */
  static fromInfo(info: { code: string; message: string; hint?: string; field?: string }): FieldkitError {
    const opts: { hint?: string; field?: string } = {};
    if (info.hint !== undefined) opts.hint = info.hint;
    if (info.field !== undefined) opts.field = info.field;
    return new FieldkitError(isErrorCode(info.code) ? info.code : 'INTERNAL', info.message, opts);
  }
}

export function isFieldkitError(err: unknown): err is FieldkitError {
  return err instanceof FieldkitError;
}
