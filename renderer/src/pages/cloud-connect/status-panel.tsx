import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { StatusEvents } from './status-events.tsx';
import { StatusSiteCard } from './status-site-card.tsx';
import { useStatusRefresh } from './use-status-refresh.ts';
import { NeedsNetwork } from '../../components/needs-network.tsx';

/** How often the panel reads the status again: the app's own schedule may have refreshed a site meanwhile. */
const REREAD_MS = 60_000;

/** The status of every site and the event log (System Events). */
export function StatusPanel() {
  const statuses = useEngineQuery('cloudConnectStatus', [], { refetchInterval: REREAD_MS });
  const hours = useEngineQuery('settingsGet', []).data?.cloudConnect.refreshIntervalHours;
  const refresh = useStatusRefresh();
  const sites = statuses.data ?? [];
  const { progress } = refresh;
  const percent = progress.sites === 0 ? 0 : ((progress.sitesDone + fraction(progress.endpoints)) / progress.sites) * 100;

  return (
    <Stack gap="md" data-testid="cc-status-panel">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Each site is refreshed as Console does: the required URLs checked from here, through the site&apos;s proxy, every{' '}
          {hours === undefined ? 'few hours' : hours === 1 ? 'hour' : `${hours} hours`} while Fieldkit is open (Settings changes how often).
        </Text>
        <Group>
          {refresh.running ? (
            <Button variant="subtle" onClick={refresh.cancel} data-testid="cc-status-cancel">
              Cancel
            </Button>
          ) : null}
          <Button onClick={() => refresh.start()} loading={refresh.running} disabled={sites.length === 0} data-testid="cc-status-refresh">
            Refresh Cloud Connect Status
          </Button>
          <NeedsNetwork action="refreshCloudConnectStatus" />
        </Group>
      </Group>
      {refresh.running ? (
        <Stack gap={4} data-testid="cc-status-progress">
          <Progress value={percent} animated />
          <Text size="xs" c="dimmed">
            {progress.sitesDone} of {progress.sites} sites refreshed
            {progress.endpoints ? ` · ${progress.endpoints.completed} of ${progress.endpoints.total} endpoints checked` : ''}
          </Text>
        </Stack>
      ) : null}
      {refresh.error ? <ErrorAlert error={refresh.error} title="The status was not refreshed" /> : null}
      {statuses.error ? <ErrorAlert error={statuses.error} title="The status could not be read" /> : null}
      {statuses.data && sites.length === 0 ? (
        <Text c="dimmed" data-testid="cc-status-empty">
          No site yet. Add the site first; its status is watched from then on.
        </Text>
      ) : null}
      {sites.map((s) => (
        <StatusSiteCard key={s.siteId} status={s} />
      ))}
      <StatusEvents sites={sites} />
    </Stack>
  );
}

function fraction(endpoints: { completed: number; total: number } | undefined): number {
  return endpoints && endpoints.total > 0 ? endpoints.completed / endpoints.total : 0;
}
