import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { STATE_LABELS } from '../../../../shared/schemas/cloud-connect-status.ts';
import type { OutboxStatus } from '../../../../shared/schemas/notifications.ts';
import { useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';

const STATUS_WORDS: Record<OutboxStatus, { label: string; color: string }> = {
  pending: { label: 'Waiting', color: 'gray' },
  sending: { label: 'Sending', color: 'blue' },
  failed: { label: 'Will retry', color: 'orange' },
  sent: { label: 'Sent', color: 'green' },
  'given-up': { label: 'Given up', color: 'red' },
};

/** What has not gone out yet, is being retried, or was given up, with the service's last answer. */
export function NotificationsOutbox() {
  // Retries happen in the background: read again now and then while the panel is open.
  const outbox = useEngineQuery('notifyOutbox', [{}], { refetchInterval: 15_000 });
  return (
    <Stack gap="xs" data-testid="notify-outbox">
      <Title order={4}>Outbox</Title>
      {outbox.error ? <ErrorAlert error={outbox.error} title="The outbox could not be read" /> : null}
      {outbox.data && outbox.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing is waiting: every notification has been delivered.
        </Text>
      ) : null}
      {outbox.data && outbox.data.length > 0 ? (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Status</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Site</Table.Th>
              <Table.Th>Tries</Table.Th>
              <Table.Th>Last answer</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outbox.data.map((e) => (
              <Table.Tr key={`${e.notificationId}:${e.channelId}`} data-testid="notify-outbox-row">
                <Table.Td>
                  <Badge color={STATUS_WORDS[e.status].color} variant="light">
                    {STATUS_WORDS[e.status].label}
                  </Badge>
                </Table.Td>
                <Table.Td>{e.channelName}</Table.Td>
                <Table.Td>
                  {e.notification.siteName}: {STATE_LABELS[e.notification.state]} ({e.notification.kind})
                </Table.Td>
                <Table.Td>
                  {e.attempts}
                  {e.status === 'failed' && e.nextAttemptAt ? (
                    <Text size="xs" c="dimmed">
                      next {formatDateTime(e.nextAttemptAt)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.lastError ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}
