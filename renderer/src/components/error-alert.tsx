import { Alert, Text } from '@mantine/core';
import type { FieldkitError } from '../../../shared/fieldkit-error.ts';

/** The one way an engine error is shown: what happened, and what to do, in the user's words. */
export function ErrorAlert({ error, title, testId }: { error: FieldkitError; title?: string; testId?: string }) {
  return (
    <Alert color="red" title={title ?? 'That did not work'} role="alert" data-error-code={error.code} data-testid={testId}>
      <Text size="sm" data-testid="error-message">
        {error.message}
      </Text>
      {/* Not "dimmed": grey on the red alert is too faint to read, most of all in dark mode. */}
      <Text size="sm" opacity={0.85} mt={4} data-testid="error-hint">
        {error.hint}
      </Text>
    </Alert>
  );
}
