import { Button, Group, PasswordInput, SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fieldError } from '../../format/error-text.ts';
import { FilePathInput } from '../../components/file-path-input.tsx';
import { BundleReportView } from './bundle-report-view.tsx';
import { useCertificatesStore } from './certificates-store.ts';

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
  const loaded = useEngineMutation('bundleLoad', {
    onSuccess: (r) => setBundle({ ...r, label: source === 'pem' ? certPath : pfxPath }),
    // The passphrase is needed once: it is not kept in the form, whatever the answer.
    onSettled: () => setPassphrase(''),
  });
  const message = (field: string) => fieldError(loaded.error, field);

  function load() {
    const files = source === 'pem' ? { certPath, keyPath, ...(chainPath.trim() ? { chainPath } : {}) } : { pfxPath };
    loaded.mutate({ files, ...(passphrase ? { passphrase } : {}) });
  }

  return (
    <Stack gap="sm">
      <SegmentedControl
        value={source}
        onChange={(v) => setSource(v)}
        data={[
          { value: 'pem', label: 'PEM certificate and key' },
          { value: 'pfx', label: 'PFX / PKCS#12' },
        ]}
        data-testid="bundle-source"
      />
      {source === 'pem' ? (
        <>
          <FilePathInput
            label="Certificate file"
            value={certPath}
            onChange={setCertPath}
            testId="bundle-cert-path"
            extensions={['pem', 'crt', 'cer']}
            error={message('certPath')}
          />
          <FilePathInput
            label="Private key file"
            value={keyPath}
            onChange={setKeyPath}
            testId="bundle-key-path"
            extensions={['pem', 'key']}
            error={message('keyPath')}
          />
          <FilePathInput
            label="Chain file (optional)"
            value={chainPath}
            onChange={setChainPath}
            testId="bundle-chain-path"
            extensions={['pem', 'crt', 'cer']}
            error={message('chainPath')}
          />
        </>
      ) : (
        <FilePathInput
          label="PFX file"
          value={pfxPath}
          onChange={setPfxPath}
          testId="bundle-pfx-path"
          extensions={['pfx', 'p12']}
          error={message('pfxPath')}
        />
      )}
      <PasswordInput
        label={source === 'pem' ? 'Key passphrase (if the key is encrypted)' : 'PFX passphrase'}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        data-testid="bundle-passphrase"
      />
      <Group>
        <Button onClick={load} loading={loaded.isPending} data-testid="bundle-load">
          Load and validate
        </Button>
      </Group>
      {loaded.error ? <ErrorAlert error={loaded.error} title="The bundle was not loaded" /> : null}
      {bundle ? <BundleReportView report={bundle.report} /> : null}
    </Stack>
  );
}
