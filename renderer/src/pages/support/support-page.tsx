import { Alert, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { SupportSection } from '../../../../shared/schemas/support.ts';
import { formatBytes, redactionSummary } from '../../../../shared/support-text.ts';
import { engineKey, useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/**
 * Support: what a support bundle holds, shown before it is written, then the
 * bundle saved where the user says, with what was removed from it. The
 * window sees names, sizes and counts, never a path or a value.
 */
export function SupportPage() {
  const preview = useEngineQuery('supportPreview', [], { refetchOnWindowFocus: false });
  const save = useEngineMutation('supportBundleSave');

  return (
    <Stack gap="lg">
      <Title order={2}>Support</Title>
      <Text size="sm" c="dimmed">
        A support bundle is one zip file that tells a support engineer what happened: versions, settings, recent checks, notifications,
        certificate pushes and the logs. Passwords, private keys, tokens, webhook URLs, Authorization and Cookie headers and NITRO session
        tokens are removed first; the bundle lists what was removed, never the values.
      </Text>

      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>What goes in</Title>
            <Group gap="xs">
              <Button variant="default" onClick={() => void preview.refetch()} loading={preview.isFetching} data-testid="support-refresh">
                Look again
              </Button>
              <Button onClick={() => save.mutate(undefined)} loading={save.isPending} disabled={!preview.data} data-testid="support-create">
                Create support bundle…
              </Button>
            </Group>
          </Group>
          {preview.isPending ? <Loader size="sm" aria-label="Gathering what goes in" /> : null}
          {preview.error ? <ErrorAlert error={preview.error} title="What goes in could not be gathered" /> : null}
          {preview.data ? (
            <>
              <Text size="sm" data-testid="support-total">
                {formatBytes(preview.data.totalBytes)} in all, before compression. Removed: {redactionSummary(preview.data.redactions)}.
              </Text>
              <SectionsTable sections={preview.data.sections} />
            </>
          ) : null}
        </Stack>
      </Card>

      {save.error ? <ErrorAlert error={save.error} title="The support bundle was not written" testId="support-error" /> : null}
      {save.data?.saved && save.data.bundle ? (
        <Alert color="green" title={`Saved ${save.data.bundle.fileName}`} data-testid="support-saved">
          <Text size="sm">
            {formatBytes(save.data.bundle.bytes)}, {save.data.bundle.files} files. Removed: {redactionSummary(save.data.bundle.redactions)}.
          </Text>
          <Text size="sm">Its redactions.json lists what was removed from each file. Send the zip to your support engineer.</Text>
        </Alert>
      ) : null}

      <LogLevelCard />
    </Stack>
  );
}

function SectionsTable({ sections }: { sections: SupportSection[] }) {
  return (
    <Table striped withTableBorder data-testid="support-sections">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>File</Table.Th>
          <Table.Th>Size</Table.Th>
          <Table.Th>Entries</Table.Th>
          <Table.Th>Removed</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sections.flatMap((s) => [
          <Table.Tr key={s.id} data-testid={`support-section-${s.id}`}>
            <Table.Td colSpan={4}>
              <Text size="sm" fw={600}>
                {s.title}
              </Text>
              <Text size="xs" c="dimmed">
                {s.note ?? s.summary}
              </Text>
            </Table.Td>
          </Table.Tr>,
          ...s.files.map((f) => (
            <Table.Tr key={f.name} data-testid="support-file">
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {f.name}
                </Text>
              </Table.Td>
              <Table.Td>{formatBytes(f.bytes)}</Table.Td>
              <Table.Td>{f.items ?? ''}</Table.Td>
              <Table.Td>
                {Object.keys(f.redactions).length > 0 ? (
                  <Badge variant="light" color="orange" data-testid="support-file-redactions">
                    {redactionSummary(f.redactions)}
                  </Badge>
                ) : null}
              </Table.Td>
            </Table.Tr>
          )),
        ])}
      </Table.Tbody>
    </Table>
  );
}

/** The log level for this session: detail for a problem being reproduced, back to the usual at the next start. */
function LogLevelCard() {
  const client = useQueryClient();
  const level = useEngineQuery('logLevelGet', []);
  const set = useEngineMutation('logLevelSet', {
    onSuccess: (next) => {
      client.setQueryData(engineKey('logLevelGet'), next);
      // The logs just grew by a line: what goes in has changed.
      void client.invalidateQueries({ queryKey: ['supportPreview'] });
    },
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>Logging</Title>
        <Text size="sm" c="dimmed">
          Before reproducing a problem, log in detail; the next start of Fieldkit logs as usual again. The command line takes --verbose.
        </Text>
        <SegmentedControl
          aria-label="Log level"
          value={set.isPending ? set.variables.level : (level.data?.level ?? 'info')}
          onChange={(v) => set.mutate({ level: v === 'debug' ? 'debug' : 'info' })}
          data={[
            { value: 'info', label: 'Usual' },
            { value: 'debug', label: 'In detail (this session)' },
          ]}
          style={{ alignSelf: 'flex-start' }}
          data-testid="support-log-level"
        />
        {level.error ? <ErrorAlert error={level.error} title="The log level could not be read" /> : null}
        {set.error ? <ErrorAlert error={set.error} title="The log level was not changed" /> : null}
      </Stack>
    </Card>
  );
}
