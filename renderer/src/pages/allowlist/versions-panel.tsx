import { Badge, Button, Group, Table, Text } from '@mantine/core';
import type { AllowlistVersionInfo } from '../../../../shared/schemas/allowlist.ts';
import { formatDateTime } from '../../format/format-date.ts';

/** Every stored version, newest first: which one is shown, and the two to compare. */
export function VersionsTable({
  versions,
  shown,
  onShow,
  compare,
  onCompare,
}: {
  versions: AllowlistVersionInfo[];
  shown: number | undefined;
  onShow: (id: number) => void;
  compare: { from?: number; to?: number };
  onCompare: (c: { from?: number; to?: number }) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={600} type="native">
      <Table withTableBorder data-testid="allowlist-versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Fetched</Table.Th>
            <Table.Th>Asked for</Table.Th>
            <Table.Th>Valid until</Table.Th>
            <Table.Th>Services</Table.Th>
            <Table.Th>Compare</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.id} data-testid="allowlist-version-row" data-version-id={v.id} data-source={v.source}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  #{v.id}
                </Text>
                {v.source === 'baseline' ? (
                  <Badge size="xs" color="gray" variant="light">
                    bundled baseline
                  </Badge>
                ) : (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {v.version}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{formatDateTime(v.fetchedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {v.source === 'baseline'
                    ? 'Cloud Connect endpoints'
                    : `${v.query.format}, geo ${v.query.geo}, ${v.query.direction}${v.query.customerId ? `, ${v.query.customerId}` : ''}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{v.validUntil ? formatDateTime(v.validUntil) : '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{v.serviceCount}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant={compare.from === v.id ? 'filled' : 'default'}
                    onClick={() => onCompare({ ...compare, from: v.id })}
                    data-testid="allowlist-compare-from"
                    aria-pressed={compare.from === v.id}
                  >
                    from
                  </Button>
                  <Button
                    size="compact-xs"
                    variant={compare.to === v.id ? 'filled' : 'default'}
                    onClick={() => onCompare({ ...compare, to: v.id })}
                    data-testid="allowlist-compare-to"
                    aria-pressed={compare.to === v.id}
                  >
                    to
                  </Button>
                </Group>
              </Table.Td>
              <Table.Td>
                {shown === v.id ? (
                  <Text size="xs" c="dimmed">
                    shown
                  </Text>
                ) : (
                  <Button size="compact-xs" variant="subtle" onClick={() => onShow(v.id)} data-testid="allowlist-show-version">
                    Show
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
