import { Button, Group, Stack, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useEngineMutation } from '../api/engine-query.ts';
import { useAppStore } from '../store/app-store.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * A file path the user types, with the desktop file picker beside it. Only
 * the path travels: the engine reads the file, never this window. Outside the
 * desktop app the picker answers NOT_AVAILABLE_HERE, and the input says to
 * type the path instead.
 */
export function FilePathInput({
  label,
  value,
  onChange,
  extensions,
  testId,
  placeholder,
  error,
  rightSection,
}: {
  label: string;
  value: string;
  onChange: (path: string) => void;
  extensions: string[];
  testId: string;
  placeholder?: string;
  error?: string | undefined;
  /** Extra controls after Browse (a Remove button in a list of files, say). */
  rightSection?: ReactNode;
}) {
  const { noFilePicker, setNoFilePicker } = useAppStore();
  const picker = useEngineMutation('openFileDialog', {
    onSuccess: (r) => {
      if (r.path) onChange(r.path);
    },
    onError: (e) => {
      if (e.code === 'NOT_AVAILABLE_HERE') setNoFilePicker();
    },
  });
  const noPicker = noFilePicker || picker.error?.code === 'NOT_AVAILABLE_HERE';
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label={label}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          description={picker.error?.code === 'NOT_AVAILABLE_HERE' ? 'No file picker here: type the full path of the file.' : undefined}
          style={{ flex: 1, minWidth: 0 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid={testId}
          spellCheck={false}
        />
        <Button
          variant="default"
          loading={picker.isPending}
          disabled={noPicker}
          title={noPicker ? 'No file picker here: type the path' : undefined}
          onClick={() => picker.mutate({ title: label, filters: [{ name: label, extensions }] })}
          aria-label={`Browse for ${label}`}
          data-testid={`${testId}-browse`}
        >
          Browse…
        </Button>
        {rightSection}
      </Group>
      {picker.error && !noPicker ? <ErrorAlert error={picker.error} title="The file picker did not open" /> : null}
    </Stack>
  );
}
