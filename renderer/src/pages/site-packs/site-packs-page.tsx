import { Stack, Tabs, Text, Title } from '@mantine/core';
import { PackExportPanel } from './pack-export-panel.tsx';
import { PackImportPanel } from './pack-import-panel.tsx';
import { useSitePacksStore } from './site-packs-store.ts';

/** Prepare a visit at the desk, carry it to site: sites and what they need, in one .fieldkit file. Works with no network. */
export function SitePacksPage() {
  const { tab, setTab, file } = useSitePacksStore();
  return (
    <Stack gap="md">
      <Title order={2}>Site packs</Title>
      <Text size="sm" c="dimmed">
        A site pack carries sites with their proxy and appliance profiles, syncs and certificates, notification channels and allowlist
        versions to another computer. Nothing here needs the network. Secrets stay out unless you include them, sealed with a passphrase.
      </Text>
      <Tabs value={tab} onChange={(v) => setTab(v === 'import' ? 'import' : 'export')} keepMounted>
        <Tabs.List>
          <Tabs.Tab value="export" data-testid="pack-tab-export">
            Export
          </Tabs.Tab>
          <Tabs.Tab value="import" data-testid="pack-tab-import">
            Import
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="export" pt="md">
          <PackExportPanel />
        </Tabs.Panel>
        <Tabs.Panel value="import" pt="md">
          {/* Another pack (chosen, dropped or opened from the file manager) starts afresh: no preview or passphrase of the last one. */}
          <PackImportPanel key={file?.token ?? 'none'} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
