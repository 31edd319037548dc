import { Alert, Button, Checkbox, Group, MultiSelect, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { holdsText } from './pack-text.ts';

/** The shortest passphrase the engine accepts for sealed secrets (PACK_PASSPHRASE_WEAK). */
const MIN_PASSPHRASE = 12;

/** Export: choose sites (and the syncs, appliances and channels to carry with them), what else goes in, and where to save. */
export function PackExportPanel() {
  const choices = useEngineQuery('packChoices', []);
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [syncIds, setSyncIds] = useState<string[]>([]);
  const [applianceIds, setApplianceIds] = useState<string[]>([]);
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [secrets, setSecrets] = useState(false);
  const [privateKeys, setPrivateKeys] = useState(false);
  const [allowlistVersions, setAllowlistVersions] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const save = useEngineMutation('packExportSave', {
    onSuccess: () => {
      setPassphrase('');
      setRepeat('');
    },
  });

  const passphraseProblem = !secrets
    ? undefined
    : passphrase.length < MIN_PASSPHRASE
      ? `At least ${MIN_PASSPHRASE} characters.`
      : repeat !== passphrase
        ? 'The two passphrases differ.'
        : undefined;
  const c = choices.data;
  const options = (items: Array<{ id: string; name: string }> | undefined) => (items ?? []).map((i) => ({ value: i.id, label: i.name }));

  return (
    <Stack gap="sm" data-testid="pack-export">
      {choices.error ? <ErrorAlert error={choices.error} title="The saved sites could not be read" /> : null}
      {c && c.sites.length === 0 ? <Text size="sm">No site is saved yet: add one on the Cloud Connect page first.</Text> : null}
      <MultiSelect
        label="Sites"
        description="Each site goes with its proxy profile, notes and onboarding progress."
        data={options(c?.sites)}
        value={siteIds}
        onChange={setSiteIds}
        placeholder={siteIds.length ? undefined : pickWords(c?.sites, 'sites')}
        searchable
        data-testid="pack-export-sites"
      />
      <MultiSelect
        label="Syncs"
        description="With their certificate files and the appliances they push to."
        data={options(c?.syncs)}
        value={syncIds}
        onChange={setSyncIds}
        placeholder={syncIds.length ? undefined : pickWords(c?.syncs, 'syncs')}
        searchable
        data-testid="pack-export-syncs"
      />
      <MultiSelect
        label="Other appliances"
        data={options(c?.appliances)}
        value={applianceIds}
        onChange={setApplianceIds}
        placeholder={applianceIds.length ? undefined : pickWords(c?.appliances, 'appliances')}
        searchable
      />
      <MultiSelect
        label="Notification channels"
        data={options(c?.channels.filter((ch) => !ch.siteIds || ch.siteIds.some((id) => siteIds.includes(id))))}
        value={channelIds}
        onChange={setChannelIds}
        placeholder={channelIds.length ? undefined : pickWords(c?.channels, 'notification channels')}
        searchable
      />
      <Group gap="lg">
        <Checkbox
          label="Include secrets (sealed with a passphrase)"
          checked={secrets}
          onChange={(e) => setSecrets(e.currentTarget.checked)}
          data-testid="pack-export-secrets"
        />
        <Checkbox label="Include private keys" checked={privateKeys} onChange={(e) => setPrivateKeys(e.currentTarget.checked)} />
        <Checkbox
          label="Include fetched allowlist versions"
          checked={allowlistVersions}
          onChange={(e) => setAllowlistVersions(e.currentTarget.checked)}
        />
      </Group>
      {privateKeys && !secrets ? (
        <Alert color="yellow" p="xs">
          Private keys travel as files inside the pack, not sealed: keep the pack as safe as the keys.
        </Alert>
      ) : null}
      {secrets ? (
        <Group grow align="flex-start">
          <PasswordInput
            label="Passphrase"
            description="Give it to whoever imports the pack by another way than the pack."
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            autoComplete="new-password"
            data-testid="pack-export-passphrase"
          />
          <PasswordInput
            label="Passphrase again"
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={repeat && passphraseProblem ? passphraseProblem : undefined}
            autoComplete="new-password"
            data-testid="pack-export-passphrase-repeat"
          />
        </Group>
      ) : null}
      <Group>
        <Button
          disabled={siteIds.length === 0 || passphraseProblem !== undefined}
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              siteIds,
              syncIds,
              applianceIds,
              channelIds,
              include: { secrets, privateKeys, allowlistVersions },
              ...(secrets ? { passphrase } : {}),
            })
          }
          data-testid="pack-export-save"
        >
          Save site pack…
        </Button>
      </Group>
      {save.error ? <ErrorAlert error={save.error} title="The site pack was not saved" /> : null}
      {save.data?.saved && save.data.result ? (
        <Alert color="green" title={`Saved ${save.data.result.fileName}`} data-testid="pack-export-saved">
          <Text size="sm">{holdsText(save.data.result.holds)}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

/** An empty choice says what it would hold, so an empty box is not mistaken for nothing to choose. */
function pickWords(items: readonly unknown[] | undefined, what: string): string {
  if (!items) return '';
  return items.length ? `Choose ${what} (${items.length} saved)` : `No ${what} saved`;
}
