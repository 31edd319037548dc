import { Alert, Text } from '@mantine/core';
import type { FieldkitError } from '../../../shared/fieldkit-error.ts';

/** Shows a typed engine error as it came: what happened, and what to do. */
export function ErrorAlert({ error, title }: { error: FieldkitError; title?: string }) {
  return (
    <Alert color="red" title={title ?? 'That did not work'} role="alert" data-error-code={error.code}>
      <Text size="sm" data-testid="error-message">
        {error.message}
      </Text>
      {error.hint ? (
        <Text size="sm" c="dimmed" mt={4} data-testid="error-hint">
          {error.hint}
        </Text>
      ) : null}
    </Alert>
  );
}
