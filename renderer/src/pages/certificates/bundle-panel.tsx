import { Button, Group, PasswordInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import { call, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { BundleReportView } from './bundle-report-view.tsx';
import { useCertificatesStore } from './certificates-store.ts';
import { PathInput } from './path-input.tsx';

type Source = 'pem' | 'pfx';

/** Loads a bundle by path: the engine reads the files, so the key never enters this window. */
export function BundlePanel() {
  const { bundle, setBundle } = useCertificatesStore();
  const [source, setSource] = useState<Source>('pem');
  const [certPath, setCertPath] = useState('');
  const [keyPath, setKeyPath] = useState('');
  const [chainPath, setChainPath] = useState('');
  const [pfxPath, setPfxPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [noPicker, setNoPicker] = useState(false);
  const [error, setError] = useState<FieldkitError>();
  const [busy, setBusy] = useState(false);

  async function load() {
    setBusy(true);
    setError(undefined);
    const files = source === 'pem' ? { certPath, keyPath, ...(chainPath.trim() ? { chainPath } : {}) } : { pfxPath };
    try {
      const r = await call('bundleLoad', { files, ...(passphrase ? { passphrase } : {}) });
      setBundle({ ...r, label: source === 'pem' ? certPath : pfxPath });
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setPassphrase('');
      setBusy(false);
    }
  }

  const onUnavailable = () => setNoPicker(true);
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={source}
        onChange={(v) => setSource(v as Source)}
        data={[
          { value: 'pem', label: 'PEM certificate and key' },
          { value: 'pfx', label: 'PFX / PKCS#12' },
        ]}
        data-testid="bundle-source"
      />
      {noPicker ? (
        <Text size="xs" c="dimmed">
          No file picker here: type the full path of each file.
        </Text>
      ) : null}
      {source === 'pem' ? (
        <>
          <PathInput
            label="Certificate file"
            value={certPath}
            onChange={setCertPath}
            testId="bundle-cert-path"
            extensions={['pem', 'crt', 'cer']}
            onUnavailable={onUnavailable}
          />
          <PathInput
            label="Private key file"
            value={keyPath}
            onChange={setKeyPath}
            testId="bundle-key-path"
            extensions={['pem', 'key']}
            onUnavailable={onUnavailable}
          />
          <PathInput
            label="Chain file (optional)"
            value={chainPath}
            onChange={setChainPath}
            testId="bundle-chain-path"
            extensions={['pem', 'crt', 'cer']}
            onUnavailable={onUnavailable}
          />
        </>
      ) : (
        <PathInput
          label="PFX file"
          value={pfxPath}
          onChange={setPfxPath}
          testId="bundle-pfx-path"
          extensions={['pfx', 'p12']}
          onUnavailable={onUnavailable}
        />
      )}
      <PasswordInput
        label={source === 'pem' ? 'Key passphrase (if the key is encrypted)' : 'PFX passphrase'}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        data-testid="bundle-passphrase"
      />
      <Group>
        <Button onClick={() => void load()} loading={busy} data-testid="bundle-load">
          Load and validate
        </Button>
      </Group>
      {error ? <ErrorAlert error={error} /> : null}
      {bundle ? <BundleReportView report={bundle.report} /> : null}
    </Stack>
  );
}
