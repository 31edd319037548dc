import { Button, Group, Input, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { DragEvent, ReactNode } from 'react';
import type { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { GrantedFile } from '../../../shared/schemas/files.ts';
import { grantDroppedFile, toFieldkitError } from '../api/client.ts';
import { useEngineMutation } from '../api/engine-query.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * The one file picker: a file the user chose in the desktop app's dialog, or
 * dropped on it, shown by its name. The window gets a token for the file and hands it back;
 * it never sees, shows or types a path, and the engine reads the file.
 */
export function FileInput({
  label,
  value,
  onChange,
  extensions,
  testId,
  error,
  rightSection,
}: {
  label: string;
  value: GrantedFile | undefined;
  onChange: (file: GrantedFile) => void;
  extensions: string[];
  testId: string;
  error?: string | undefined;
  /** Extra controls after Choose (a Remove button in a list of files, say). */
  rightSection?: ReactNode;
}) {
  const picker = useEngineMutation('openFileDialog', {
    onSuccess: (r) => {
      if (r.file) onChange(r.file);
    },
  });
  const dropped = useMutation<GrantedFile, FieldkitError, File>({
    mutationFn: async (file) => {
      try {
        return await grantDroppedFile(file);
      } catch (err) {
        throw toFieldkitError(err);
      }
    },
    onSuccess: onChange,
  });
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) dropped.mutate(file);
  };
  const failed = picker.error ?? dropped.error;
  return (
    <Stack gap={4}>
      <Input.Wrapper label={label} error={error}>
        <Group gap="xs" wrap="nowrap" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid={`${testId}-drop`}>
          <Text
            size="sm"
            c={value ? undefined : 'dimmed'}
            style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            data-testid={testId}
          >
            {value ? value.name : 'No file chosen: choose one or drop it here'}
          </Text>
          <Button
            variant="default"
            loading={picker.isPending || dropped.isPending}
            onClick={() => picker.mutate({ title: label, filters: [{ name: label, extensions }] })}
            aria-label={`Choose ${label}`}
            data-testid={`${testId}-choose`}
          >
            Choose…
          </Button>
          {rightSection}
        </Group>
      </Input.Wrapper>
      {failed ? (
        <ErrorAlert error={failed} title={picker.error ? 'The file picker did not open' : 'The dropped file was not taken'} />
      ) : null}
    </Stack>
  );
}
