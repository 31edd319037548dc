import { Alert, Badge, Card, Group, List, Stack, Text } from '@mantine/core';
import type { PushOutcome, PushResult } from '../../../../shared/schemas/certificates.ts';

const outcomeView: Record<PushOutcome, { color: string; text: string }> = {
  succeeded: { color: 'green', text: 'Succeeded' },
  unchanged: { color: 'gray', text: 'Unchanged' },
  'rolled-back': { color: 'orange', text: 'Rolled back' },
  failed: { color: 'red', text: 'Failed' },
  interrupted: { color: 'yellow', text: 'Interrupted' },
};

/** One appliance's outcome: what failed where, and what the rollback put back. */
export function PushResultCard({ result, testId }: { result: PushResult; testId: string }) {
  const o = outcomeView[result.outcome];
  return (
    <Card withBorder data-testid={testId} data-outcome={result.outcome}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={500}>{result.appliance}</Text>
          <Badge color={o.color} data-testid={`${testId}-outcome`}>
            {o.text}
          </Badge>
        </Group>
        {result.certkey ? (
          <Text size="sm">
            Certkey {result.certkey} · {result.nitroRequests} NITRO requests · {Math.round(result.tookMs)} ms
          </Text>
        ) : null}
        {result.error ? (
          <Alert
            color={result.outcome === 'interrupted' ? 'yellow' : 'red'}
            title={`${result.appliance}: ${result.outcome === 'interrupted' ? 'interrupted' : 'failed'}${result.error.step ? ` at "${result.error.step}"` : ''}`}
            data-testid={`${testId}-error`}
          >
            <Text size="sm">
              {result.error.message}
              {result.error.nitroErrorcode !== undefined && !result.error.message.includes(`errorcode ${result.error.nitroErrorcode}`)
                ? ` (NITRO errorcode ${result.error.nitroErrorcode})`
                : ''}
            </Text>
            {result.error.hint ? (
              <Text size="sm" c="dimmed">
                {result.error.hint}
              </Text>
            ) : null}
          </Alert>
        ) : null}
        {result.historyProblem ? (
          <Alert color="gray" title="The push history was not fully written" data-testid={`${testId}-history-problem`}>
            <Text size="sm">{result.historyProblem.message}</Text>
          </Alert>
        ) : null}
        {result.rollback ? (
          <Stack gap={2} data-testid={`${testId}-rollback`}>
            <Text size="sm" fw={500}>
              Rollback:{' '}
              {result.rollback.failed.length === 0
                ? 'everything this push changed was put back'
                : 'some changes could NOT be undone; check the appliance'}
            </Text>
            <List size="sm">
              {result.rollback.restored.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
              {result.rollback.failed.map((f) => (
                <List.Item key={f.action} c="red">
                  Not undone: {f.action}: {f.error.message}
                </List.Item>
              ))}
            </List>
          </Stack>
        ) : null}
        {result.secondary ? (
          <Text size="sm" c={result.secondary.hasCertkey === false ? 'red' : undefined}>
            HA secondary: {result.secondary.message}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}
