import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { ApplianceProfile, ConnectionTestResult } from '../../../../shared/schemas/certificates.ts';
import { call, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ApplianceEditor } from './appliance-editor.tsx';
import { useCertificatesStore } from './certificates-store.ts';

type TestState = { busy: true } | { result: ConnectionTestResult } | { error: FieldkitError };

export function AppliancesPanel() {
  const { profiles, refreshProfiles } = useCertificatesStore();
  const [editing, setEditing] = useState<{ profile?: ApplianceProfile } | undefined>();
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [error, setError] = useState<FieldkitError>();

  async function test(id: string) {
    setTests((t) => ({ ...t, [id]: { busy: true } }));
    try {
      const result = await call('applianceTestConnection', { applianceId: id });
      setTests((t) => ({ ...t, [id]: { result } }));
    } catch (err) {
      setTests((t) => ({ ...t, [id]: { error: toFieldkitError(err) } }));
    }
  }

  async function remove(id: string) {
    setError(undefined);
    try {
      await call('applianceProfileDelete', { id });
      await refreshProfiles();
    } catch (err) {
      setError(toFieldkitError(err));
    }
  }

  return (
    <Stack gap="md">
      {profiles.length === 0 ? (
        <Text size="sm" c="dimmed">
          No appliance yet. Add one to plan or push a certificate.
        </Text>
      ) : null}
      {profiles.length > 0 ? (
        <Table striped withTableBorder data-testid="appliance-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Appliance</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Trust</Table.Th>
              <Table.Th>Password</Table.Th>
              <Table.Th>Connection</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profiles.map(({ profile: p, passwordSaved }) => {
              const t = tests[p.id];
              return (
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
                      <Text size="xs" title={p.trust.fingerprint256}>
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
                  <Table.Td data-testid={`test-result-${p.id}`}>
                    {t && 'result' in t ? (
                      <Text size="xs" c="green">
                        OK · {t.result.version} · HA {t.result.haState}
                        {t.result.haPeer ? ` (peer ${t.result.haPeer})` : ''} · {Math.round(t.result.tookMs)} ms
                      </Text>
                    ) : null}
                    {t && 'error' in t ? <ErrorAlert error={t.error} title={`${p.name ?? p.id}: connection failed`} /> : null}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        loading={Boolean(t && 'busy' in t)}
                        onClick={() => void test(p.id)}
                        data-testid={`test-connection-${p.id}`}
                      >
                        Test connection
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setEditing({ profile: p })}>
                        Edit
                      </Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => void remove(p.id)}>
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
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
