import { Alert, Badge, Button, Card, Group, NumberInput, PasswordInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { ProxyType } from '../../../../shared/schemas/diagnostics.ts';
import type { GrantedFile } from '../../../../shared/schemas/files.ts';
import type { ProxyProfileState } from '../../../../shared/schemas/profiles.ts';
import type { Region } from '../../../../shared/schemas/endpoint-catalog.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FileInput } from '../../components/file-input.tsx';
import { fieldError } from '../../format/error-text.ts';
import { NeedsNetwork } from '../../components/needs-network.tsx';
import { useSecretsKeptWhere } from '../../api/use-secrets-kept-where.ts';

const TYPES: Array<{ value: ProxyType; label: string }> = [
  { value: 'explicit', label: 'Explicit proxy' },
  { value: 'explicit-ssl-intercepting', label: 'Explicit, SSL-intercepting' },
  { value: 'transparent-ssl-intercepting', label: 'Transparent, SSL-intercepting' },
];

/** The file types a CA certificate comes in. */
export const CA_EXTENSIONS = ['pem', 'crt', 'cer', 'der'];

/** Adds certificates to the PEM text, one per line block, leaving out any it holds already. */
function withCertificates(text: string, added: string[]): string {
  const fresh = added.map((c) => c.trim()).filter((c) => !text.includes(c));
  return [text.trim(), ...fresh].filter(Boolean).join('\n');
}

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
  defaultPort = 8080,
  foundCaPem,
}: {
  state: ProxyProfileState | undefined;
  region: Region;
  onSaved: (s: ProxyProfileState) => void;
  onDeleted: (id: string) => void;
  /** The port a new profile starts with. */
  defaultPort?: number;
  /** The CA a check found intercepting TLS, offered for the profile's CA list. */
  foundCaPem?: string | undefined;
}) {
  const keptWhere = useSecretsKeptWhere();
  const p = state?.profile;
  const [id] = useState(p?.id ?? newId());
  const [name, setName] = useState(p?.name ?? '');
  const [type, setType] = useState<ProxyType>(p?.type ?? 'explicit');
  const [host, setHost] = useState(p && p.type !== 'transparent-ssl-intercepting' ? p.host : '');
  const [port, setPort] = useState<number | string>(p && p.type !== 'transparent-ssl-intercepting' ? p.port : defaultPort);
  const [username, setUsername] = useState(p && p.type !== 'transparent-ssl-intercepting' ? (p.username ?? '') : '');
  const [password, setPassword] = useState('');
  const [pem, setPem] = useState((p?.caCertificates ?? []).join('\n'));
  const save = useEngineMutation('proxyProfileSave', {
    onSuccess: (saved) => {
      setPassword('');
      onSaved(saved);
    },
  });
  const test = useEngineMutation('proxyTest');
  const [caFile, setCaFile] = useState<GrantedFile>();
  const readCa = useEngineMutation('caFileRead', { onSuccess: (r) => setPem((t) => withCertificates(t, r.certificates)) });
  const remove = useEngineMutation('proxyProfileDelete', { onSuccess: () => onDeleted(id) });
  const busy = save.isPending || test.isPending || remove.isPending;
  const passwordSaved = state?.passwordSaved ?? false;
  const fieldMessage = (f: string) => fieldError(save.error, f);

  function submit() {
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
    save.mutate({ profile, ...(password ? { password } : {}) });
  }

  const explicit = type !== 'transparent-ssl-intercepting';
  return (
    <Card withBorder data-testid="proxy-editor">
      <Stack gap="xs">
        <Group grow align="flex-start">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="proxy-name" />
          <Select label="Type" data={TYPES} value={type} onChange={(v) => v && setType(v)} allowDeselect={false} data-testid="proxy-type" />
        </Group>
        {explicit ? (
          <>
            <Group grow align="flex-start">
              <TextInput
                label="Host"
                value={host}
                onChange={(e) => setHost(e.currentTarget.value)}
                error={fieldMessage('host')}
                data-testid="proxy-host"
              />
              <NumberInput
                label="Port"
                value={port}
                onChange={setPort}
                min={1}
                max={65535}
                error={fieldMessage('port')}
                data-testid="proxy-port"
              />
            </Group>
            <Group grow align="flex-start">
              <TextInput
                label="Username (Basic auth, optional)"
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={fieldMessage('username')}
                data-testid="proxy-username"
              />
              <PasswordInput
                label="Password"
                description={
                  passwordSaved
                    ? `Password saved ${keptWhere}; type a new one to replace it. A new host, port or username forgets it.`
                    : 'Not saved.'
                }
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
          error={fieldMessage('caCertificates')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="proxy-ca"
        />
        <FileInput
          label="Add the proxy's CA from a file"
          value={caFile}
          onChange={(f) => {
            setCaFile(f);
            readCa.mutate({ file: { token: f.token } });
          }}
          extensions={CA_EXTENSIONS}
          testId="proxy-ca-file"
        />
        {readCa.error ? <ErrorAlert error={readCa.error} title="No CA was added from that file" /> : null}
        {foundCaPem && !pem.includes(foundCaPem.trim()) ? (
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() => setPem((t) => withCertificates(t, [foundCaPem]))}
              data-testid="proxy-ca-use-found"
            >
              Add the CA Check Connectivity found intercepting
            </Button>
          </Group>
        ) : null}
        {save.error ? <ErrorAlert error={save.error} title="The proxy profile was not saved" /> : null}
        {remove.error ? <ErrorAlert error={remove.error} title="The proxy profile was not deleted" /> : null}
        <Group>
          <Button onClick={submit} loading={save.isPending} disabled={busy && !save.isPending} data-testid="proxy-save">
            Save profile
          </Button>
          <Button
            variant="light"
            onClick={() => test.mutate({ proxyProfileId: id, region })}
            loading={test.isPending}
            disabled={busy || !state}
            data-testid="proxy-test"
          >
            Test proxy
          </Button>
          <NeedsNetwork action="proxyTest" />
          {state ? (
            <Button
              variant="subtle"
              color="red"
              onClick={() => remove.mutate({ id })}
              loading={remove.isPending}
              data-testid="proxy-delete"
            >
              Delete
            </Button>
          ) : null}
        </Group>
        {test.error ? <ErrorAlert error={test.error} title="The proxy test did not run" /> : null}
        {test.data ? (
          <Alert
            color={test.data.ok ? 'green' : 'red'}
            title={test.data.ok ? 'Proxy works' : 'Proxy problem'}
            data-testid="proxy-test-result"
          >
            <Text size="sm">{test.data.summary}</Text>
            <Text size="xs" c="dimmed">
              Probed {test.data.probedHost}; authentication {test.data.authentication}
              {test.data.proxyServer ? `; proxy server ${test.data.proxyServer}` : ''}.
            </Text>
            {test.data.result.failure ? (
              <Text size="sm" mt={4}>
                {test.data.result.failure.fix}
              </Text>
            ) : null}
          </Alert>
        ) : null}
      </Stack>
    </Card>
  );
}
