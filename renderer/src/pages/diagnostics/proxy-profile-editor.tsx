import { Alert, Badge, Button, Card, Group, NumberInput, PasswordInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { ProxyTestResult, ProxyType } from '../../../../shared/schemas/diagnostics.ts';
import type { ProxyProfileState } from '../../../../shared/schemas/profiles.ts';
import type { Region } from '../../../../shared/schemas/endpoint-catalog.ts';
import { call, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

const TYPES: Array<{ value: ProxyType; label: string }> = [
  { value: 'explicit', label: 'Explicit proxy' },
  { value: 'explicit-ssl-intercepting', label: 'Explicit, SSL-intercepting' },
  { value: 'transparent-ssl-intercepting', label: 'Transparent, SSL-intercepting' },
];

/** Splits pasted PEM text into one string per certificate, as the profile schema wants. */
function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? (text.trim() ? [text.trim()] : []);
}

function newId(): string {
  return `proxy-${crypto.randomUUID().slice(0, 8)}`;
}

export function ProxyProfileEditor({
  state,
  region,
  onSaved,
  onDeleted,
}: {
  state: ProxyProfileState | undefined;
  region: Region;
  onSaved: (s: ProxyProfileState) => void;
  onDeleted: (id: string) => void;
}) {
  const p = state?.profile;
  const [id] = useState(p?.id ?? newId());
  const [name, setName] = useState(p?.name ?? '');
  const [type, setType] = useState<ProxyType>(p?.type ?? 'explicit');
  const [host, setHost] = useState(p && p.type !== 'transparent-ssl-intercepting' ? p.host : '');
  const [port, setPort] = useState<number | string>(p && p.type !== 'transparent-ssl-intercepting' ? p.port : 8080);
  const [username, setUsername] = useState(p && p.type !== 'transparent-ssl-intercepting' ? (p.username ?? '') : '');
  const [password, setPassword] = useState('');
  const [pem, setPem] = useState((p?.caCertificates ?? []).join('\n'));
  const [passwordSaved, setPasswordSaved] = useState(state?.passwordSaved ?? false);
  const [error, setError] = useState<FieldkitError>();
  const [busy, setBusy] = useState(false);
  const [test, setTest] = useState<ProxyTestResult>();
  const [testError, setTestError] = useState<FieldkitError>();

  const fieldError = (f: string) => (error?.field && error.field.includes(f) ? error.message : undefined);

  async function save() {
    setBusy(true);
    setError(undefined);
    const cas = splitPem(pem);
    const base = { id, ...(name.trim() ? { name: name.trim() } : {}), ...(cas.length ? { caCertificates: cas } : {}) };
    const profile =
      type === 'transparent-ssl-intercepting'
        ? { ...base, type }
        : {
            ...base,
            type,
            host: host.trim(),
            port: typeof port === 'number' ? port : Number.NaN,
            ...(username.trim() ? { username: username.trim() } : {}),
          };
    try {
      const saved = await call('proxyProfileSave', { profile, ...(password ? { password } : {}) });
      setPassword('');
      setPasswordSaved(saved.passwordSaved);
      onSaved(saved);
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setBusy(false);
    }
  }

  async function runTest() {
    setBusy(true);
    setTest(undefined);
    setTestError(undefined);
    try {
      setTest(await call('proxyTest', { proxyProfileId: id, region }));
    } catch (err) {
      setTestError(toFieldkitError(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    try {
      await call('proxyProfileDelete', { id });
      onDeleted(id);
    } catch (err) {
      setError(toFieldkitError(err));
    }
  }

  const explicit = type !== 'transparent-ssl-intercepting';
  return (
    <Card withBorder data-testid="proxy-editor">
      <Stack gap="xs">
        <Group grow>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="proxy-name" />
          <Select
            label="Type"
            data={TYPES}
            value={type}
            onChange={(v) => v && setType(v as ProxyType)}
            allowDeselect={false}
            data-testid="proxy-type"
          />
        </Group>
        {explicit ? (
          <>
            <Group grow>
              <TextInput
                label="Host"
                value={host}
                onChange={(e) => setHost(e.currentTarget.value)}
                error={fieldError('host')}
                data-testid="proxy-host"
              />
              <NumberInput
                label="Port"
                value={port}
                onChange={setPort}
                min={1}
                max={65535}
                error={fieldError('port')}
                data-testid="proxy-port"
              />
            </Group>
            <Group grow align="flex-start">
              <TextInput
                label="Username (Basic auth, optional)"
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={fieldError('username')}
                data-testid="proxy-username"
              />
              <PasswordInput
                label="Password"
                description={passwordSaved ? 'Password saved in the keychain; type a new one to replace it.' : 'Not saved.'}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-testid="proxy-password"
              />
            </Group>
            {passwordSaved ? (
              <Badge color="green" variant="light" data-testid="proxy-password-state">
                password saved
              </Badge>
            ) : null}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            A transparent proxy needs no address: the check goes direct, and only the proxy's CA matters.
          </Text>
        )}
        <Textarea
          label="CA certificates (PEM)"
          description="The proxy's CA, added to the trust for the check."
          autosize
          minRows={2}
          maxRows={8}
          value={pem}
          onChange={(e) => setPem(e.currentTarget.value)}
          error={fieldError('caCertificates')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="proxy-ca"
        />
        {error && !error.field ? (
          <ErrorAlert error={error} />
        ) : error ? (
          <ErrorAlert error={error} title="The proxy profile was not saved" />
        ) : null}
        <Group>
          <Button onClick={save} loading={busy} data-testid="proxy-save">
            Save profile
          </Button>
          <Button variant="light" onClick={runTest} disabled={busy || !state} data-testid="proxy-test">
            Test proxy
          </Button>
          {state ? (
            <Button variant="subtle" color="red" onClick={remove} data-testid="proxy-delete">
              Delete
            </Button>
          ) : null}
        </Group>
        {testError ? <ErrorAlert error={testError} title="The proxy test did not run" /> : null}
        {test ? (
          <Alert color={test.ok ? 'green' : 'red'} title={test.ok ? 'Proxy works' : 'Proxy problem'} data-testid="proxy-test-result">
            <Text size="sm">{test.summary}</Text>
            <Text size="xs" c="dimmed">
              Probed {test.probedHost}; authentication {test.authentication}
              {test.proxyServer ? `; proxy server ${test.proxyServer}` : ''}.
            </Text>
            {test.result.failure ? (
              <Text size="sm" mt={4}>
                {test.result.failure.fix}
              </Text>
            ) : null}
          </Alert>
        ) : null}
      </Stack>
    </Card>
  );
}
