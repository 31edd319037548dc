import { Badge, Checkbox, Code, Group, SegmentedControl, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ExpandedState,
  type SortingState,
} from '@tanstack/react-table';
import { Fragment, useMemo, useState } from 'react';
import type { AllowlistService } from '../../../../shared/schemas/allowlist.ts';
import { SortableTableHead } from '../../components/sortable-table-head.tsx';
import { portsText } from './allowlist-text.ts';

const BREAK = { overflowWrap: 'anywhere' } as const;
/** A host or CIDR stays whole on its line, and breaks only when it is wider than the cell. */
const ITEM = { display: 'inline-block', maxWidth: '100%', overflowWrap: 'anywhere' } as const;
const col = createColumnHelper<AllowlistService>();
const columns = [
  col.accessor('name', {
    header: 'Service',
    cell: (c) => (
      <UnstyledButton
        onClick={c.row.getToggleExpandedHandler()}
        fw={500}
        fz="sm"
        aria-expanded={c.row.getIsExpanded()}
        style={{ ...BREAK, minWidth: 140 }}
      >
        {c.row.getIsExpanded() ? '▾ ' : '▸ '}
        {c.getValue()}
      </UnstyledButton>
    ),
  }),
  col.accessor('direction', { header: 'Direction', cell: (c) => <Text size="sm">{c.getValue()}</Text> }),
  col.accessor('required', {
    header: 'Required',
    cell: (c) =>
      c.getValue() ? (
        <Badge size="sm" color="red" variant="light">
          required
        </Badge>
      ) : (
        <Text size="sm" c="dimmed">
          optional
        </Text>
      ),
  }),
  col.accessor(portsText, { id: 'ports', header: 'Ports', cell: (c) => <Text size="sm">{c.getValue()}</Text> }),
  col.accessor((s) => s.notes ?? '', {
    id: 'notes',
    header: 'Notes',
    enableSorting: false,
    cell: (c) => (
      <Text size="xs" style={BREAK}>
        {c.getValue() || '—'}
      </Text>
    ),
  }),
];

interface Filters {
  text: string;
  direction: 'all' | 'inbound' | 'outbound';
  requiredOnly: boolean;
}

/** Whether a service matches what the user typed: its name, notes, or any of its hosts and CIDRs. */
function matches(s: AllowlistService, f: Filters): boolean {
  if (f.direction !== 'all' && s.direction !== f.direction) return false;
  if (f.requiredOnly && !s.required) return false;
  const needle = f.text.trim().toLowerCase();
  if (!needle) return true;
  const hay = [s.name, s.notes ?? '', ...s.endpoints.flatMap((e) => [...e.fqdns, ...e.cidrs])];
  return hay.some((h) => h.toLowerCase().includes(needle));
}

/** A labelled row of hosts or CIDRs, wrapping between items rather than inside them. */
function Items({ label, items }: { label: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <Group gap={6} align="baseline" wrap="nowrap">
      <Text size="xs" c="dimmed" w={44} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, minWidth: 0 }}>
        {items.map((i) => (
          <Code key={i} style={ITEM}>
            {i}
          </Code>
        ))}
      </div>
    </Group>
  );
}

/** One service's endpoints per geo: the hosts and CIDRs a firewall opens. */
function EndpointsDetail({ service }: { service: AllowlistService }) {
  if (service.endpoints.length === 0) return <Text size="sm">No endpoints listed.</Text>;
  return (
    <Stack gap={6} data-testid="allowlist-service-endpoints">
      {service.endpoints.map((e, i) => (
        <Group key={`${e.geo}-${i}`} align="flex-start" gap="sm" wrap="nowrap">
          <Badge variant="outline" size="sm" w={52} style={{ flexShrink: 0 }}>
            {e.geo}
          </Badge>
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Items label="FQDNs" items={e.fqdns} />
            <Items label="CIDRs" items={e.cidrs} />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

/** The services of one version, filterable, each expanding to its FQDNs and CIDRs. */
export function ServicesTable({ services }: { services: AllowlistService[] }) {
  const [filters, setFilters] = useState<Filters>({ text: '', direction: 'all', requiredOnly: false });
  const [sorting, setSorting] = useState<SortingState>([]);
  const [expanded, setExpanded] = useState<ExpandedState>({});
  const rows = useMemo(() => services.filter((s) => matches(s, filters)), [services, filters]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the table instance is read during render, never memoized or passed down
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting, expanded },
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    getRowCanExpand: () => true,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (s, i) => `${s.direction}/${s.name}/${i}`,
  });
  return (
    <Stack gap="xs">
      <Group gap="md" align="flex-end">
        <TextInput
          label="Filter"
          placeholder="Service, host or CIDR"
          value={filters.text}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setFilters((f) => ({ ...f, text }));
          }}
          data-testid="allowlist-services-filter"
          style={{ flex: 1, minWidth: 200 }}
        />
        <SegmentedControl
          data={[
            { value: 'all', label: 'Both' },
            { value: 'outbound', label: 'Outbound' },
            { value: 'inbound', label: 'Inbound' },
          ]}
          value={filters.direction}
          onChange={(v) => setFilters((f) => ({ ...f, direction: v }))}
          aria-label="Direction"
        />
        <Checkbox
          label="Required only"
          checked={filters.requiredOnly}
          onChange={(e) => {
            const requiredOnly = e.currentTarget.checked;
            setFilters((f) => ({ ...f, requiredOnly }));
          }}
          mb={8}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {rows.length} of {services.length} services · click a service for its FQDNs and CIDRs
      </Text>
      <Table.ScrollContainer minWidth={600} type="native">
        <Table striped withTableBorder data-testid="allowlist-services">
          <SortableTableHead table={table} testIdPrefix="allowlist-sort-" />
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Fragment key={row.id}>
                <Table.Tr data-testid="allowlist-service-row" data-service={row.original.name}>
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                  ))}
                </Table.Tr>
                {row.getIsExpanded() ? (
                  <Table.Tr>
                    <Table.Td colSpan={columns.length}>
                      <EndpointsDetail service={row.original} />
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
