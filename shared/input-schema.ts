import type { z } from 'zod';
import { FieldkitError } from './fieldkit-error.ts';

/**
 * The first problem a schema finds in the user's input, as INVALID_INPUT
 * naming the field and the schema's own words: never the validator's raw dump.
 */
export function inputSchemaError(error: z.ZodError, prefix = ''): FieldkitError {
  const issue = error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  const message = issue?.message ?? 'The input is not valid.';
  return new FieldkitError('INVALID_INPUT', field ? `${field}: ${message}` : message, field ? { field } : {});
}

/** Parses an engine method's input; a refusal is INVALID_INPUT (bad input, CLI exit 2). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw inputSchemaError(parsed.error, prefix);
  return parsed.data;
}
