import type { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { catalogEntry } from '../../../shared/error-catalog.ts';

/**
 * The engine's words without any internal field path: the path belongs in
 * error.field (to mark an input), never on screen. Engines older than the
 * path-free message still prefix it ("profile.host: ..."), so it is cut here.
 */
export function userMessage(error: FieldkitError): string {
  if (error.field && error.message.startsWith(`${error.field}: `)) return error.message.slice(error.field.length + 2);
  return error.message;
}

/** The fix to suggest: the engine's own, else the catalog's for that code. */
export function userHint(error: FieldkitError): string | undefined {
  return error.hint ?? catalogEntry(error.code)?.hint;
}

/** The message for one input, when the engine's error names that input (by the last part of its path). */
export function fieldError(error: FieldkitError | null | undefined, field: string): string | undefined {
  if (!error?.field) return undefined;
  const last = error.field.split('.').at(-1);
  return last === field ? userMessage(error) : undefined;
}
