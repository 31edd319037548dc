import { Alert, Text } from '@mantine/core';
import { catalogEntry } from '../../../shared/error-catalog.ts';
import type { FieldkitError } from '../../../shared/fieldkit-error.ts';

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
function userHint(error: FieldkitError): string | undefined {
  return error.hint ?? catalogEntry(error.code)?.hint;
}

/** The one way an engine error is shown: what happened, and what to do, in the user's words. */
export function ErrorAlert({ error, title, testId }: { error: FieldkitError; title?: string; testId?: string }) {
  const hint = userHint(error);
  return (
    <Alert color="red" title={title ?? 'That did not work'} role="alert" data-error-code={error.code} data-testid={testId}>
      <Text size="sm" data-testid="error-message">
        {userMessage(error)}
      </Text>
      {hint ? (
        <Text size="sm" c="dimmed" mt={4} data-testid="error-hint">
          {hint}
        </Text>
      ) : null}
    </Alert>
  );
}

/** The message for one input, when the engine's error names that input (by the last part of its path). */
export function fieldError(error: FieldkitError | null | undefined, field: string): string | undefined {
  if (!error?.field) return undefined;
  const last = error.field.split('.').at(-1);
  return last === field ? userMessage(error) : undefined;
}
