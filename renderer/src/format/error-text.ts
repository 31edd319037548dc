import type { FieldkitError } from '../../../shared/fieldkit-error.ts';

/**
 * The message for one input, when the engine's error names that input (by the
 * last part of its path). The path itself is never shown: the engine keeps it
 * out of the message.
 */
export function fieldError(error: FieldkitError | null | undefined, field: string): string | undefined {
  if (!error?.field) return undefined;
  const last = error.field.split('.').at(-1);
  return last === field ? error.message : undefined;
}
