import { catalogEntry, type ErrorCode, type ErrorInfo } from './error-catalog.ts';

/** An error that is a value: it carries a catalog code that the UI and the CLI both understand. */
export class FieldkitError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly field?: string;

  constructor(code: ErrorCode, message?: string, opts: { hint?: string; field?: string; cause?: unknown } = {}) {
    const entry = catalogEntry(code);
    super(message ?? entry?.message ?? code, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FieldkitError';
    this.code = code;
    const hint = opts.hint ?? entry?.hint;
    if (hint !== undefined) this.hint = hint;
    if (opts.field !== undefined) this.field = opts.field;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.hint !== undefined) info.hint = this.hint;
    if (this.field !== undefined) info.field = this.field;
    return info;
  }

  static fromInfo(info: ErrorInfo): FieldkitError {
    const opts: { hint?: string; field?: string } = {};
    if (info.hint !== undefined) opts.hint = info.hint;
    if (info.field !== undefined) opts.field = info.field;
    return new FieldkitError(info.code, info.message, opts);
  }
}

export function isFieldkitError(err: unknown): err is FieldkitError {
  return err instanceof FieldkitError;
}
