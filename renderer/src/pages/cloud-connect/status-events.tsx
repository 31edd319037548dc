import { Badge, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ConnectionState, STATE_LABELS, type SiteStatus } from '../../../../shared/schemas/cloud-connect-status.ts';
import { useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';
import { STATE_COLOR } from './status-words.ts';

/** Every transition, newest first, like Console's Settings > System Events: filterable by site and by state. */
export function StatusEvents({ sites }: { sites: SiteStatus[] }) {
  const [siteId, setSiteId] = useState<string | null>(null);
  const [state, setState] = useState<ConnectionState | null>(null);
  const events = useEngineQuery('cloudConnectEvents', [{ ...(siteId ? { siteId } : {}), ...(state ? { state } : {}), limit: 200 }]);
  const rows = events.data ?? [];

  return (
    <Card withBorder data-testid="cc-status-events">
      <Stack gap="xs">
        <Group justify="space-between" align="end">
          <Title order={4}>System Events</Title>
          <Group>
            <Select
              label="Site"
              placeholder="Every site"
              clearable
              data={sites.map((s) => ({ value: s.siteId, label: s.siteName }))}
              value={siteId}
              onChange={setSiteId}
              data-testid="cc-events-site"
            />
            <Select
              label="State"
              placeholder="Every state"
              clearable
              data={ConnectionState.options.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
              value={state}
              onChange={(v) => setState(ConnectionState.safeParse(v).data ?? null)}
              data-testid="cc-events-state"
            />
          </Group>
        </Group>
        {events.error ? <ErrorAlert error={events.error} title="The event log could not be read" /> : null}
        {rows.length === 0 && !events.isLoading ? (
          <Text size="sm" c="dimmed">
            No event yet{siteId || state ? ' for this filter' : ''}.
          </Text>
        ) : (
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Site</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id} data-testid="cc-event">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td miw={90}>{e.siteName}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {e.from ? (
                        <>
                          <Badge color={STATE_COLOR[e.from]} variant="light">
                            {STATE_LABELS[e.from]}
                          </Badge>
                          <Text size="sm">→</Text>
                        </>
                      ) : null}
                      <Badge color={STATE_COLOR[e.to]}>{STATE_LABELS[e.to]}</Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td>{e.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
