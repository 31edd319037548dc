import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ApplianceProfile } from '../../../../shared/schemas/certificates.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ApplianceEditor } from './appliance-editor.tsx';
import { useApplianceProfiles } from './use-appliance-profiles.ts';
import { NeedsNetwork } from '../../components/needs-network.tsx';

/**
 * One appliance's row: its own "Test connection" with its own pending state,
 * answer and error, so rows never mix up; the answer goes under the buttons.
 */
function ApplianceActions({ id, label, onEdit }: { id: string; label: string; onEdit: () => void }) {
  const test = useEngineMutation('applianceTestConnection');
  const remove = useEngineMutation('applianceProfileDelete');
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <Stack gap={4}>
      {/* The buttons wrap in a narrow window rather than the table scrolling sideways. */}
      <Group gap={4}>
        <Button
          size="xs"
          variant="light"
          loading={test.isPending}
          onClick={() => test.mutate({ applianceId: id })}
          data-testid={`test-connection-${id}`}
        >
          Test connection
        </Button>
        <NeedsNetwork action="applianceTest" compact />
        <Button size="xs" variant="default" onClick={onEdit}>
          Edit
        </Button>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          loading={remove.isPending}
          onClick={() => setConfirmDelete(true)}
          data-testid={`appliance-delete-${id}`}
        >
          Delete
        </Button>
      </Group>
      <Modal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete ${label}?`}
        data-testid="appliance-delete-confirm"
      >
        <Stack gap="sm">
          <Text size="sm">
            Fieldkit forgets this appliance profile and its saved password. Nothing changes on the appliance itself, and its push history
            stays.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)} data-testid="appliance-delete-cancel">
              Keep it
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirmDelete(false);
                remove.mutate({ id });
              }}
              data-testid="appliance-delete-go"
            >
              Delete {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <div data-testid={`test-result-${id}`}>
        {test.data ? (
          <Text size="xs" c="green">
            OK · {test.data.version} · HA {test.data.haState}
            {test.data.haPeer ? ` (peer ${test.data.haPeer})` : ''} · {Math.round(test.data.tookMs)} ms
          </Text>
        ) : null}
        {test.error ? <ErrorAlert error={test.error} title={`${label}: connection failed`} /> : null}
        {remove.error ? <ErrorAlert error={remove.error} title={`${label} was not deleted`} /> : null}
      </div>
    </Stack>
  );
}

export function AppliancesPanel() {
  const profiles = useApplianceProfiles().data ?? [];
  const [editing, setEditing] = useState<{ profile?: ApplianceProfile } | undefined>();

  return (
    <Stack gap="md">
      {profiles.length === 0 ? (
        <Text size="sm" c="dimmed">
          No appliance yet. Add one to plan or push a certificate.
        </Text>
      ) : null}
      {profiles.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder data-testid="appliance-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Appliance</Table.Th>
                <Table.Th>User</Table.Th>
                <Table.Th>Trust</Table.Th>
                <Table.Th>Password</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profiles.map(({ profile: p, passwordSaved }) => (
                <Table.Tr key={p.id} data-testid={`appliance-row-${p.id}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.name ?? p.id}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {p.host}:{p.port}
                      {p.partition ? ` · partition ${p.partition}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{p.username}</Table.Td>
                  <Table.Td>
                    {p.trust.mode === 'pinned' ? (
                      <Text size="xs" title={p.trust.fingerprint256} style={{ overflowWrap: 'anywhere' }}>
                        Pinned {p.trust.fingerprint256.slice(0, 23)}…
                      </Text>
                    ) : (
                      <Text size="xs">CA certificate</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={passwordSaved ? 'green' : 'gray'} variant="light" data-testid={`password-state-${p.id}`}>
                      {passwordSaved ? 'Password saved' : 'Not saved'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <ApplianceActions id={p.id} label={p.name ?? p.id} onEdit={() => setEditing({ profile: p })} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {editing ? (
        <ApplianceEditor key={editing.profile?.id ?? 'new'} initial={editing.profile} onDone={() => setEditing(undefined)} />
      ) : (
        <Group>
          <Button onClick={() => setEditing({})} data-testid="appliance-add">
            Add appliance
          </Button>
        </Group>
      )}
    </Stack>
  );
}
