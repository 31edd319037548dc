import { Button, Checkbox, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { profileLabel } from './certificates-store.ts';
import { InventoryTable } from './inventory-table.tsx';
import { useApplianceProfiles } from './use-appliance-profiles.ts';

/** Certkeys on one appliance by expiry, and removal of old ones: a dry run first, then the real thing. */
export function InventoryPanel() {
  const profiles = useApplianceProfiles().data ?? [];
  const [applianceId, setApplianceId] = useState<string | null>(null);
  // Reading an inventory talks to the appliance: it happens when asked, then again after a removal changed it.
  const [readFor, setReadFor] = useState<string>();
  const inventory = useEngineQuery('certInventory', [{ applianceId: readFor ?? '' }], { enabled: readFor !== undefined });
  const [expired, setExpired] = useState(true);
  const [replaced, setReplaced] = useState(false);
  const [named, setNamed] = useState('');
  const removal = useEngineMutation('certRemove');
  const busy = inventory.isFetching || removal.isPending;

  function read() {
    if (!applianceId) return;
    if (readFor === applianceId) void inventory.refetch();
    else setReadFor(applianceId);
  }

  function remove(dryRun: boolean) {
    if (!applianceId) return;
    const certkeys = named.split(/[\s,]+/).filter(Boolean);
    removal.mutate({ applianceId, options: { expired, replaced, certkeys }, dryRun });
  }
  const removed = removal.data && removal.variables ? { dryRun: removal.variables.dryRun ?? false, result: removal.data } : undefined;

  return (
    <Stack gap="sm">
      <Group align="end">
        <Select
          label="Appliance"
          data={profiles.map(({ profile: p }) => ({ value: p.id, label: profileLabel(p) }))}
          value={applianceId}
          onChange={(v) => {
            setApplianceId(v);
            setReadFor(undefined);
            removal.reset();
          }}
          data-testid="inventory-appliance"
        />
        <Button onClick={read} disabled={!applianceId} loading={inventory.isFetching} data-testid="inventory-load">
          Read inventory
        </Button>
      </Group>
      {inventory.error ? <ErrorAlert error={inventory.error} title="The inventory could not be read" /> : null}
      {removal.error ? <ErrorAlert error={removal.error} title="Nothing was removed" /> : null}
      {inventory.data ? <InventoryTable entries={inventory.data.entries} /> : null}
      {inventory.data ? (
        <Text size="xs" c="dimmed">
          Flagged: expiring within {inventory.data.soonDays} days.
        </Text>
      ) : null}
      {applianceId ? (
        <Stack gap="xs">
          <Title order={5}>Remove old certificates</Title>
          <Group>
            <Checkbox label="Expired ones Fieldkit installed" checked={expired} onChange={(e) => setExpired(e.currentTarget.checked)} />
            <Checkbox label="Replaced ones Fieldkit installed" checked={replaced} onChange={(e) => setReplaced(e.currentTarget.checked)} />
            <TextInput placeholder="and these certkeys (names)" value={named} onChange={(e) => setNamed(e.currentTarget.value)} />
          </Group>
          <Group>
            <Button variant="light" onClick={() => remove(true)} loading={busy} data-testid="remove-dry-run">
              Show what would be removed
            </Button>
            {removed?.dryRun && removed.result.plan.length > 0 ? (
              <Button color="red" onClick={() => remove(false)} loading={busy} data-testid="remove-confirm">
                Remove {removed.result.removed.length} certkey(s)
              </Button>
            ) : null}
          </Group>
          {removed ? (
            <Stack gap={2} data-testid="removal-result">
              <Text size="sm">
                {removed.dryRun ? 'Would remove' : `Outcome: ${removed.result.outcome}; removed`}:{' '}
                {removed.result.removed.join(', ') || 'nothing'}
              </Text>
              <List size="xs">
                {removed.result.plan.map((s) => (
                  <List.Item key={s.index}>
                    {s.call.method} {s.call.path} — {s.label}
                  </List.Item>
                ))}
                {removed.result.skipped.map((s) => (
                  <List.Item key={s.certkey}>
                    Kept {s.certkey}: {s.reason}
                  </List.Item>
                ))}
              </List>
              {removed.result.error ? (
                <Text size="sm" c="red">
                  {removed.result.error.step ? `${removed.result.error.step}: ` : ''}
                  {removed.result.error.message}
                </Text>
              ) : null}
            </Stack>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
