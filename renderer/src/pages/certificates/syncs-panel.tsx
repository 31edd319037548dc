import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDate, formatDateTime } from '../../format/format-date.ts';
import type { SyncView } from '../../../../shared/schemas/syncs.ts';
import { SyncEditor } from './sync-editor.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

const outcomeColor: Record<string, string> = {
  succeeded: 'green',
  unchanged: 'gray',
  'rolled-back': 'orange',
  failed: 'red',
  interrupted: 'yellow',
};

/** The app watches every sync's files while it is open, so runs appear here by themselves: the list is read again now and then. */
const REFRESH_MS = 10_000;

/** Saved syncs: which files go to which appliances, the last run per appliance, and the certificate's expiry. */
export function SyncsPanel() {
  const syncs = useEngineQuery('syncsList', [], { refetchInterval: REFRESH_MS });
  const [editing, setEditing] = useState<SyncView | 'new'>();
  const [confirmDelete, setConfirmDelete] = useState<string>();
  const run = useEngineMutation('syncRun');
  const remove = useEngineMutation('syncDelete', { onSuccess: () => setConfirmDelete(undefined) });
  const rows = syncs.data ?? [];

  if (editing) return <SyncEditor sync={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} />;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        A sync pushes a certificate an ACME client or a PKI team renews on disk to saved appliances, each time it is renewed. Fieldkit
        watches the files while it is open; for the rest of the time, run "fieldkit cert sync watch" as a service or "fieldkit cert sync
        run" as the ACME client's deploy hook.
      </Text>
      <Group>
        <Button onClick={() => setEditing('new')} data-testid="sync-new">
          New sync
        </Button>
      </Group>
      {syncs.error ? <ErrorAlert error={syncs.error} title="The syncs could not be read" /> : null}
      {run.error ? <ErrorAlert error={run.error} title="The sync could not run" /> : null}
      {remove.error ? <ErrorAlert error={remove.error} title="The sync could not be deleted" /> : null}
      {syncs.isSuccess && rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No sync saved yet.
        </Text>
      ) : null}
      {/* Narrow enough to fit a 900 px window without sideways scrolling: the buttons wrap instead. */}
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={600} type="native">
          <Table withTableBorder data-testid="syncs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Sync</Table.Th>
                <Table.Th>Files</Table.Th>
                <Table.Th>Last run</Table.Th>
                <Table.Th>Certificate expires</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Fragment key={s.id}>
                  <Table.Tr data-testid="sync-row">
                    <Table.Td>
                      <Text fw={500}>{s.name}</Text>
                      {s.description ? (
                        <Text size="xs" c="dimmed">
                          {s.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{s.source.files.map((f) => f.name).join(', ')}</Text>
                    </Table.Td>
                    <Table.Td>
                      {s.lastRun ? (
                        <Stack gap={2} align="flex-start">
                          <Badge color={outcomeColor[s.lastRun.outcome] ?? 'gray'} variant="light">
                            {s.lastRun.outcome}
                          </Badge>
                          <Text size="xs">{formatDateTime(s.lastRun.finishedAt)}</Text>
                        </Stack>
                      ) : (
                        <Text size="xs" c="dimmed">
                          never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{s.lastSuccess?.notAfter ? formatDate(s.lastSuccess.notAfter) : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end">
                        <Button
                          size="xs"
                          onClick={() => run.mutate({ taskId: crypto.randomUUID(), id: s.id })}
                          loading={run.isPending && run.variables.id === s.id}
                          data-testid="sync-run"
                        >
                          Sync now
                        </Button>
                        <NeedsNetwork action="syncRun" compact />
                        <Button size="xs" variant="light" onClick={() => setEditing(s)} data-testid="sync-edit">
                          Edit
                        </Button>
                        {confirmDelete === s.id ? (
                          <>
                            <Button
                              size="xs"
                              color="red"
                              onClick={() => remove.mutate({ id: s.id })}
                              loading={remove.isPending}
                              data-testid="sync-delete-confirm"
                            >
                              Delete {s.name}
                            </Button>
                            <Button size="xs" variant="subtle" onClick={() => setConfirmDelete(undefined)}>
                              Keep
                            </Button>
                          </>
                        ) : (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDelete(s.id)} data-testid="sync-delete">
                            Delete
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {(s.lastRun?.appliances ?? []).map((a) => (
                    <Table.Tr key={`${s.id}-${a.applianceId}`} data-testid="sync-appliance-row">
                      <Table.Td />
                      <Table.Td colSpan={4}>
                        <Text size="xs">
                          {a.appliance}: {a.outcome}
                          {a.certkey ? ` (certkey ${a.certkey})` : ''}
                          {a.error ? ` — ${a.error.message}` : ''}
                          {a.removed.length > 0 ? `; removed ${a.removed.join(', ')}` : ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {s.lastRun?.error ? (
                    <Table.Tr>
                      <Table.Td />
                      <Table.Td colSpan={4}>
                        <Text size="xs" c="red">
                          {s.lastRun.error.message}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
