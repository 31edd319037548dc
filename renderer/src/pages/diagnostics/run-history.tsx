import { Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { REGION_SETUP } from '../../../../shared/cloud-connect-guide.ts';
import type { DiagnosticsRun, RunComparison } from '../../../../shared/schemas/diagnostics.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';
import { CHANGE_WORDS, countsText, hostChangeText, snapshotText, timeDeltaText } from './comparison-text.ts';
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
export function RunHistory({ onOpen, shownRunId }: { onOpen: (run: DiagnosticsRun) => void; shownRunId?: string | undefined }) {
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
                  <Table.Th>Region, CCID, service URL</Table.Th>
                  <Table.Th>Proxy</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr
                    key={i.id}
                    data-testid="history-row"
                    data-shown={i.id === shownRunId ? 'true' : undefined}
                    bg={i.id === shownRunId ? 'var(--mantine-color-default-hover)' : undefined}
                  >
                    <Table.Td>
                      <Checkbox
                        aria-label={`Pick run of ${formatDateTime(i.startedAt)}`}
                        checked={picked.includes(i.id)}
                        onChange={() => toggle(i.id)}
                      />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.startedAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{REGION_LABEL.get(i.region) ?? i.region}</Text>
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="history-site">
                        {i.ccid ? `CCID ${i.ccid}` : 'no CCID'} · {i.serviceUrlHost ?? 'no service URL'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{i.proxy ?? 'none'}</Table.Td>
                    <Table.Td>
                      <Badge color={VERDICT[i.verdict][0]} variant="light">
                        {VERDICT[i.verdict][1]}
                      </Badge>
                      <Text size="xs" c="dimmed" lineClamp={2} title={i.headline}>
                        {i.headline}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {i.id === shownRunId ? (
                        <Badge size="xs" variant="outline" color="gray" style={{ whiteSpace: 'nowrap' }}>
                          Shown above
                        </Badge>
                      ) : (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => opened.mutate({ runId: i.id })}
                          loading={opened.isPending && opened.variables.runId === i.id}
                        >
                          Open
                        </Button>
                      )}
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
              Earlier check {formatDateTime(comparison.before.startedAt)} compared with the later one{' '}
              {formatDateTime(comparison.after.startedAt)}
            </Text>
            {comparison.sameRegion ? null : (
              <Text size="sm" c="orange" data-testid="comparison-regions">
                These checks are for different regions ({comparison.before.regionLabel}, then {comparison.after.regionLabel}): most names
                appear in only one of them.
              </Text>
            )}
            <Text size="xs" c="dimmed" data-testid="comparison-counts">
              {countsText(comparison.counts)}
            </Text>
            <Table.ScrollContainer minWidth={520} type="native">
              <Table fz="xs" withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Listed name</Table.Th>
                    <Table.Th>Earlier</Table.Th>
                    <Table.Th>Later</Table.Th>
                    <Table.Th>What changed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {comparison.endpoints.map((e) => {
                    const hostChange = hostChangeText(e);
                    return (
                      <Table.Tr key={e.endpointId} data-testid="comparison-row" data-change={e.change}>
                        <Table.Td>{e.listed}</Table.Td>
                        <Table.Td>{snapshotText(e.before)}</Table.Td>
                        <Table.Td>{snapshotText(e.after)}</Table.Td>
                        <Table.Td>
                          <Badge size="xs" color={CHANGE_COLOR[e.change]} variant="light">
                            {CHANGE_WORDS[e.change]}
                          </Badge>
                          <Text span size="xs">
                            {' '}
                            {timeDeltaText(e.totalMsDelta)}
                          </Text>
                          {hostChange ? (
                            <Text size="xs" c="orange" data-testid="comparison-host-change">
                              {hostChange}
                            </Text>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
