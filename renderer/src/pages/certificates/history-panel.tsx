import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';

const outcomeColor: Record<string, string> = {
  succeeded: 'green',
  unchanged: 'gray',
  'rolled-back': 'orange',
  failed: 'red',
  interrupted: 'yellow',
};

/** Past pushes and removals, per appliance, with each step and any NITRO error. */
export function HistoryPanel() {
  const history = useEngineQuery('certHistory', [{ limit: 100 }]);
  const [open, setOpen] = useState<number>();
  const rows = history.data ?? [];

  return (
    <Stack gap="sm">
      <Group>
        <Button variant="light" onClick={() => void history.refetch()} loading={history.isFetching} data-testid="history-refresh">
          Refresh
        </Button>
      </Group>
      {history.error ? <ErrorAlert error={history.error} title="The push history could not be read" /> : null}
      {history.isSuccess && rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No push yet.
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table withTableBorder data-testid="history-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>Operation</Table.Th>
                <Table.Th>Appliance</Table.Th>
                <Table.Th>Certkey</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Fragment key={r.id}>
                  <Table.Tr data-testid="history-row">
                    <Table.Td>
                      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(r.startedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{r.operation}</Table.Td>
                    <Table.Td>{r.appliance}</Table.Td>
                    <Table.Td>{r.certkey ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge color={outcomeColor[r.outcome ?? ''] ?? 'gray'} variant="light">
                        {r.outcome ?? 'unfinished'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" onClick={() => setOpen(open === r.id ? undefined : r.id)}>
                        {open === r.id ? 'Hide steps' : 'Steps'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {open === r.id ? (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        {r.errorMessage ? (
                          <Text size="sm" c="red">
                            {r.errorCode}: {r.errorMessage}
                          </Text>
                        ) : null}
                        {r.steps.map((s) => (
                          <Text key={`${s.index}-${s.at}-${s.status}`} size="xs">
                            {s.index}. {s.label}: {s.status}
                            {s.nitroErrorcode !== undefined ? ` (errorcode ${s.nitroErrorcode})` : ''}
                            {s.message ? ` — ${s.message}` : ''}
                          </Text>
                        ))}
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
