import { ActionIcon, TextInput } from '@mantine/core';
import { call } from '../../api/client.ts';

/** A typed file path, with the desktop file picker when the engine offers one. */
export function PathInput({
  label,
  value,
  onChange,
  testId,
  extensions,
  onUnavailable,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  testId: string;
  extensions: string[];
  onUnavailable(): void;
}) {
  async function browse() {
    try {
      const r = await call('openFileDialog', { title: label, filters: [{ name: label, extensions }] });
      if (r.path) onChange(r.path);
    } catch {
      // Outside the desktop app there is no picker: the user types the path.
      onUnavailable();
    }
  }
  return (
    <TextInput
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data-testid={testId}
      styles={{ input: { fontFamily: 'monospace' } }}
      rightSection={
        <ActionIcon variant="subtle" aria-label={`Browse for ${label}`} onClick={() => void browse()}>
          …
        </ActionIcon>
      }
    />
  );
}
