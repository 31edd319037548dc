import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useEffect, useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { HistoryPush } from '../../../../shared/schemas/certificates.ts';
import { call, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

const outcomeColor: Record<string, string> = { succeeded: 'green', unchanged: 'gray', 'rolled-back': 'orange', failed: 'red' };

/** Past pushes and removals, per appliance, with each step and any NITRO error. */
export function HistoryPanel() {
  const [rows, setRows] = useState<HistoryPush[]>([]);
  const [open, setOpen] = useState<number>();
  const [error, setError] = useState<FieldkitError>();

  async function refresh() {
    try {
      setRows(await call('certHistory', { limit: 100 }));
      setError(undefined);
    } catch (err) {
      setError(toFieldkitError(err));
    }
  }
  useEffect(() => {
    void refresh();
  }, []);

  return (
    <Stack gap="sm">
      <Group>
        <Button variant="light" onClick={() => void refresh()} data-testid="history-refresh">
          Refresh
        </Button>
      </Group>
      {error ? <ErrorAlert error={error} /> : null}
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No push yet.
        </Text>
      ) : null}
      {rows.length > 0 ? (
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
                    <Text size="xs">{r.startedAt}</Text>
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
      ) : null}
    </Stack>
  );
}
