import { Alert, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';
import { useAppStore } from '../../store/app-store.ts';
import { useSiteStore } from '../../store/site-store.ts';
import { ageText, versionLabel } from './allowlist-text.ts';
import { DiffView } from './diff-view.tsx';
import { ExportPanel } from './export-panel.tsx';
import { FetchPanel } from './fetch-panel.tsx';
import { ServicesTable } from './services-table.tsx';
import { VersionsTable } from './versions-panel.tsx';

/**
 * The Citrix Cloud connectivity allowlist: fetch it, see the version in use
 * and how old it is, browse its services, compare two versions and export
 * what a firewall or a proxy imports.
 */
export function AllowlistPage() {
  // The CCID typed on the Diagnostics page, and back: one customer ID for the site.
  const { ccid: customerId, setCcid: setCustomerId, setAllowlistCheck } = useSiteStore();
  const go = useAppStore((s) => s.go);
  const [chosen, setChosen] = useState<number>();
  const [compare, setCompare] = useState<{ from?: number; to?: number }>({});
  const versions = useEngineQuery('allowlistVersions', []);
  const current = versions.data?.current;
  const list = versions.data?.versions ?? [];
  // A version the user picked, while it is still stored; else the one in use.
  const shownId = chosen !== undefined && list.some((v) => v.id === chosen) ? chosen : current?.version.id;
  const shown = list.find((v) => v.id === shownId);
  const document = useEngineQuery('allowlistDocument', [{ versionId: shownId }], { enabled: shownId !== undefined });
  const canCompare = compare.from !== undefined && compare.to !== undefined && compare.from !== compare.to;
  const diff = useEngineQuery('allowlistDiff', [{ from: compare.from ?? 0, to: compare.to ?? 0 }], { enabled: canCompare });

  return (
    <Stack gap="lg">
      <Title order={2}>Allowlist</Title>
      <Text size="sm" c="dimmed" maw={760}>
        What Citrix Cloud needs open on your firewalls and proxies, from Citrix's Connectivity AllowList API. Every fetched version is kept
        here, so you can work offline, see what changed and export it for a change request.
      </Text>
      <FetchPanel customerId={customerId} onCustomerId={setCustomerId} />

      {versions.error ? <ErrorAlert error={versions.error} title="The stored allowlist versions could not be read" /> : null}
      {versions.isPending ? <Loader size="sm" /> : null}

      {current ? (
        <Card withBorder data-testid="allowlist-current">
          <Group gap="xs">
            <Text size="sm" fw={600}>
              In use: {current.version.source === 'baseline' ? `#${current.version.id}` : versionLabel(current.version)}
            </Text>
            {current.version.source === 'baseline' ? (
              <Badge color="gray" data-testid="allowlist-baseline-label">
                bundled baseline
              </Badge>
            ) : null}
            {current.pastValidUntil ? (
              <Badge color="orange" data-testid="allowlist-stale-label">
                past validUntil: fetch again
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {current.version.source === 'baseline'
              ? 'Built from the Cloud Connect endpoints Fieldkit ships with, for a first start without network. Fetch to get the list Citrix publishes today.'
              : `Fetched ${formatDateTime(current.version.fetchedAt)}, ${ageText(current.ageHours)}${current.version.validUntil ? `; valid until ${formatDateTime(current.version.validUntil)}` : ''}.`}
          </Text>
        </Card>
      ) : null}

      {shown ? (
        <Stack gap="xs">
          <Group justify="space-between" align="center">
            <Title order={4}>Services of {versionLabel(shown)}</Title>
            <Button
              variant="light"
              onClick={() => {
                setAllowlistCheck({ versionId: shown.id, label: versionLabel(shown) });
                go('diagnostics');
              }}
              data-testid="allowlist-check-endpoints"
            >
              Check these endpoints from here
            </Button>
          </Group>
          {document.error ? <ErrorAlert error={document.error} title="This version could not be read" /> : null}
          {document.data ? <ServicesTable key={shown.id} services={document.data.services} /> : null}
        </Stack>
      ) : null}

      {list.length > 0 ? (
        <Stack gap="xs">
          <Title order={4}>Versions</Title>
          <Text size="xs" c="dimmed">
            {list.length} version{list.length === 1 ? '' : 's'} kept on this machine. Pick “from” and “to” to see what changed.
          </Text>
          <VersionsTable versions={list} shown={shownId} onShow={setChosen} compare={compare} onCompare={setCompare} />
          {compare.from !== undefined && compare.from === compare.to ? (
            <Alert color="yellow">Pick two different versions to compare.</Alert>
          ) : null}
          {diff.error ? <ErrorAlert error={diff.error} title="The versions could not be compared" /> : null}
          {canCompare && diff.data ? <DiffView diff={diff.data} /> : null}
        </Stack>
      ) : null}

      {shown && document.data ? (
        <Stack gap="xs">
          <Title order={4}>Export {versionLabel(shown)}</Title>
          <ExportPanel versionId={shown.id} customerId={customerId} serviceNames={document.data.services.map((s) => s.name)} />
        </Stack>
      ) : null}
    </Stack>
  );
}
