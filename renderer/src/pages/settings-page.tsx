import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import { useState } from 'react';
import type { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { SecretState } from '../../../shared/schemas/secrets.ts';
import { call, toFieldkitError } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useAppStore } from '../store/app-store.ts';

type Theme = 'system' | 'light' | 'dark';

export function SettingsPage() {
  const { vault, settings, notices, setSettings } = useAppStore();
  const { setColorScheme } = useMantineColorScheme();
  const [themeError, setThemeError] = useState<FieldkitError>();

  async function changeTheme(theme: Theme) {
    try {
      const next = await call('settingsUpdate', { patch: { appearance: { theme } } });
      setSettings(next);
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
            onChange={(v) => void changeTheme(v as Theme)}
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

      <TestCredentialCard />
    </Stack>
  );
}

/** The end-to-end slice: a secret goes to the keychain and only "saved / not saved" comes back. */
function TestCredentialCard() {
  const [profileId, setProfileId] = useState('lab');
  const [secret, setSecret] = useState('');
  const [state, setState] = useState<SecretState>();
  const [error, setError] = useState<FieldkitError>();
  const [busy, setBusy] = useState(false);

  async function run(op: () => Promise<SecretState>) {
    setBusy(true);
    try {
      setState(await op());
      setError(undefined);
      setSecret('');
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setBusy(false);
    }
  }

  const ref = { kind: 'test' as const, profileId };
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>Test credential</Title>
        <Text size="sm" c="dimmed">
          Save a throwaway secret to check that the keychain works on this machine, then delete it.
        </Text>
        <Group align="end">
          <TextInput
            label="Profile"
            w={220}
            value={profileId}
            onChange={(e) => setProfileId(e.currentTarget.value)}
            error={error?.field === 'ref.profileId' ? 'Letters, digits, dot, dash and underscore only' : undefined}
            data-testid="credential-profile"
          />
          <PasswordInput
            label="Secret"
            w={260}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={error?.field === 'value' ? 'Type the secret first' : undefined}
            data-testid="credential-secret"
            autoComplete="off"
          />
          <Button loading={busy} onClick={() => void run(() => call('secretSave', { ref, value: secret }))} data-testid="credential-save">
            Save
          </Button>
          <Button
            variant="default"
            loading={busy}
            onClick={() => void run(() => call('secretStatus', { ref }))}
            data-testid="credential-check"
          >
            Check
          </Button>
          <Button
            color="red"
            variant="light"
            loading={busy}
            onClick={() => void run(() => call('secretDelete', { ref }))}
            data-testid="credential-delete"
          >
            Delete
          </Button>
        </Group>
        {state ? (
          <Badge color={state.saved ? 'green' : 'gray'} data-testid="credential-state" aria-live="polite">
            {state.saved ? 'Saved' : 'Not saved'}
          </Badge>
        ) : null}
        {error ? <ErrorAlert error={error} /> : null}
      </Stack>
    </Card>
  );
}
