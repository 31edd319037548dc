import { Alert, Badge, Button, Group, PasswordInput, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ConflictResolution, PackPreview } from '../../../../shared/schemas/site-packs.ts';
import { whereSecretsAreKept } from '../../../../shared/secret-storage-words.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FileInput } from '../../components/file-input.tsx';
import { useOpenedSitePacks } from '../../store/opened-site-packs-store.ts';
import { ACTION_LABELS, holdsText, KIND_LABELS, OUTCOME_LABELS } from './pack-text.ts';
import { useSitePacksStore } from './site-packs-store.ts';

const RESOLUTIONS: Array<{ value: ConflictResolution; label: string }> = [
  { value: 'keep-mine', label: 'Keep mine' },
  { value: 'take-theirs', label: 'Take the pack’s' },
  { value: 'keep-both', label: 'Keep both' },
];

/** Import: choose or drop a pack, see what it would add, change or leave alone, resolve conflicts, import all of it or nothing. */
export function PackImportPanel() {
  const { file, openPack, clear } = useSitePacksStore();
  const opened = useOpenedSitePacks();
  const otherOpened = opened.packs.filter((p) => p.token !== file?.token);
  const [passphrase, setPassphrase] = useState('');
  const [resolutions, setResolutions] = useState<Record<string, ConflictResolution>>({});
  const info = useEngineQuery('appInfo', []);
  const preview = useEngineMutation('packPreviewImport', { onSuccess: () => setResolutions({}) });
  const run = useEngineMutation('packImport', {
    onSuccess: () => {
      setPassphrase('');
      preview.reset();
      if (file) opened.taken(file.token);
    },
  });
  const p: PackPreview | undefined = preview.data;
  const conflicts = p?.items.filter((i) => i.action === 'conflict') ?? [];
  const unresolved = conflicts.filter((i) => !resolutions[i.key]).length;
  const withPassphrase = passphrase ? { passphrase } : {};

  return (
    <Stack gap="sm" data-testid="pack-import">
      <FileInput
        label="Site pack"
        value={file}
        onChange={(f) => {
          openPack(f);
          preview.reset();
          run.reset();
        }}
        extensions={['fieldkit']}
        testId="pack-import-file"
      />
      {otherOpened.length > 0 ? (
        <Group gap="xs" data-testid="pack-import-also-opened">
          <Text size="sm" c="dimmed">
            Also opened from the file manager:
          </Text>
          {otherOpened.map((pack) => (
            <Button key={pack.token} size="compact-sm" variant="light" onClick={() => openPack(pack)}>
              {pack.name}
            </Button>
          ))}
        </Group>
      ) : null}
      <PasswordInput
        label="Passphrase"
        description="Only for a pack made with secrets."
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        autoComplete="off"
        data-testid="pack-import-passphrase"
      />
      <Group>
        <Button
          variant="default"
          disabled={!file}
          loading={preview.isPending}
          onClick={() => file && preview.mutate({ file: { token: file.token }, ...withPassphrase })}
          data-testid="pack-import-preview"
        >
          Preview import
        </Button>
      </Group>
      {preview.error ? <ErrorAlert error={preview.error} title="The pack cannot be imported" testId="pack-import-refused" /> : null}
      {p ? (
        <Stack gap="xs" data-testid="pack-preview">
          <Text size="sm">
            Format {p.pack.formatVersion}, made by Fieldkit {p.pack.appVersion} on {new Date(p.pack.createdAt).toLocaleString()}.{' '}
            {holdsText(p.pack.holds)}
            {p.secrets === 'opened' ? ' Its secrets will go into this computer’s keychain.' : ''}
          </Text>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>What</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Import</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.items.map((item) => (
                <Table.Tr key={item.key} data-testid="pack-preview-row" data-action={item.action}>
                  <Table.Td>{KIND_LABELS[item.kind]}</Table.Td>
                  <Table.Td>
                    {item.name}
                    {item.carriesSecret ? (
                      <Badge ml="xs" size="xs" variant="light">
                        secret
                      </Badge>
                    ) : null}
                    {item.notes.map((n) => (
                      <Text key={n} size="xs" c="orange">
                        {n}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    {item.action === 'conflict' ? (
                      <Stack gap={4}>
                        <Text size="xs">This computer has a different “{item.existing}”.</Text>
                        <SegmentedControl
                          size="xs"
                          data={RESOLUTIONS}
                          value={resolutions[item.key] ?? ''}
                          onChange={(v) => setResolutions((r) => ({ ...r, [item.key]: v as ConflictResolution }))}
                          aria-label={`Resolve ${item.name}`}
                          data-testid="pack-conflict-resolution"
                        />
                      </Stack>
                    ) : (
                      ACTION_LABELS[item.action]
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button
              disabled={!file || unresolved > 0}
              loading={run.isPending}
              onClick={() => file && run.mutate({ file: { token: file.token }, resolutions, ...withPassphrase })}
              data-testid="pack-import-run"
            >
              Import
            </Button>
            {unresolved > 0 ? (
              <Text size="sm">Resolve {unresolved === 1 ? 'the conflict' : `the ${unresolved} conflicts`} first.</Text>
            ) : null}
          </Group>
        </Stack>
      ) : null}
      {run.error ? <ErrorAlert error={run.error} title="Nothing was imported" /> : null}
      {run.data ? (
        <Alert color="green" title="Imported" data-testid="pack-import-done">
          <Stack gap={2}>
            {run.data.items.map((i) => (
              <Text key={i.key} size="sm">
                {OUTCOME_LABELS[i.outcome]}: {KIND_LABELS[i.kind].toLowerCase()} {i.name}
              </Text>
            ))}
            <Text size="sm">
              {run.data.secretsSaved} secret{run.data.secretsSaved === 1 ? '' : 's'} saved{' '}
              {whereSecretsAreKept(info.data?.vault ?? { persistent: false }, 'app')}.
            </Text>
            {run.data.notes.map((n) => (
              <Text key={n} size="sm" c="orange">
                {n}
              </Text>
            ))}
            <Button variant="subtle" size="xs" onClick={clear}>
              Import another pack
            </Button>
          </Stack>
        </Alert>
      ) : null}
    </Stack>
  );
}
