import { Badge, Table, Text } from '@mantine/core';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useState } from 'react';
import type { ExpiryCertkeyRow } from '../../../../shared/schemas/certificate-expiry.ts';
import { SortableTableHead } from '../../components/sortable-table-head.tsx';
import { formatDate } from '../../format/format-date.ts';

const col = createColumnHelper<ExpiryCertkeyRow>();
/** Addresses and host names break anywhere, so the table fits a narrow window instead of scrolling sideways. */
const BREAK = { overflowWrap: 'anywhere' } as const;
const columns = [
  // Unknown expiry sorts last: it is the least urgent thing we can say about it.
  col.accessor((r) => r.daysLeft ?? Number.MAX_SAFE_INTEGER, {
    id: 'daysLeft',
    header: 'Days left',
    cell: (c) => {
      const r = c.row.original;
      if (r.state === 'expired') return <Badge color="red">expired</Badge>;
      if (r.state === 'expiring') return <Badge color="orange">{r.daysLeft} days</Badge>;
      return <Text size="sm">{r.daysLeft ?? '?'}</Text>;
    },
  }),
  col.accessor('notAfter', {
    header: 'Expires',
    cell: (c) => <Text size="xs">{c.getValue() === undefined ? 'unknown' : formatDate(c.getValue()!)}</Text>,
  }),
  col.accessor((r) => (r.partition === 'default' ? r.appliance : `${r.appliance} [${r.partition}]`), {
    id: 'appliance',
    header: 'Appliance',
    cell: (c) => (
      <Text size="xs" style={BREAK}>
        {c.getValue()}
      </Text>
    ),
  }),
  col.accessor('certkey', {
    header: 'Certkey',
    cell: (c) => (
      <Text size="sm" style={BREAK}>
        {c.getValue()}
        {c.row.original.createdByFieldkit ? (
          <Badge size="xs" ml={4} variant="light">
            Fieldkit
          </Badge>
        ) : null}
      </Text>
    ),
  }),
  col.accessor((r) => r.commonName ?? r.subject, {
    id: 'subject',
    header: 'Subject',
    cell: (c) => (
      <Text size="xs" style={BREAK}>
        {c.getValue()}
      </Text>
    ),
  }),
  col.accessor((r) => r.boundTo.map((b) => `${b.vserver}${b.sni ? ' (SNI)' : ''}`).join(', '), {
    id: 'boundTo',
    header: 'Bound to',
    cell: (c) => (
      <Text size="xs" style={BREAK}>
        {c.getValue() || '—'}
      </Text>
    ),
  }),
  col.accessor((r) => r.coveredBy ?? '', {
    id: 'coveredBy',
    header: 'Renewed by sync',
    cell: (c) => <Text size="xs">{c.getValue() || '—'}</Text>,
  }),
];

/** The fleet's certkeys, soonest expiry first, re-sortable by any column. */
export function ExpiryTable({ rows }: { rows: ExpiryCertkeyRow[] }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'daysLeft', desc: false }]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the table instance is read during render, never memoized or passed down
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => `${r.applianceId}/${r.partition}/${r.certkey}`,
  });
  return (
    // Narrow enough to fit a 900 px window: the cells wrap rather than the table scrolling sideways.
    <Table.ScrollContainer minWidth={600} type="native">
      <Table striped withTableBorder data-testid="expiry-table">
        <SortableTableHead table={table} testIdPrefix="expiry-sort-" />
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id} data-testid="expiry-row" data-certkey={row.original.certkey} data-state={row.original.state}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
