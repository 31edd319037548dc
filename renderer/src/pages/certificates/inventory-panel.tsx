import { Button, Checkbox, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { Inventory, RemovalResult } from '../../../../shared/schemas/certificates.ts';
import { call, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { profileLabel, useCertificatesStore } from './certificates-store.ts';
import { InventoryTable } from './inventory-table.tsx';

/** Certkeys on one appliance by expiry, and removal of old ones: a dry run first, then the real thing. */
export function InventoryPanel() {
  const profiles = useCertificatesStore((s) => s.profiles);
  const [applianceId, setApplianceId] = useState<string | null>(null);
  const [inventory, setInventory] = useState<Inventory>();
  const [error, setError] = useState<FieldkitError>();
  const [busy, setBusy] = useState(false);
  const [expired, setExpired] = useState(true);
  const [replaced, setReplaced] = useState(false);
  const [named, setNamed] = useState('');
  const [removal, setRemoval] = useState<{ dryRun: boolean; result: RemovalResult }>();

  async function load() {
    if (!applianceId) return;
    setBusy(true);
    setError(undefined);
    try {
      setInventory(await call('certInventory', { applianceId }));
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(dryRun: boolean) {
    if (!applianceId) return;
    setBusy(true);
    setError(undefined);
    try {
      const certkeys = named.split(/[\s,]+/).filter(Boolean);
      const result = await call('certRemove', { applianceId, options: { expired, replaced, certkeys }, dryRun });
      setRemoval({ dryRun, result });
      if (!dryRun) await load();
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm">
      <Group align="end">
        <Select
          label="Appliance"
          data={profiles.map(({ profile: p }) => ({ value: p.id, label: profileLabel(p) }))}
          value={applianceId}
          onChange={(v) => {
            setApplianceId(v);
            setInventory(undefined);
            setRemoval(undefined);
          }}
          data-testid="inventory-appliance"
        />
        <Button onClick={() => void load()} disabled={!applianceId} loading={busy} data-testid="inventory-load">
          Read inventory
        </Button>
      </Group>
      {error ? <ErrorAlert error={error} /> : null}
      {inventory ? <InventoryTable entries={inventory.entries} /> : null}
      {inventory ? (
        <Text size="xs" c="dimmed">
          Flagged: expiring within {inventory.soonDays} days.
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
            <Button variant="light" onClick={() => void remove(true)} loading={busy} data-testid="remove-dry-run">
              Show what would be removed
            </Button>
            {removal?.dryRun && removal.result.plan.length > 0 ? (
              <Button color="red" onClick={() => void remove(false)} loading={busy} data-testid="remove-confirm">
                Remove {removal.result.removed.length} certkey(s)
              </Button>
            ) : null}
          </Group>
          {removal ? (
            <Stack gap={2} data-testid="removal-result">
              <Text size="sm">
                {removal.dryRun ? 'Would remove' : `Outcome: ${removal.result.outcome}; removed`}:{' '}
                {removal.result.removed.join(', ') || 'nothing'}
              </Text>
              <List size="xs">
                {removal.result.plan.map((s) => (
                  <List.Item key={s.index}>
                    {s.call.method} {s.call.path} — {s.label}
                  </List.Item>
                ))}
                {removal.result.skipped.map((s) => (
                  <List.Item key={s.certkey}>
                    Kept {s.certkey}: {s.reason}
                  </List.Item>
                ))}
              </List>
              {removal.result.error ? (
                <Text size="sm" c="red">
                  {removal.result.error.step ? `${removal.result.error.step}: ` : ''}
                  {removal.result.error.message}
                </Text>
              ) : null}
            </Stack>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
