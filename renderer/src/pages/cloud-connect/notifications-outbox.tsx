import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { STATE_LABELS, type StatusNotification } from '../../../../shared/schemas/cloud-connect-status.ts';
import { OutboxStatus, type OutboxEntry } from '../../../../shared/schemas/notifications.ts';
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

/** How many deliveries the window lists: enough to see the last days of a bad spell. */
const SHOWN = 50;

function whatHappened(n: StatusNotification): string {
  const state = STATE_LABELS[n.state];
  switch (n.kind) {
    case 'problem':
      return `${n.siteName} went to ${state}`;
    case 'reminder':
      return `${n.siteName} still ${state}`;
    case 'recovery':
      return `${n.siteName} Connected again`;
    case 'test':
      return 'Test';
  }
}

function when(e: OutboxEntry): string {
  if (e.status === 'sent' && e.sentAt) return formatDateTime(e.sentAt);
  if (e.status === 'failed' && e.nextAttemptAt) return `next try ${formatDateTime(e.nextAttemptAt)}`;
  return formatDateTime(e.lastAttemptAt ?? e.createdAt);
}

/** Each notification per channel, newest first: waiting, retried, sent or given up, with the service's last answer. */
export function NotificationsOutbox() {
  // Retries happen in the background: read again now and then while the panel is open.
  const outbox = useEngineQuery('notifyOutbox', [{ statuses: OutboxStatus.options, limit: SHOWN }], { refetchInterval: 15_000 });
  return (
    <Stack gap="xs" data-testid="notify-outbox">
      <Title order={4}>Outbox</Title>
      {outbox.error ? <ErrorAlert error={outbox.error} title="The outbox could not be read" /> : null}
      {outbox.data && outbox.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="notify-outbox-empty">
          No notification yet. When a site changes state, each channel’s message is listed here with the service’s answer. (Send test shows
          its answer beside the channel.)
        </Text>
      ) : null}
      {outbox.data && outbox.data.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Status</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Notification</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Tries</Table.Th>
                <Table.Th>Last answer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {outbox.data.map((e) => (
                <Table.Tr key={`${e.notificationId}:${e.channelId}`} data-testid="notify-outbox-row" data-status={e.status}>
                  <Table.Td>
                    <Badge color={STATUS_WORDS[e.status].color} variant="light">
                      {STATUS_WORDS[e.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{e.channelName}</Table.Td>
                  <Table.Td>{whatHappened(e.notification)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{when(e)}</Text>
                  </Table.Td>
                  <Table.Td>{e.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.lastError ?? '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
