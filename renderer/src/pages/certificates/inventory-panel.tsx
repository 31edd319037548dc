import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { profileLabel } from './certificates-store.ts';
import { InventoryTable } from './inventory-table.tsx';
import { RemovalSection } from './removal-section.tsx';
import { useApplianceProfiles } from './use-appliance-profiles.ts';
import { NeedsNetwork } from '../../components/needs-network.tsx';

/** Certkeys on one appliance by expiry, and removal of old ones: a dry run first, then the real thing. */
export function InventoryPanel() {
  const profiles = useApplianceProfiles().data ?? [];
  const [applianceId, setApplianceId] = useState<string | null>(null);
  // Reading an inventory talks to the appliance: it happens when asked, then again after a removal changed it.
  const [readFor, setReadFor] = useState<string>();
  const inventory = useEngineQuery('certInventory', [{ applianceId: readFor ?? '' }], { enabled: readFor !== undefined });

  function read() {
    if (!applianceId) return;
    if (readFor === applianceId) void inventory.refetch();
    else setReadFor(applianceId);
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
            setReadFor(undefined);
          }}
          data-testid="inventory-appliance"
        />
        <Button onClick={read} disabled={!applianceId} loading={inventory.isFetching} data-testid="inventory-load">
          Read inventory
        </Button>
        <NeedsNetwork action="certificateInventory" />
      </Group>
      {inventory.error ? <ErrorAlert error={inventory.error} title="The inventory could not be read" /> : null}
      {inventory.data ? <InventoryTable entries={inventory.data.entries} /> : null}
      {inventory.data ? (
        <Text size="xs" c="dimmed">
          Flagged: expiring within {inventory.data.soonDays} days.
        </Text>
      ) : null}
      {applianceId ? <RemovalSection key={applianceId} applianceId={applianceId} /> : null}
    </Stack>
  );
}
