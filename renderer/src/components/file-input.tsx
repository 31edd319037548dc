import { Button, Group, Input, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { GrantedFile } from '../../../shared/schemas/files.ts';
import { useEngineMutation } from '../api/engine-query.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * The one file picker: a file the user chose in the desktop app's dialog,
 * shown by its name. The window gets a token for the file and hands it back;
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
  return (
    <Stack gap={4}>
      <Input.Wrapper label={label} error={error} id={`${testId}-label`}>
        <Group gap="xs" wrap="nowrap">
          <Text
            size="sm"
            c={value ? undefined : 'dimmed'}
            style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            data-testid={testId}
            aria-labelledby={`${testId}-label-label`}
          >
            {value ? value.name : 'No file chosen'}
          </Text>
          <Button
            variant="default"
            loading={picker.isPending}
            onClick={() => picker.mutate({ title: label, filters: [{ name: label, extensions }] })}
            aria-label={`Choose ${label}`}
            data-testid={`${testId}-choose`}
          >
            Choose…
          </Button>
          {rightSection}
        </Group>
      </Input.Wrapper>
      {picker.error ? <ErrorAlert error={picker.error} title="The file picker did not open" /> : null}
    </Stack>
  );
}
