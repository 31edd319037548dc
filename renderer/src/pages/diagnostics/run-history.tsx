import { Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { REGION_SETUP } from '../../../../shared/cloud-connect-guide.ts';
import type { DiagnosticsRun, RunComparison } from '../../../../shared/schemas/diagnostics.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';
import { downloadText } from './download.ts';

const REGION_LABEL = new Map<string, string>(REGION_SETUP.map((r) => [r.region, r.label]));
const VERDICT = { met: ['green', 'Met'], 'not-met': ['red', 'Not met'], incomplete: ['yellow', 'Incomplete'] } as const;
const CHANGE_COLOR: Record<RunComparison['endpoints'][number]['change'], string> = {
  fixed: 'green',
  broken: 'red',
  unchanged: 'gray',
  'failure-changed': 'orange',
  added: 'blue',
  removed: 'gray',
};

export function ExportButtons({ runId }: { runId: string }) {
  const [keepUsername, setKeepUsername] = useState(false);
  const exported = useEngineMutation('diagnosticsExport', {
    onSuccess: (file) => downloadText(file.fileName, file.mimeType, file.content),
  });
  const exportAs = (format: 'html' | 'json') => exported.mutate({ runId, format, options: { keepProxyUsername: keepUsername } });
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => exportAs('html')} data-testid="export-html">
          Export HTML
        </Button>
        <Button size="xs" variant="light" onClick={() => exportAs('json')} data-testid="export-json">
          Export JSON
        </Button>
        <Checkbox
          size="xs"
          label="Keep proxy username"
          checked={keepUsername}
          onChange={(e) => setKeepUsername(e.currentTarget.checked)}
          data-testid="export-keep-username"
        />
      </Group>
      {exported.error ? <ErrorAlert error={exported.error} title="The export failed" /> : null}
    </Stack>
  );
}

/** Past checks, newest first: open one, or tick two and compare them. */
export function RunHistory({ onOpen }: { onOpen: (run: DiagnosticsRun) => void }) {
  const history = useEngineQuery('diagnosticsHistory', [{ limit: 50 }]);
  const opened = useEngineMutation('diagnosticsGet', { onSuccess: onOpen });
  const compared = useEngineMutation('diagnosticsCompare');
  const [picked, setPicked] = useState<string[]>([]);
  const items = history.data ?? [];
  const comparison = compared.data;

  function toggle(id: string) {
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  }

  function compare() {
    // Older run first, whatever order they were ticked in.
    const [a, b] = picked.map((id) => items.find((i) => i.id === id)!).sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    if (a && b) compared.mutate({ beforeRunId: a.id, afterRunId: b.id });
  }

  return (
    <Card withBorder data-testid="history">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>History</Title>
          <Button
            size="xs"
            variant="light"
            disabled={picked.length !== 2}
            onClick={compare}
            loading={compared.isPending}
            data-testid="compare"
          >
            Compare the two ticked runs
          </Button>
        </Group>
        {history.error ? <ErrorAlert error={history.error} title="History could not be read" /> : null}
        {opened.error ? <ErrorAlert error={opened.error} title="The run could not be opened" /> : null}
        {compared.error ? <ErrorAlert error={compared.error} title="The runs could not be compared" /> : null}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No check has run yet.
          </Text>
        ) : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={600} type="native">
            <Table fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40} aria-label="Pick for comparison" />
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Region</Table.Th>
                  <Table.Th>Proxy</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.id} data-testid="history-row">
                    <Table.Td>
                      <Checkbox
                        aria-label={`Pick run of ${formatDateTime(i.startedAt)}`}
                        checked={picked.includes(i.id)}
                        onChange={() => toggle(i.id)}
                      />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.startedAt)}</Table.Td>
                    <Table.Td>{REGION_LABEL.get(i.region) ?? i.region}</Table.Td>
                    <Table.Td>{i.proxy ?? 'none'}</Table.Td>
                    <Table.Td>
                      <Badge color={VERDICT[i.verdict][0]} variant="light">
                        {VERDICT[i.verdict][1]}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {i.headline}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => opened.mutate({ runId: i.id })}
                        loading={opened.isPending && opened.variables.runId === i.id}
                      >
                        Open
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {comparison ? (
          <Stack gap={4} data-testid="comparison">
            <Text size="sm" fw={600}>
              {formatDateTime(comparison.before.startedAt)} → {formatDateTime(comparison.after.startedAt)}
              {comparison.sameRegion ? '' : ' (different regions)'}
            </Text>
            <Text size="xs" c="dimmed">
              {comparison.counts.fixed} fixed, {comparison.counts.broken} broken, {comparison.counts.failureChanged} failure changed,{' '}
              {comparison.counts.unchanged} unchanged, {comparison.counts.added} added, {comparison.counts.removed} removed
            </Text>
            <Table.ScrollContainer minWidth={520} type="native">
              <Table fz="xs" withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Endpoint</Table.Th>
                    <Table.Th>Before</Table.Th>
                    <Table.Th>After</Table.Th>
                    <Table.Th>Change</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {comparison.endpoints.map((e) => (
                    <Table.Tr key={e.endpointId}>
                      <Table.Td>{e.listed}</Table.Td>
                      <Table.Td>
                        {e.before
                          ? `${e.before.verdict}${e.before.failureTitle ? ` (${e.before.failureTitle})` : ''}, ${Math.round(e.before.totalMs)} ms`
                          : '—'}
                      </Table.Td>
                      <Table.Td>
                        {e.after
                          ? `${e.after.verdict}${e.after.failureTitle ? ` (${e.after.failureTitle})` : ''}, ${Math.round(e.after.totalMs)} ms`
                          : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Badge size="xs" color={CHANGE_COLOR[e.change]} variant="light">
                          {e.change}
                        </Badge>
                        {e.totalMsDelta !== undefined ? (
                          <Text span size="xs">
                            {' '}
                            {e.totalMsDelta > 0 ? '+' : ''}
                            {Math.round(e.totalMsDelta)} ms
                          </Text>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
