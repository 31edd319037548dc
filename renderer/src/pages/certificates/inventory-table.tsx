import { SortableTableHead } from '../../components/sortable-table-head.tsx';
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
import type { InventoryEntry } from '../../../../shared/schemas/certificates.ts';
import { formatDate } from '../../format/format-date.ts';

const col = createColumnHelper<InventoryEntry>();
const columns = [
  col.accessor('certkey', {
    header: 'Certkey',
    cell: (c) => (
      <>
        {c.getValue()}
        {c.row.original.createdByFieldkit ? (
          <Badge size="xs" ml={4} variant="light">
            Fieldkit
          </Badge>
        ) : null}
      </>
    ),
  }),
  col.accessor('subject', { header: 'Subject', cell: (c) => <Text size="xs">{c.getValue()}</Text> }),
  col.accessor('notAfter', {
    header: 'Expires',
    cell: (c) => <Text size="xs">{c.getValue() === undefined ? 'unknown' : formatDate(c.getValue()!)}</Text>,
  }),
  // Unknown expiry sorts last: it is the least urgent thing we can say about it.
  col.accessor((e) => e.daysLeft ?? Number.MAX_SAFE_INTEGER, {
    id: 'daysLeft',
    header: 'Days left',
    cell: (c) => {
      const e = c.row.original;
      if (e.expired) return <Badge color="red">expired</Badge>;
      if (e.expiringSoon) return <Badge color="orange">{e.daysLeft} days</Badge>;
      return <Text size="sm">{e.daysLeft ?? '?'}</Text>;
    },
  }),
  col.accessor((e) => e.chain.join(' → '), {
    id: 'chain',
    header: 'Chain',
    enableSorting: false,
    cell: (c) => <Text size="xs">{c.getValue() || '—'}</Text>,
  }),
  col.accessor((e) => e.bindings.map((b) => `${b.vserver}${b.sni ? ' (SNI)' : ''}`).join(', '), {
    id: 'bindings',
    header: 'Bound to',
    cell: (c) => <Text size="xs">{c.getValue() || '—'}</Text>,
  }),
];

/** Certkeys sorted by expiry first (the admin's question is "what runs out next"), re-sortable by any column. */
export function InventoryTable({ entries }: { entries: InventoryEntry[] }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'daysLeft', desc: false }]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the table instance is read during render, never memoized or passed down
  const table = useReactTable({
    data: entries,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => r.certkey,
  });
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table striped withTableBorder data-testid="inventory-table">
        <SortableTableHead table={table} testIdPrefix="inventory-sort-" />
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr
              key={row.id}
              data-testid="inventory-row"
              data-certkey={row.original.certkey}
              data-expiring={row.original.expiringSoon || row.original.expired ? 'yes' : 'no'}
            >
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
