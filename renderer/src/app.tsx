import { Alert, AppShell, Badge, Burger, Button, Group, Loader, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { Suspense } from 'react';
import { useEngineQuery } from './api/engine-query.ts';
import { ErrorAlert } from './components/error-alert.tsx';
import { PAGES, type PageInfo } from './pages/page-registry.ts';
import { PlaceholderPage } from './pages/placeholder-page.tsx';
import { useAppStore } from './store/app-store.ts';
import { useSavedColorScheme } from './theme/use-saved-color-scheme.ts';

function PageView({ page }: { page: PageInfo }) {
  const Page = page.component;
  if (!Page) return <PlaceholderPage page={page} />;
  return (
    <Suspense fallback={<Loader size="sm" aria-label={`Loading ${page.label}`} />}>
      <Page />
    </Suspense>
  );
}

export function App() {
  const { page, visited, go, navbarCollapsed, toggleNavbar } = useAppStore();
  const info = useEngineQuery('appInfo', []);
  const notices = useEngineQuery('storageNotices', []);
  useSavedColorScheme();
  const vault = info.data?.vault;
  const firstNotice = notices.data?.[0];

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 200, breakpoint: 0, collapsed: { desktop: navbarCollapsed, mobile: navbarCollapsed } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={!navbarCollapsed}
              onClick={toggleNavbar}
              size="sm"
              aria-label={navbarCollapsed ? 'Show the sections' : 'Hide the sections'}
              data-testid="navbar-toggle"
            />
            <Title order={3}>Fieldkit</Title>
            {info.data ? (
              <Text size="xs" c="dimmed">
                {info.data.version}
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
      {/* Collapsed, the sidebar slides out of view; inert keeps the keyboard from reaching links nobody can see. */}
      <AppShell.Navbar p="xs" aria-label="Sections" inert={navbarCollapsed}>
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
        {info.error ? <ErrorAlert error={info.error} title="Fieldkit could not load" /> : null}
        {notices.error ? <ErrorAlert error={notices.error} title="The data folder could not be checked" /> : null}
        {firstNotice && page !== 'settings' ? (
          <Alert color="orange" title="Your data folder needs attention" mb="md" data-testid="notice-banner">
            <Group justify="space-between">
              <Text size="sm">{firstNotice.message}</Text>
              <Button size="xs" variant="light" onClick={() => go('settings')}>
                Details
              </Button>
            </Group>
          </Alert>
        ) : null}
        {/* Visited pages stay mounted, only hidden: a page keeps its inputs, results and selections, and a running
            check keeps receiving its progress, while the user looks at another section. */}
        {PAGES.filter((p) => visited.includes(p.id)).map((p) => (
          <div key={p.id} hidden={p.id !== page} data-page={p.id}>
            <PageView page={p} />
          </div>
        ))}
      </AppShell.Main>
    </AppShell>
  );
}
