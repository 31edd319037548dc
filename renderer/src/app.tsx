import { Alert, AppShell, Badge, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { CertificatesPage } from './pages/certificates/certificates-page.tsx';
import { CloudConnectPage } from './pages/cloud-connect/cloud-connect-page.tsx';
import { PAGES } from './pages/page-registry.ts';
import { PlaceholderPage } from './pages/placeholder-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { DiagnosticsPage } from './pages/diagnostics/diagnostics-page.tsx';
import { useAppStore } from './store/app-store.ts';

export function App() {
  const { page, go, load, version, vault, loadError, notices } = useAppStore();
  useEffect(() => {
    void load();
  }, [load]);
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0]!;

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Title order={3}>Fieldkit</Title>
            {version ? (
              <Text size="xs" c="dimmed">
                {version}
              </Text>
            ) : null}
          </Group>
          {vault && !vault.persistent ? (
            <Badge color="orange" variant="light" title={vault.reason}>
              Secrets not remembered
            </Badge>
          ) : null}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        <ScrollArea>
          {PAGES.map((p) => (
            <NavLink
              key={p.id}
              component="button"
              label={p.label}
              active={p.id === page}
              onClick={() => go(p.id)}
              data-testid={`nav-${p.id}`}
              aria-current={p.id === page ? 'page' : undefined}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {loadError ? (
          <Alert color="red" title="Fieldkit could not load" mb="md">
            {loadError}
          </Alert>
        ) : null}
        {notices.length > 0 && current.id !== 'settings' ? (
          <Alert color="orange" title="Your data folder needs attention" mb="md" data-testid="notice-banner">
            <Group justify="space-between">
              <Text size="sm">{notices[0]!.message}</Text>
              <Button size="xs" variant="light" onClick={() => go('settings')}>
                Details
              </Button>
            </Group>
          </Alert>
        ) : null}
        {current.id === 'settings' ? (
          <SettingsPage />
        ) : current.id === 'cloud-connect' ? (
          <CloudConnectPage />
        ) : current.id === 'diagnostics' ? (
          <DiagnosticsPage />
        ) : current.id === 'certificates' ? (
          <CertificatesPage />
        ) : (
          <PlaceholderPage page={current} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
