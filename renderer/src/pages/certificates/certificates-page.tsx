import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { engineKey } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { AppliancesPanel } from './appliances-panel.tsx';
import { ExpiryPanel } from './expiry-panel.tsx';
import { HistoryPanel } from './history-panel.tsx';
import { InventoryPanel } from './inventory-panel.tsx';
import { RenewalFlow } from './renewal-flow.tsx';
import { SyncsPanel } from './syncs-panel.tsx';
import { useApplianceProfiles } from './use-appliance-profiles.ts';

/** The page's tabs: the appliances, the guided renewal (bundle, plan, push, verify), then what is on the appliances and what was done. */
const TABS = [
  { value: 'appliances', label: 'Appliances', Panel: AppliancesPanel },
  { value: 'push', label: 'Renewal', Panel: RenewalFlow },
  { value: 'syncs', label: 'Syncs', Panel: SyncsPanel },
  { value: 'inventory', label: 'Inventory', Panel: InventoryPanel },
  { value: 'expiry', label: 'Expiry', Panel: ExpiryPanel },
  { value: 'history', label: 'History', Panel: HistoryPanel },
] as const;

export function CertificatesPage() {
  const client = useQueryClient();
  const profiles = useApplianceProfiles();

  return (
    <Stack gap="md">
      <Title order={2}>Certificates</Title>
      <Text size="sm" c="dimmed">
        Renew a certificate on one appliance or several: see every NITRO call first, push with rollback on failure, and check what clients
        get. Syncs renew by themselves from the files your CA or ACME client writes; Expiry shows what runs out next across all appliances.
      </Text>
      {profiles.error ? <ErrorAlert error={profiles.error} title="The appliance profiles could not be read" /> : null}
      {/* Profiles can change elsewhere (CLI, site packs): re-read them whenever a tab is opened. */}
      <Tabs
        defaultValue="appliances"
        keepMounted
        onChange={() => void client.invalidateQueries({ queryKey: engineKey('applianceProfilesList') })}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} data-testid={`cert-tab-${t.value}`}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value} pt="md">
            <Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
