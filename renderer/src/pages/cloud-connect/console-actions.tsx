import { Alert, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { CONSOLE_OPTIONS } from '../../../../shared/cloud-connect-guide.ts';
import type { Site, SiteActionKind } from '../../../../shared/schemas/sites.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';

const ACTION_LABEL: Record<SiteActionKind, string> = {
  connected: 'Connected ("Login Successful")',
  'modify-tenant': 'Modify Tenant',
  'modify-proxy': 'Modify Proxy',
  disconnect: 'Disconnect',
};

type RecordedKind = (typeof CONSOLE_OPTIONS)[number]['kind'];

/** Console's options after connecting, explained as the documentation does, each recorded on the site with a note. */
export function ConsoleActions({ site }: { site: Site }) {
  const [notes, setNotes] = useState<Partial<Record<RecordedKind, string>>>({});
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const record = useEngineMutation('siteRecordAction', {
    onSuccess: (_saved, input) => setNotes((n) => ({ ...n, [input.kind]: '' })),
  });
  const restart = useEngineMutation('siteRestartOnboarding');
  const lastAction = site.actions.at(-1);
  // Disconnected, Console has no tenant or proxy to modify until the onboarding is done again.
  const disconnected = lastAction?.kind === 'disconnect';

  const send = (kind: RecordedKind) => {
    const note = notes[kind]?.trim();
    record.mutate({ siteId: site.id, kind, ...(note ? { note } : {}) });
  };

  return (
    <Stack gap="md">
      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>After connecting: what else Console offers</Title>
          <Text size="sm" c="dimmed">
            Do these in Console (Cloud Connect configuration page), then record them here so whoever comes next knows what changed.
          </Text>
          {CONSOLE_OPTIONS.map((o) => (
            <Stack key={o.kind} gap={4}>
              <Text size="sm" fw={600}>
                {o.label}
              </Text>
              <Text size="sm">{o.explanation}</Text>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  placeholder="Note (optional): what and why"
                  aria-label={`${o.label}: note`}
                  value={notes[o.kind] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setNotes((n) => ({ ...n, [o.kind]: v }));
                  }}
                  style={{ flex: 1 }}
                  data-testid={`action-note-${o.kind}`}
                />
                <Button
                  variant={o.kind === 'disconnect' ? 'outline' : 'light'}
                  color={o.kind === 'disconnect' ? 'red' : undefined}
                  onClick={() => (o.kind === 'disconnect' ? setConfirmDisconnect(true) : send(o.kind))}
                  loading={record.isPending && record.variables.kind === o.kind}
                  disabled={disconnected}
                  data-testid={`action-record-${o.kind}`}
                >
                  Record {o.label}
                </Button>
              </Group>
            </Stack>
          ))}
          {record.error ? <ErrorAlert error={record.error} title="The action was not recorded" /> : null}
          {disconnected ? (
            <Alert color="gray" title="Disconnected" data-testid="site-disconnected">
              <Stack gap="xs">
                <Text size="sm">
                  Recorded {formatDateTime(lastAction.at)}. The features Cloud Connect enabled on this Console have stopped. To connect
                  again, start the onboarding again: the prerequisites you confirmed stay ticked.
                </Text>
                <Group>
                  <Button
                    size="xs"
                    onClick={() => restart.mutate({ siteId: site.id })}
                    loading={restart.isPending}
                    data-testid="onboarding-restart"
                  >
                    Start onboarding again
                  </Button>
                </Group>
                {restart.error ? <ErrorAlert error={restart.error} /> : null}
              </Stack>
            </Alert>
          ) : null}
        </Stack>
      </Card>

      <Card withBorder>
        <Title order={4} mb="xs">
          Recorded actions
        </Title>
        {site.actions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing recorded yet. Confirming Connected at the end of the onboarding is the first entry.
          </Text>
        ) : (
          <Table data-testid="site-actions">
            <Table.Tbody>
              {[...site.actions].reverse().map((a) => (
                <Table.Tr key={`${a.at}-${a.kind}`}>
                  <Table.Td w={170}>
                    <Text size="sm">{formatDateTime(a.at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {ACTION_LABEL[a.kind]}
                    </Text>
                    {a.note ? (
                      <Text size="xs" c="dimmed">
                        {a.note}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Modal opened={confirmDisconnect} onClose={() => setConfirmDisconnect(false)} title={`Record a Disconnect for ${site.name}?`}>
        <Stack gap="sm">
          <Alert color="red" title="Every Cloud Connect feature stops">
            <Text size="sm">
              Disconnect disables Cloud Connect on this Console: licensing through LAS, asset delivery, upgrade advisory and the ServiceNow
              integration stop working until it is connected again. Record it once you have disconnected in Console.
            </Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDisconnect(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirmDisconnect(false);
                send('disconnect');
              }}
              data-testid="action-disconnect-go"
            >
              Record Disconnect
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
