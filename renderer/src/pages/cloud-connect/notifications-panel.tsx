import { Alert, Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { CHANNEL_KIND_LABELS, ChannelKind, type ChannelTestResult, type ChannelView } from '../../../../shared/schemas/notifications.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { NotificationsChannelEditor } from './notifications-channel-editor.tsx';
import { NotificationsOutbox } from './notifications-outbox.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

/** Whether a channel gets anything, in one word: it must be on and take the CloudConnectStatus category. */
function ChannelSends({ channel }: { channel: ChannelView['channel'] }) {
  if (!channel.enabled)
    return (
      <Badge color="gray" variant="light">
        Off
      </Badge>
    );
  if (!channel.cloudConnectStatus)
    return (
      <Badge color="orange" variant="light" title="CloudConnectStatus is switched off for this channel: only Send test reaches it.">
        Tests only
      </Badge>
    );
  return (
    <Badge color="green" variant="light" title="CloudConnectStatus: problems, reminders every six hours, recovery.">
      Status changes
    </Badge>
  );
}

type Editing = { view: ChannelView | undefined; kind: ChannelKind } | undefined;

/** Notification channels for Cloud Connect status (the CloudConnectStatus category), "Send test", and the outbox. */
export function NotificationsPanel() {
  const channels = useEngineQuery('notifyChannelsList', []);
  const [editing, setEditing] = useState<Editing>();
  const [newKind, setNewKind] = useState<ChannelKind>('slack');
  const [results, setResults] = useState<Record<string, ChannelTestResult>>({});
  const test = useEngineMutation('notifyChannelTest', { onSuccess: (r) => setResults((all) => ({ ...all, [r.channelId]: r })) });

  return (
    <Stack gap="md" data-testid="notify-panel">
      <Text size="sm" c="dimmed">
        Like NetScaler Console’s CloudConnectStatus notifications: a message when a site leaves Connected, again every six hours while it
        stays Disconnected or in Error, and one when it is Connected again. Each is delivered once per channel and retried until the service
        takes it.
      </Text>
      {channels.error ? <ErrorAlert error={channels.error} title="The channels could not be read" /> : null}
      {channels.data && channels.data.length === 0 ? (
        <Text size="sm" data-testid="notify-empty">
          No channel yet: add one below.
        </Text>
      ) : null}
      {channels.data && channels.data.length > 0 ? (
        <Table striped data-testid="notify-channels">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Sends</Table.Th>
              <Table.Th>Secret</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.data.map((v) => {
              const result = results[v.channel.id];
              return (
                <Table.Tr key={v.channel.id} data-testid="notify-channel-row">
                  <Table.Td>
                    {v.channel.name}
                    {result ? (
                      <Alert
                        mt={4}
                        p="xs"
                        color={result.ok ? 'green' : 'red'}
                        title={result.ok ? 'Test sent' : 'Test not sent'}
                        data-testid="notify-test-result"
                      >
                        <Text size="sm">{result.answer}</Text>
                      </Alert>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{CHANNEL_KIND_LABELS[v.channel.kind]}</Table.Td>
                  <Table.Td>
                    <ChannelSends channel={v.channel} />
                  </Table.Td>
                  <Table.Td>
                    {v.channel.kind === 'desktop' ? (
                      '—'
                    ) : (
                      <Badge color={v.secretSaved && v.signingKeySaved !== false ? 'green' : 'red'} variant="light">
                        {v.secretSaved && v.signingKeySaved !== false ? 'saved' : 'missing'}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        loading={test.isPending && test.variables.id === v.channel.id}
                        onClick={() => test.mutate({ id: v.channel.id })}
                        data-testid="notify-test"
                      >
                        Send test
                      </Button>
                      <NeedsNetwork action="notificationSendTest" compact />
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setEditing({ view: v, kind: v.channel.kind })}
                        data-testid="notify-edit"
                      >
                        Edit
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
      {test.error ? <ErrorAlert error={test.error} title="The test could not be sent" /> : null}

      {editing ? (
        <NotificationsChannelEditor
          key={editing.view?.channel.id ?? `new-${editing.kind}`}
          view={editing.view}
          kind={editing.kind}
          onDone={() => setEditing(undefined)}
        />
      ) : (
        <Group align="flex-end">
          <Select
            label="New channel"
            data={ChannelKind.options.map((k) => ({ value: k, label: CHANNEL_KIND_LABELS[k] }))}
            value={newKind}
            onChange={(v) => v && setNewKind(ChannelKind.parse(v))}
            allowDeselect={false}
            data-testid="notify-new-kind"
          />
          <Button onClick={() => setEditing({ view: undefined, kind: newKind })} data-testid="notify-add">
            Add channel
          </Button>
        </Group>
      )}

      <NotificationsOutbox />
    </Stack>
  );
}
