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
import { groupByProbedHost, listNames, type ProbedHost } from '../../../../shared/probed-hosts.ts';
import type { EndpointResult } from '../../../../shared/schemas/diagnostics.ts';
import type { PendingRow } from './use-diagnostics-run.ts';

/** One row per host probed: a host that stands for several listed names is one check, shown once. */
export interface TableRow {
  /** "host:port" once checked, the host while it is being checked. */
  id: string;
  service: string;
  purpose: string;
  host: string;
  /** The listed names this host stands for. */
  listed: string[];
  verdict: EndpointResult['verdict'] | 'checking';
  verdictLabel: string;
  totalMs?: number;
  failure?: string;
  warnings: string[];
  probed?: ProbedHost;
}

export function toRows(results: EndpointResult[], pending: PendingRow[]): TableRow[] {
  const rows: TableRow[] = groupByProbedHost(results).map((h) => ({
    id: h.key,
    service: [...new Set(h.results.map((r) => r.groupLabel))].join(', '),
    purpose: h.results[0]!.why,
    host: h.host,
    listed: h.listed,
    verdict: h.verdict,
    verdictLabel: h.verdictLabel,
    totalMs: h.results[0]!.totalMs,
    ...(h.failure ? { failure: h.failure.title } : {}),
    warnings: h.warnings.map((w) => w.title),
    probed: h,
  }));
  const done = new Set(results.map((r) => r.host));
  const waiting = new Map<string, string[]>();
  for (const p of pending) if (!done.has(p.host)) waiting.set(p.host, [...(waiting.get(p.host) ?? []), p.listed]);
  for (const [host, listed] of waiting)
    rows.push({ id: host, service: '', purpose: '', host, listed, verdict: 'checking', verdictLabel: 'Checking…', warnings: [] });
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
        {c.row.original.listed.length > 1 || c.row.original.listed[0] !== c.getValue() ? (
          <Text size="xs" c="dimmed" data-testid="stands-for">
            stands for {listNames(c.row.original.listed)}
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
  col.accessor('failure', {
    header: 'Failure',
    sortUndefined: 'last',
    cell: (c) => (
      <>
        {c.getValue() ? <Text size="sm">{c.getValue()}</Text> : null}
        {c.row.original.warnings.map((w) => (
          <Text key={w} size="xs" c="yellow.8">
            {w}
          </Text>
        ))}
      </>
    ),
  }),
];

export function ResultsTable({
  rows,
  selected,
  onSelect,
}: {
  rows: TableRow[];
  selected: string | undefined;
  onSelect: (rowId: string) => void;
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
    getRowId: (r) => r.id,
  });

  return (
    <Table.ScrollContainer minWidth={600} type="native">
      <Table highlightOnHover striped data-testid="results-table">
        <SortableTableHead table={table} testIdPrefix="sort-" />
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => {
            const clickable = row.original.probed !== undefined;
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
