import { Code, Table, Text } from '@mantine/core';
import type { AllowlistDiff } from '../../../../shared/schemas/allowlist.ts';

/** A host or CIDR stays whole on its line, and breaks only when it is wider than the cell. */
const ITEM = { display: 'inline-block', maxWidth: '100%', overflowWrap: 'anywhere' } as const;

function Items({ items, testId }: { items: string[]; testId: string }) {
  if (items.length === 0)
    return (
      <Text size="xs" c="dimmed" data-testid={testId}>
        none
      </Text>
    );
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }} data-testid={testId}>
      {items.map((i) => (
        <Code key={i} style={ITEM}>
          {i}
        </Code>
      ))}
    </div>
  );
}

/** What changed between two versions, per kind: the changes feed the API itself does not have. */
export function DiffView({ diff }: { diff: AllowlistDiff }) {
  const rows: Array<[string, string, { added: string[]; removed: string[] }]> = [
    ['services', 'Services', diff.services],
    ['fqdns', 'FQDNs', diff.fqdns],
    ['cidrs', 'CIDRs', diff.cidrs],
    ...diff.ports.map((p): [string, string, { added: string[]; removed: string[] }] => [`ports-${p.service}`, `Ports of ${p.service}`, p]),
  ];
  const same = rows.every(([, , r]) => r.added.length === 0 && r.removed.length === 0);
  return (
    <Table.ScrollContainer minWidth={500} type="native">
      <Table withTableBorder data-testid="allowlist-diff">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>What</Table.Th>
            <Table.Th>Added in #{diff.to}</Table.Th>
            <Table.Th>Removed since #{diff.from}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {same ? (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text size="sm">The two versions list the same services, hosts, CIDRs and ports.</Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            rows.map(([key, label, r]) => (
              <Table.Tr key={key} data-testid={`allowlist-diff-${key}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    +{r.added.length} / −{r.removed.length}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Items items={r.added} testId="added" />
                </Table.Td>
                <Table.Td>
                  <Items items={r.removed} testId="removed" />
                </Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
