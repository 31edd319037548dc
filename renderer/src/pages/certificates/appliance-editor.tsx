import { Button, Card, Group, NumberInput, PasswordInput, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { ApplianceProfile, ApplianceProfileInput } from '../../../../shared/schemas/certificates.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fieldError } from '../../format/error-text.ts';
import { PresentedCertificateCard } from './presented-certificate-card.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';
import { useSecretsKeptWhere } from '../../api/use-secrets-kept-where.ts';

type TrustMode = 'pinned' | 'ca';

/** Creates or edits one appliance profile; the password goes to the keychain once and the field is cleared. */
export function ApplianceEditor({ initial, onDone }: { initial?: ApplianceProfile; onDone: () => void }) {
  const keptWhere = useSecretsKeptWhere();
  const [id, setId] = useState(initial?.id ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [host, setHost] = useState(initial?.host ?? '');
  const [port, setPort] = useState<number>(initial?.port ?? 443);
  const [username, setUsername] = useState(initial?.username ?? 'nsroot');
  const [password, setPassword] = useState('');
  const [partition, setPartition] = useState(initial?.partition ?? '');
  const [mode, setMode] = useState<TrustMode>(initial?.trust.mode ?? 'pinned');
  const [fingerprint, setFingerprint] = useState(initial?.trust.mode === 'pinned' ? initial.trust.fingerprint256 : '');
  const [caPem, setCaPem] = useState(initial?.trust.mode === 'ca' ? initial.trust.caPem : '');
  const fetched = useEngineMutation('applianceFetchCertificate');
  const saved = useEngineMutation('applianceProfileSave', {
    onSuccess: () => {
      setPassword('');
      onDone();
    },
  });
  const presented = fetched.data;
  const message = (field: string) => fieldError(saved.error, field);

  function save() {
    const profile: ApplianceProfileInput = {
      id: id.trim(),
      host: host.trim(),
      port,
      username: username.trim(),
      trust: mode === 'pinned' ? { mode, fingerprint256: fingerprint } : { mode, caPem },
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(partition.trim() ? { partition: partition.trim() } : {}),
      ...(initial?.peerProfileId ? { peerProfileId: initial.peerProfileId } : {}),
    };
    saved.mutate({ profile, ...(password ? { password } : {}) });
  }

  return (
    <Card withBorder data-testid="appliance-editor">
      <Stack gap="xs">
        <Title order={4}>{initial ? `Edit ${initial.name ?? initial.id}` : 'New appliance'}</Title>
        <Group grow align="flex-start">
          <TextInput
            label="Profile id"
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            disabled={Boolean(initial)}
            error={message('id')}
            data-testid="appliance-id"
          />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="appliance-name" />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="NSIP or host name"
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            error={message('host')}
            data-testid="appliance-host"
          />
          <NumberInput
            label="Port"
            value={port}
            min={1}
            max={65535}
            onChange={(v) => setPort(typeof v === 'number' ? v : Number(v) || 443)}
            data-testid="appliance-port"
          />
          <TextInput
            label="Admin partition (optional)"
            value={partition}
            onChange={(e) => setPartition(e.currentTarget.value)}
            data-testid="appliance-partition"
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="NITRO user"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            data-testid="appliance-username"
          />
          <PasswordInput
            label="Password"
            description={`Kept ${keptWhere}; leave empty to keep the saved one. A new address, port, user or trust forgets it.`}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="appliance-password"
          />
        </Group>
        <Text size="sm" fw={500}>
          Trust for the management interface
        </Text>
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v)}
          data={[
            { value: 'pinned', label: 'Pin its certificate' },
            { value: 'ca', label: 'CA certificate' },
          ]}
          data-testid="appliance-trust-mode"
        />
        {mode === 'pinned' ? (
          <Stack gap="xs">
            <Group align="end">
              <Button
                variant="light"
                onClick={() => fetched.mutate({ host: host.trim(), port })}
                loading={fetched.isPending}
                disabled={!host.trim()}
                data-testid="fetch-certificate"
              >
                Fetch its certificate
              </Button>
              <NeedsNetwork action="applianceFetchCertificate" />
              <TextInput
                style={{ flex: 1 }}
                label="Pinned SHA-256 fingerprint"
                value={fingerprint}
                onChange={(e) => setFingerprint(e.currentTarget.value)}
                error={message('fingerprint256')}
                data-testid="appliance-fingerprint"
              />
            </Group>
            {presented ? (
              <PresentedCertificateCard
                cert={presented}
                accepted={fingerprint === presented.fingerprint256}
                onAccept={() => setFingerprint(presented.fingerprint256)}
              />
            ) : null}
          </Stack>
        ) : (
          <Textarea
            label="CA certificate (PEM) that issued the management certificate"
            autosize
            minRows={3}
            maxRows={10}
            value={caPem}
            onChange={(e) => setCaPem(e.currentTarget.value)}
            error={message('caPem')}
            placeholder="-----BEGIN CERTIFICATE-----"
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
            data-testid="appliance-ca-pem"
          />
        )}
        {fetched.error ? <ErrorAlert error={fetched.error} title="The appliance's certificate could not be fetched" /> : null}
        {saved.error ? <ErrorAlert error={saved.error} title="The appliance profile was not saved" /> : null}
        <Group>
          <Button onClick={save} loading={saved.isPending} data-testid="appliance-save">
            Save profile
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
