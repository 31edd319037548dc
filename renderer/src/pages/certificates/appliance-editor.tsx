import { Button, Card, Group, NumberInput, PasswordInput, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { ApplianceProfile, ApplianceProfileInput, PresentedCertificate } from '../../../../shared/schemas/certificates.ts';
import { call, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useCertificatesStore } from './certificates-store.ts';
import { PresentedCertificateCard } from './presented-certificate-card.tsx';

type TrustMode = 'pinned' | 'ca';

/** Creates or edits one appliance profile; the password goes to the keychain once and the field is cleared. */
export function ApplianceEditor({ initial, onDone }: { initial?: ApplianceProfile; onDone(): void }) {
  const refreshProfiles = useCertificatesStore((s) => s.refreshProfiles);
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
  const [presented, setPresented] = useState<PresentedCertificate>();
  const [error, setError] = useState<FieldkitError>();
  const [busy, setBusy] = useState(false);

  async function fetchCertificate() {
    setBusy(true);
    setError(undefined);
    try {
      setPresented(await call('applianceFetchCertificate', { host: host.trim(), port }));
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setBusy(true);
    setError(undefined);
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
    try {
      await call('applianceProfileSave', { profile, ...(password ? { password } : {}) });
      setPassword('');
      await refreshProfiles();
      onDone();
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder data-testid="appliance-editor">
      <Stack gap="xs">
        <Title order={4}>{initial ? `Edit ${initial.name ?? initial.id}` : 'New appliance'}</Title>
        <Group grow>
          <TextInput
            label="Profile id"
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            disabled={Boolean(initial)}
            data-testid="appliance-id"
          />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="appliance-name" />
        </Group>
        <Group grow>
          <TextInput label="NSIP or host name" value={host} onChange={(e) => setHost(e.currentTarget.value)} data-testid="appliance-host" />
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
        <Group grow>
          <TextInput
            label="NITRO user"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            data-testid="appliance-username"
          />
          <PasswordInput
            label="Password"
            description="Kept in the keychain; leave empty to keep the saved one."
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
          onChange={(v) => setMode(v as TrustMode)}
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
                onClick={() => void fetchCertificate()}
                loading={busy}
                disabled={!host.trim()}
                data-testid="fetch-certificate"
              >
                Fetch its certificate
              </Button>
              <TextInput
                style={{ flex: 1 }}
                label="Pinned SHA-256 fingerprint"
                value={fingerprint}
                onChange={(e) => setFingerprint(e.currentTarget.value)}
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
            placeholder="-----BEGIN CERTIFICATE-----"
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
            data-testid="appliance-ca-pem"
          />
        )}
        {error ? <ErrorAlert error={error} /> : null}
        <Group>
          <Button onClick={() => void save()} loading={busy} data-testid="appliance-save">
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
