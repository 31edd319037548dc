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
import { useMemo, useState } from 'react';
import type { EndpointResult } from '../../../../shared/schemas/diagnostics.ts';
import type { PendingRow } from './use-diagnostics-run.ts';

export interface TableRow {
  endpointId: string;
  service: string;
  purpose: string;
  host: string;
  listed: string;
  coverageNote?: string;
  verdict: EndpointResult['verdict'] | 'checking';
  verdictLabel: string;
  totalMs?: number;
  failure?: string;
  result?: EndpointResult;
}

export function toRows(results: EndpointResult[], pending: PendingRow[]): TableRow[] {
  const rows: TableRow[] = results.map((r) => ({
    endpointId: r.endpointId,
    service: r.groupLabel,
    purpose: r.why,
    host: r.host,
    listed: r.listed,
    ...(r.coverageNote ? { coverageNote: r.coverageNote } : {}),
    verdict: r.verdict,
    verdictLabel: r.verdictLabel,
    totalMs: r.totalMs,
    ...(r.failure ? { failure: r.failure.title } : {}),
    result: r,
  }));
  const done = new Set(results.map((r) => r.endpointId));
  for (const p of pending) {
    if (!done.has(p.endpointId))
      rows.push({
        endpointId: p.endpointId,
        service: '',
        purpose: '',
        host: p.host,
        listed: p.listed,
        verdict: 'checking',
        verdictLabel: 'Checking…',
      });
  }
  return rows;
}

const VERDICT_COLOR: Record<TableRow['verdict'], string> = {
  reachable: 'green',
  'not-reachable': 'red',
  'not-checked': 'gray',
  checking: 'blue',
};
const col = createColumnHelper<TableRow>();

const columns = [
  col.accessor('service', {
    header: 'Service',
    cell: (c) => (
      <>
        <Text size="sm">{c.getValue()}</Text>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {c.row.original.purpose}
        </Text>
      </>
    ),
  }),
  col.accessor('host', {
    header: 'Host',
    cell: (c) => (
      <>
        <Text size="sm" ff="monospace">
          {c.getValue()}
        </Text>
        {c.row.original.listed !== c.getValue() ? (
          <Text size="xs" c="dimmed">
            stands for {c.row.original.listed}
          </Text>
        ) : null}
        {c.row.original.coverageNote ? (
          <Text size="xs" c="dimmed">
            {c.row.original.coverageNote}
          </Text>
        ) : null}
      </>
    ),
  }),
  col.accessor('verdict', {
    header: 'Verdict',
    cell: (c) => (
      <Badge color={VERDICT_COLOR[c.getValue()]} variant="light" data-testid="verdict">
        {c.row.original.verdictLabel}
      </Badge>
    ),
  }),
  col.accessor('totalMs', {
    header: 'Total',
    sortUndefined: 'last',
    cell: (c) => (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {c.getValue() === undefined ? '' : `${Math.round(c.getValue()!)} ms`}
      </Text>
    ),
  }),
  col.accessor('failure', { header: 'Failure', sortUndefined: 'last', cell: (c) => c.getValue() ?? '' }),
];

export function ResultsTable({
  rows,
  selected,
  onSelect,
}: {
  rows: TableRow[];
  selected: string | undefined;
  onSelect: (endpointId: string) => void;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const data = useMemo(() => rows, [rows]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the table instance is read during render, never memoized or passed down
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => r.endpointId,
  });

  return (
    <Table.ScrollContainer minWidth={600} type="native">
      <Table highlightOnHover striped data-testid="results-table">
        <SortableTableHead table={table} testIdPrefix="sort-" />
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => {
            const clickable = row.original.result !== undefined;
            return (
              <Table.Tr
                key={row.id}
                data-testid={`row-${row.original.host}`}
                data-verdict={row.original.verdict}
                aria-selected={selected === row.id}
                tabIndex={clickable ? 0 : -1}
                style={{ cursor: clickable ? 'pointer' : 'default' }}
                bg={selected === row.id ? 'var(--mantine-primary-color-light)' : undefined}
                onClick={() => clickable && onSelect(row.id)}
                onKeyDown={(e) => {
                  if (clickable && (e.key === 'Enter' || e.key === ' ')) {
                    e.preventDefault();
                    onSelect(row.id);
                  }
                }}
              >
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
