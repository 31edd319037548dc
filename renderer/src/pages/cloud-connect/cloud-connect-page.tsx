import { Alert, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { engineKey } from '../../api/engine-query.ts';
import { useSites } from '../../api/use-sites.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useAppStore } from '../../store/app-store.ts';
import { useSiteStore } from '../../store/site-store.ts';
import { NotificationsPanel } from './notifications-panel.tsx';
import { OnboardingTab } from './onboarding-tab.tsx';
import { ReferenceSheet } from './reference-sheet.tsx';
import { SiteEditor } from './site-editor.tsx';
import { SiteSwitcher } from './site-switcher.tsx';
import { SiteTab } from './site-tab.tsx';
import { StatusPanel } from './status-panel.tsx';

/**
 * The admin's companion for Cloud Connect: the sites they look after, the
 * guided onboarding of the active one, its status and notifications, and the
 * documentation at hand.
 */
export function CloudConnectPage() {
  const go = useAppStore((s) => s.go);
  const takeSiteValuesAgain = useSiteStore((s) => s.takeSiteValuesAgain);
  const client = useQueryClient();
  const { query, sites, active } = useSites();
  const [tab, setTab] = useState<string | null>('onboarding');
  // Sites can change elsewhere (fieldkit site, another window): read them again whenever a tab is opened.
  const openTab = (value: string | null) => {
    setTab(value);
    void client.invalidateQueries({ queryKey: engineKey('sitesList') });
  };
  const [editing, setEditing] = useState(false);
  const needsSite = (panel: React.ReactNode) =>
    active ? (
      panel
    ) : (
      <Alert color="blue" title="No site yet" data-testid="no-site">
        Add the site you are working on (its Console, region and CCID) with Add site above: the onboarding, the checks and the status
        monitor start from it. The Reference tab works without one.
      </Alert>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Cloud Connect</Title>
        <Button
          onClick={() => {
            // The check starts from the active site's region, CCID, service URL and proxy, over what was typed there before.
            takeSiteValuesAgain();
            go('diagnostics');
          }}
          data-testid="cc-check"
        >
          Check connectivity now
        </Button>
      </Group>
      {query.isPending ? <Loader size="sm" /> : <SiteSwitcher sites={sites} active={active} />}
      {query.error ? <ErrorAlert error={query.error} title="The sites could not be read" /> : null}
      {!query.isPending && !active && sites.length === 0 ? (
        <Text size="sm" c="dimmed">
          A site is one NetScaler Console on-prem you take to Cloud Connect and keep there.
        </Text>
      ) : null}

      <Tabs value={tab} onChange={openTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="site" data-testid="cc-tab-site">
            Site
          </Tabs.Tab>
          <Tabs.Tab value="onboarding" data-testid="cc-tab-onboarding">
            Onboarding
          </Tabs.Tab>
          <Tabs.Tab value="status" data-testid="cc-tab-status">
            Status
          </Tabs.Tab>
          <Tabs.Tab value="notifications" data-testid="cc-tab-notifications">
            Notifications
          </Tabs.Tab>
          <Tabs.Tab value="reference" data-testid="cc-tab-reference">
            Reference
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="site" pt="md">
          {needsSite(active ? <SiteTab site={active} onEdit={() => setEditing(true)} /> : null)}
        </Tabs.Panel>
        <Tabs.Panel value="onboarding" pt="md">
          {needsSite(active ? <OnboardingTab key={active.id} site={active} /> : null)}
        </Tabs.Panel>
        <Tabs.Panel value="status" pt="md">
          <StatusPanel />
        </Tabs.Panel>
        <Tabs.Panel value="notifications" pt="md">
          <NotificationsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="reference" pt="md">
          <ReferenceSheet />
        </Tabs.Panel>
      </Tabs>
      <SiteEditor site={active} opened={editing} onClose={() => setEditing(false)} />
    </Stack>
  );
}
