import { Alert, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { LAS_ESTIMATE_NOTE } from '../../../../shared/cloud-connect-status-words.ts';
import { STATE_LABELS, type SiteStatus } from '../../../../shared/schemas/cloud-connect-status.ts';
import { formatDateTime } from '../../format/format-date.ts';
import { STATE_COLOR } from './status-words.ts';

/** One site: its state in Console's words and since when, the last and next refresh, each required endpoint. */
export function StatusSiteCard({ status }: { status: SiteStatus }) {
  const r = status.lastRefresh;
  return (
    <Card withBorder data-testid="cc-status-site" data-site={status.siteName} data-state={status.state}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={5}>{status.siteName}</Title>
          <Badge color={STATE_COLOR[status.state]} size="lg" data-testid="cc-status-state">
            {STATE_LABELS[status.state]}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {STATE_LABELS[status.state]} since {formatDateTime(status.since)}
          {r ? ` · last refresh ${formatDateTime(r.at)}` : ' · not refreshed yet'}
          {status.nextRefreshAt ? ` · next refresh ${formatDateTime(status.nextRefreshAt)}` : ''}
        </Text>
        {r?.error !== undefined ? (
          <Alert color="orange" title="The last refresh could not run" data-testid="cc-status-not-run">
            {r.error}
          </Alert>
        ) : null}
        {status.failingSince ? (
          <Alert color="red" title="Required endpoints are failing" data-testid="cc-status-failing">
            <Text size="sm">
              Failing since {formatDateTime(status.failingSince)}.
              {status.lasDaysLeft !== undefined
                ? ` About ${status.lasDaysLeft} days left before the LAS activation blob would lapse if this lasts.`
                : ''}
            </Text>
            {status.lasDaysLeft !== undefined ? (
              <Text size="xs" opacity={0.85}>
                {LAS_ESTIMATE_NOTE}
              </Text>
            ) : null}
          </Alert>
        ) : null}
        {r && r.endpoints.length > 0 ? (
          <Table striped withTableBorder data-testid="cc-status-endpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Required endpoint</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Failure</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.endpoints.map((e) => (
                <Table.Tr key={e.host}>
                  <Table.Td>{e.host}</Table.Td>
                  <Table.Td>
                    <Badge color={e.reachable ? 'green' : 'red'} variant="light">
                      {e.reachable ? 'Reachable' : 'Not Reachable'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{e.failure ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Card>
  );
}
