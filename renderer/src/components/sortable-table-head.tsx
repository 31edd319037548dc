import { Table, UnstyledButton } from '@mantine/core';
import { flexRender, type Table as TanTable } from '@tanstack/react-table';

/** Column headers that sort on click or Enter, announce their direction, and carry a test id per column. */
export function SortableTableHead<T>({ table, testIdPrefix }: { table: TanTable<T>; testIdPrefix: string }) {
  return (
    <Table.Thead>
      {table.getHeaderGroups().map((hg) => (
        <Table.Tr key={hg.id}>
          {hg.headers.map((h) => {
            const dir = h.column.getIsSorted();
            const label = flexRender(h.column.columnDef.header, h.getContext());
            return (
              <Table.Th key={h.id} aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
                {h.column.getCanSort() ? (
                  <UnstyledButton
                    onClick={h.column.getToggleSortingHandler()}
                    fw={600}
                    fz="sm"
                    style={{ whiteSpace: 'nowrap' }}
                    data-testid={`${testIdPrefix}${h.column.id}`}
                  >
                    {label}
                    {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
                  </UnstyledButton>
                ) : (
                  label
                )}
              </Table.Th>
            );
          })}
        </Table.Tr>
      ))}
    </Table.Thead>
  );
}
