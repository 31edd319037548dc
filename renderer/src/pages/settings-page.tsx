import { Alert, Badge, Card, Group, SegmentedControl, Stack, Text, Title, useMantineColorScheme } from '@mantine/core';
import { useState } from 'react';
import type { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { call, toFieldkitError } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useAppStore } from '../store/app-store.ts';

type Theme = 'system' | 'light' | 'dark';

export function SettingsPage() {
  const store = useAppStore();
  const { vault, settings, notices } = store;
  const { setColorScheme } = useMantineColorScheme();
  const [themeError, setThemeError] = useState<FieldkitError>();

  async function changeTheme(theme: Theme) {
    try {
      const next = await call('settingsUpdate', { patch: { appearance: { theme } } });
      store.setSettings(next);
      setColorScheme(theme === 'system' ? 'auto' : theme);
      setThemeError(undefined);
    } catch (err) {
      setThemeError(toFieldkitError(err));
    }
  }

  return (
    <Stack gap="lg">
      <Title order={2}>Settings</Title>
      {notices.map((n) => (
        <Alert key={n.at + n.code} color="orange" title="Your data folder needs attention" data-testid="storage-notice">
          <Text size="sm">{n.message}</Text>
          {n.hint ? (
            <Text size="sm" c="dimmed">
              {n.hint}
            </Text>
          ) : null}
        </Alert>
      ))}

      <Card withBorder>
        <Stack gap="xs">
          <Title order={4}>Appearance</Title>
          <SegmentedControl
            aria-label="Theme"
            value={settings?.appearance.theme ?? 'system'}
            onChange={(v) => void changeTheme(v)}
            data={[
              { label: 'Follow the system', value: 'system' },
              { label: 'Light', value: 'light' },
              { label: 'Dark', value: 'dark' },
            ]}
          />
          {themeError ? <ErrorAlert error={themeError} /> : null}
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={4}>Keychain</Title>
            {vault ? (
              <Badge color={vault.persistent ? 'green' : 'orange'} data-testid="vault-backend">
                {vault.persistent ? 'Operating system keychain' : 'Memory only (this session)'}
              </Badge>
            ) : null}
          </Group>
          {vault && !vault.persistent ? (
            <Alert color="orange" title="Secrets will not be remembered" data-testid="vault-warning">
              {vault.reason}
            </Alert>
          ) : (
            <Text size="sm" c="dimmed">
              Passwords, passphrases and webhook URLs are stored in the operating system keychain. Fieldkit only ever shows whether one is
              saved.
            </Text>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
