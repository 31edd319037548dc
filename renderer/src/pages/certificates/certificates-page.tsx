import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { engineKey } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { AppliancesPanel } from './appliances-panel.tsx';
import { BundlePanel } from './bundle-panel.tsx';
import { HistoryPanel } from './history-panel.tsx';
import { InventoryPanel } from './inventory-panel.tsx';
import { PushPanel } from './push-panel.tsx';
import { useApplianceProfiles } from './use-appliance-profiles.ts';

export function CertificatesPage() {
  const client = useQueryClient();
  const profiles = useApplianceProfiles();

  return (
    <Stack gap="md">
      <Title order={2}>Certificates</Title>
      <Text size="sm" c="dimmed">
        Validate a bundle, see every NITRO call it will make, then push it to one appliance or several. A failure on an appliance rolls back
        what the push changed there.
      </Text>
      {profiles.error ? <ErrorAlert error={profiles.error} title="The appliance profiles could not be read" /> : null}
      {/* Profiles can change elsewhere (CLI, site packs): re-read them whenever a tab is opened. */}
      <Tabs
        defaultValue="appliances"
        keepMounted
        onChange={() => void client.invalidateQueries({ queryKey: engineKey('applianceProfilesList') })}
      >
        <Tabs.List>
          <Tabs.Tab value="appliances" data-testid="cert-tab-appliances">
            Appliances
          </Tabs.Tab>
          <Tabs.Tab value="bundle" data-testid="cert-tab-bundle">
            Bundle
          </Tabs.Tab>
          <Tabs.Tab value="push" data-testid="cert-tab-push">
            Plan and push
          </Tabs.Tab>
          <Tabs.Tab value="inventory" data-testid="cert-tab-inventory">
            Inventory
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="cert-tab-history">
            History
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="appliances" pt="md">
          <AppliancesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="bundle" pt="md">
          <BundlePanel />
        </Tabs.Panel>
        <Tabs.Panel value="push" pt="md">
          <PushPanel />
        </Tabs.Panel>
        <Tabs.Panel value="inventory" pt="md">
          <InventoryPanel />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
