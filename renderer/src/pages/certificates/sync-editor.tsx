import { Button, Checkbox, Group, Input, PasswordInput, SegmentedControl, Stack, TagsInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FileInput } from '../../components/file-input.tsx';
import { fieldError } from '../../format/error-text.ts';
import type { GrantedFile } from '../../../../shared/schemas/files.ts';
import type { SyncView } from '../../../../shared/schemas/syncs.ts';
import { profileLabel } from './certificates-store.ts';
import { useApplianceProfiles } from './use-appliance-profiles.ts';
import { useSecretsKeptWhere } from '../../api/use-secrets-kept-where.ts';

/**
 * Creates or changes a sync. The files are chosen like a bundle's (the engine
 * keeps their paths, this window gets tokens); on a change, files left
 * unchosen stay as saved. The passphrase goes to the keychain and is not kept here.
 */
export function SyncEditor({ sync, onDone }: { sync?: SyncView | undefined; onDone: () => void }) {
  const keptWhere = useSecretsKeptWhere();
  const profiles = useApplianceProfiles();
  const [name, setName] = useState(sync?.name ?? '');
  const [description, setDescription] = useState(sync?.description ?? '');
  const [kind, setKind] = useState<'pem' | 'pfx'>(sync?.source.kind ?? 'pem');
  const [cert, setCert] = useState<GrantedFile>();
  const [key, setKey] = useState<GrantedFile>();
  const [chain, setChain] = useState<GrantedFile>();
  const [pfx, setPfx] = useState<GrantedFile>();
  const [passphrase, setPassphrase] = useState('');
  const [appliances, setAppliances] = useState<string[]>(sync?.destinations.map((d) => d.applianceId) ?? []);
  const [vservers, setVservers] = useState<string[]>(sync?.vservers.map((v) => v.name) ?? []);
  const [sni, setSni] = useState(sync?.vservers.some((v) => v.sni) ?? false);
  const [preserve, setPreserve] = useState(sync?.options.preserve ?? true);
  const [removeExpired, setRemoveExpired] = useState(sync?.options.removeExpired ?? false);
  const save = useEngineMutation('syncSave', { onSuccess: onDone, onSettled: () => setPassphrase('') });
  const message = (field: string) => fieldError(save.error, field);

  const token = (f: GrantedFile) => ({ token: f.token });
  const chosen =
    kind === 'pfx'
      ? pfx && { kind: 'pfx' as const, pfx: token(pfx) }
      : cert && key && { kind: 'pem' as const, cert: token(cert), key: token(key), ...(chain ? { chain: token(chain) } : {}) };
  const ready = name !== '' && appliances.length > 0 && (chosen !== undefined || sync !== undefined);

  function submit() {
    save.mutate({
      ...(sync ? { id: sync.id } : {}),
      name,
      ...(description ? { description } : {}),
      ...(chosen ? { source: chosen } : {}),
      destinations: appliances.map((applianceId) => ({ applianceId })),
      vservers: vservers.map((v) => ({ name: v, sni })),
      options: { preserve, removeExpired },
      ...(passphrase ? { passphrase } : {}),
    });
  }

  const savedFiles = sync ? sync.source.files.map((f) => f.name).join(', ') : undefined;
  return (
    <Stack gap="sm" data-testid="sync-editor">
      <TextInput
        label="Name"
        description="Lower-case letters, digits and dashes; the name the CLI and deploy hooks use"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={message('name')}
        data-testid="sync-name"
      />
      <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      <SegmentedControl
        value={kind}
        onChange={(v) => setKind(v === 'pfx' ? 'pfx' : 'pem')}
        data={[
          { value: 'pem', label: 'PEM certificate and key' },
          { value: 'pfx', label: 'PFX / PKCS#12' },
        ]}
      />
      {savedFiles ? <TextInput label="Files now" value={savedFiles} readOnly description="Choose files below only to change them" /> : null}
      {kind === 'pem' ? (
        <>
          <FileInput
            label="Certificate (e.g. fullchain.pem)"
            value={cert}
            onChange={setCert}
            testId="sync-cert"
            extensions={['pem', 'crt', 'cer']}
            error={message('cert')}
          />
          <FileInput
            label="Private key (e.g. privkey.pem)"
            value={key}
            onChange={setKey}
            testId="sync-key"
            extensions={['pem', 'key']}
            error={message('key')}
          />
          <FileInput
            label="Chain file (optional)"
            value={chain}
            onChange={setChain}
            testId="sync-chain"
            extensions={['pem', 'crt', 'cer']}
          />
        </>
      ) : (
        <FileInput label="PFX file" value={pfx} onChange={setPfx} testId="sync-pfx" extensions={['pfx', 'p12']} error={message('pfx')} />
      )}
      <PasswordInput
        label="Passphrase (if the PFX or key has one)"
        description={sync?.passphraseSaved ? `A passphrase is saved ${keptWhere}; type one only to replace it.` : `Kept ${keptWhere}.`}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
      />
      <Input.Wrapper label="Appliances" error={message('applianceId')}>
        <Group>
          {(profiles.data ?? []).map(({ profile: p }) => (
            <Checkbox
              key={p.id}
              label={profileLabel(p)}
              checked={appliances.includes(p.id)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setAppliances((a) => (on ? [...a, p.id] : a.filter((x) => x !== p.id)));
              }}
              data-testid={`sync-appliance-${p.id}`}
            />
          ))}
        </Group>
      </Input.Wrapper>
      <TagsInput label="Vservers to bind to" value={vservers} onChange={setVservers} data-testid="sync-vservers" />
      <Checkbox label="Bind as SNI certificate" checked={sni} onChange={(e) => setSni(e.currentTarget.checked)} />
      <Checkbox
        label="Change the certkey in place on renewal (name and bindings stay)"
        checked={preserve}
        onChange={(e) => setPreserve(e.currentTarget.checked)}
        data-testid="sync-preserve"
      />
      <Checkbox
        label="After a successful sync, remove the expired or replaced certkeys this sync installed"
        checked={removeExpired}
        onChange={(e) => setRemoveExpired(e.currentTarget.checked)}
        data-testid="sync-remove-expired"
      />
      {save.error && !save.error.field ? <ErrorAlert error={save.error} title="The sync could not be saved" /> : null}
      <Group>
        <Button onClick={submit} disabled={!ready} loading={save.isPending} data-testid="sync-save">
          Save sync
        </Button>
        <Button variant="subtle" onClick={onDone}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
