import { Alert, Badge, Card, Group, NumberInput, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { Settings } from '../../../shared/schemas/settings.ts';
import { engineKey, useEngineMutation, useEngineQuery } from '../api/engine-query.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatDateTime } from '../format/format-date.ts';

type Theme = Settings['appearance']['theme'];

const THEMES: Array<{ label: string; value: Theme }> = [
  { label: 'Follow the system', value: 'system' },
  { label: 'Light', value: 'light' },
  { label: 'Dark', value: 'dark' },
];

export function SettingsPage() {
  const client = useQueryClient();
  const info = useEngineQuery('appInfo', []);
  const settings = useEngineQuery('settingsGet', []);
  const notices = useEngineQuery('storageNotices', []);
  // The answer is the new settings: it goes straight into the cache, and the saved theme applies from there.
  const updateTheme = useEngineMutation('settingsUpdate', { onSuccess: (next) => client.setQueryData(engineKey('settingsGet'), next) });
  const updateInterval = useEngineMutation('settingsUpdate', { onSuccess: (next) => client.setQueryData(engineKey('settingsGet'), next) });
  const vault = info.data?.vault;

  return (
    <Stack gap="lg">
      <Title order={2}>Settings</Title>
      {notices.error ? <ErrorAlert error={notices.error} title="The data folder could not be checked" /> : null}
      {(notices.data ?? []).map((n) => (
        <Alert key={n.at + n.code} color="orange" title="Your data folder needs attention" data-testid="storage-notice">
          <Text size="sm">{n.message}</Text>
          {n.hint ? (
            <Text size="sm" c="dimmed">
              {n.hint}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {formatDateTime(n.at)}
          </Text>
        </Alert>
      ))}

      <Card withBorder>
        <Stack gap="xs">
          <Title order={4}>Appearance</Title>
          <SegmentedControl
            aria-label="Theme"
            value={updateTheme.isPending ? updateTheme.variables.patch.appearance?.theme : (settings.data?.appearance.theme ?? 'system')}
            onChange={(v) => updateTheme.mutate({ patch: { appearance: { theme: v } } })}
            data={THEMES}
            style={{ alignSelf: 'flex-start' }}
            data-testid="theme"
          />
          {settings.error ? <ErrorAlert error={settings.error} title="The settings could not be read" /> : null}
          {updateTheme.error ? <ErrorAlert error={updateTheme.error} title="The theme was not saved" /> : null}
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="xs">
          <Title order={4}>Cloud Connect status</Title>
          <NumberInput
            label="Refresh every (hours)"
            description="Console refreshes its Cloud Connect status every six hours; Fieldkit refreshes every site on the same rhythm while it is open."
            min={0.25}
            max={168}
            step={1}
            decimalScale={2}
            // Keyed by the saved value: a refused entry shows the saved one again.
            key={settings.data?.cloudConnect.refreshIntervalHours}
            defaultValue={settings.data?.cloudConnect.refreshIntervalHours ?? 6}
            onBlur={(e) => {
              const hours = Number(e.currentTarget.value);
              if (e.currentTarget.value !== '' && hours !== settings.data?.cloudConnect.refreshIntervalHours)
                updateInterval.mutate({ patch: { cloudConnect: { refreshIntervalHours: hours } } });
            }}
            style={{ maxWidth: 260 }}
            data-testid="cc-refresh-interval"
          />
          {updateInterval.error ? <ErrorAlert error={updateInterval.error} title="The refresh interval was not saved" /> : null}
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
          {info.error ? <ErrorAlert error={info.error} title="The keychain state could not be read" /> : null}
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
