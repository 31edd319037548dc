import { Button, Group, PasswordInput, SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fieldError } from '../../format/error-text.ts';
import type { GrantedFile } from '../../../../shared/schemas/files.ts';
import { FileInput } from '../../components/file-input.tsx';
import { BundleReportView } from './bundle-report-view.tsx';
import { useCertificatesStore } from './certificates-store.ts';

type Source = 'pem' | 'pfx';

/** Loads a bundle from files the user chose: the engine reads them, so the key never enters this window. */
export function BundlePanel() {
  const { bundle, setBundle } = useCertificatesStore();
  const [source, setSource] = useState<Source>('pem');
  const [cert, setCert] = useState<GrantedFile>();
  const [key, setKey] = useState<GrantedFile>();
  const [chain, setChain] = useState<GrantedFile>();
  const [pfx, setPfx] = useState<GrantedFile>();
  const [passphrase, setPassphrase] = useState('');
  const loaded = useEngineMutation('bundleLoad', {
    onSuccess: (r) => setBundle({ ...r, label: (source === 'pem' ? cert?.name : pfx?.name) ?? '' }),
    // The passphrase is needed once: it is not kept in the form, whatever the answer.
    onSettled: () => setPassphrase(''),
  });
  const message = (field: string) => fieldError(loaded.error, field);

  const ready = source === 'pem' ? cert !== undefined && key !== undefined : pfx !== undefined;

  function load() {
    const token = (f: GrantedFile) => ({ token: f.token });
    if (source === 'pfx') {
      if (pfx) loaded.mutate({ files: { pfx: token(pfx) }, ...(passphrase ? { passphrase } : {}) });
      return;
    }
    if (!cert || !key) return;
    const files = { cert: token(cert), key: token(key), ...(chain ? { chain: token(chain) } : {}) };
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
          <FileInput
            label="Certificate file"
            value={cert}
            onChange={setCert}
            testId="bundle-cert-path"
            extensions={['pem', 'crt', 'cer']}
            error={message('cert')}
          />
          <FileInput
            label="Private key file"
            value={key}
            onChange={setKey}
            testId="bundle-key-path"
            extensions={['pem', 'key']}
            error={message('key')}
          />
          <FileInput
            label="Chain file (optional)"
            value={chain}
            onChange={setChain}
            testId="bundle-chain-path"
            extensions={['pem', 'crt', 'cer']}
            error={message('chain')}
            rightSection={
              chain ? (
                <Button variant="subtle" onClick={() => setChain(undefined)} data-testid="bundle-chain-clear">
                  Clear
                </Button>
              ) : null
            }
          />
        </>
      ) : (
        <FileInput
          label="PFX file"
          value={pfx}
          onChange={setPfx}
          testId="bundle-pfx-path"
          extensions={['pfx', 'p12']}
          error={message('pfx')}
        />
      )}
      <PasswordInput
        label={source === 'pem' ? 'Key passphrase (if the key is encrypted)' : 'PFX passphrase'}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        data-testid="bundle-passphrase"
      />
      <Group>
        <Button onClick={load} loading={loaded.isPending} disabled={!ready} data-testid="bundle-load">
          Load and validate
        </Button>
      </Group>
      {loaded.error ? <ErrorAlert error={loaded.error} title="The bundle was not loaded" /> : null}
      {bundle ? <BundleReportView report={bundle.report} /> : null}
    </Stack>
  );
}
