import { Alert, Badge, Button, Card, Checkbox, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { prerequisitesFor } from '../../../../shared/cloud-connect-guide.ts';
import { regionInfo } from '../../../../shared/regions.ts';
import type { Site } from '../../../../shared/schemas/sites.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';
import { useDiagnosticsRun } from '../diagnostics/use-diagnostics-run.ts';
import { networkPrerequisiteResults, type NetworkFailure } from './network-prerequisites.ts';
import { useSiteTick } from './use-site-tick.ts';
import { NeedsNetwork } from '../../components/needs-network.tsx';

/**
 * The documentation's prerequisites: the network ones checked live with Check
 * Connectivity for the site's region, CCID, service URL and proxy (ticked or
 * unticked by the result), the others confirmed by the admin.
 */
export function PrerequisitesCard({
  site,
  onRun,
}: {
  site: Site;
  onRun: (run: ReturnType<typeof useDiagnosticsRun>['live']['run']) => void;
}) {
  const hasProxy = site.proxyProfileId !== undefined;
  const all = prerequisitesFor({ workflow: site.onboarding.workflow, hasProxy });
  const network = all.filter((p) => p.checkedBy === 'network');
  const confirmed = all.filter((p) => p.checkedBy === 'user');
  const tick = useSiteTick(site);
  const { live, running, error, run } = useDiagnosticsRun();
  const [failures, setFailures] = useState<NetworkFailure[] | undefined>();
  const applied = useRef<string | undefined>(undefined);

  useEffect(() => {
    const finished = live.run;
    if (!finished || applied.current === finished.id) return;
    applied.current = finished.id;
    onRun(finished);
    const result = networkPrerequisiteResults(finished, hasProxy);
    setFailures(result.failures);
    void (async () => {
      // One after another: each tick reads and writes the site as saved.
      for (const [id, done] of Object.entries(result.ticks))
        if (tick.done('prerequisites', id) !== done) await tick.set('prerequisites', id, done);
    })();
    // Applied once per finished run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.run]);

  function checkNow() {
    setFailures(undefined);
    run({
      region: site.region,
      ...(site.ccid ? { ccid: site.ccid } : {}),
      ...(site.serviceUrl ? { serviceUrl: site.serviceUrl } : {}),
      ...(site.proxyProfileId ? { proxyProfileId: site.proxyProfileId } : {}),
    });
  }

  const done = all.filter((p) => tick.done('prerequisites', p.id)).length;
  return (
    <Card withBorder data-testid="prerequisites">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>2. Prerequisites</Title>
          <Badge color={done === all.length ? 'green' : 'gray'} variant="light" data-testid="prerequisites-count">
            {done} of {all.length} met
          </Badge>
        </Group>

        <Text size="sm" fw={600}>
          Checked from this network
        </Text>
        <Text size="xs" c="dimmed">
          Check Connectivity for {regionInfo(site.region).label}
          {site.ccid ? `, CCID ${site.ccid}` : ''}
          {site.serviceUrl ? `, service URL ${site.serviceUrl}` : ''}
          {hasProxy ? ', through the proxy Console uses' : ', direct'}. Run it from the network Console is in.
        </Text>
        <Stack gap={6}>
          {network.map((p) => {
            const met = tick.done('prerequisites', p.id);
            return (
              <Group key={p.id} gap="xs" wrap="nowrap" align="flex-start" data-testid={`prereq-${p.id}`} data-met={met}>
                <Badge color={met ? 'green' : failures ? 'red' : 'gray'} variant="light" w={92} style={{ flexShrink: 0 }}>
                  {met ? 'Met' : failures ? 'Not met' : 'Not checked'}
                </Badge>
                <div>
                  <Text size="sm">{p.text}</Text>
                  <Text size="xs" c="dimmed">
                    {p.reason}
                    {met ? ` Checked ${formatDateTime(site.onboarding.prerequisites[p.id]!.at)}.` : ''}
                  </Text>
                </div>
              </Group>
            );
          })}
        </Stack>
        <Group>
          <Button onClick={checkNow} loading={running} data-testid="prereq-check">
            Check now
          </Button>
          <NeedsNetwork action="checkConnectivity" />
          {running && live.total > 0 ? (
            <Text size="xs" c="dimmed">
              {live.completed} of {live.total} endpoints checked
            </Text>
          ) : null}
        </Group>
        {running && live.total > 0 ? <Progress value={(live.completed / live.total) * 100} aria-label="Progress" /> : null}
        {error ? <ErrorAlert error={error} title="The check did not complete" /> : null}
        {failures && live.summary ? (
          failures.length === 0 ? (
            <Alert color="green" data-testid="prereq-result">
              {live.summary.headline}
            </Alert>
          ) : (
            <Alert color="red" title="Not met yet" data-testid="prereq-result">
              <Text size="sm" mb={6}>
                {live.summary.headline}
              </Text>
              <List size="sm" spacing={4}>
                {failures.map((f) => (
                  <List.Item key={f.endpointId} data-testid="prereq-failure">
                    <Text size="sm" span fw={600}>
                      {f.listed}: {f.wording}.
                    </Text>{' '}
                    <Text size="sm" span>
                      {f.fix}
                    </Text>
                  </List.Item>
                ))}
              </List>
              <Text size="xs" mt={6}>
                Fix what fails, then Check now again. The Diagnostics page shows each phase in detail.
              </Text>
            </Alert>
          )
        ) : null}

        <Text size="sm" fw={600} mt="xs">
          Confirmed by you
        </Text>
        {confirmed.map((p) => (
          <Checkbox
            key={p.id}
            checked={tick.done('prerequisites', p.id)}
            onChange={(e) => void tick.set('prerequisites', p.id, e.currentTarget.checked)}
            label={p.text}
            description={p.reason}
            data-testid={`prereq-${p.id}`}
          />
        ))}
        {tick.error ? <ErrorAlert error={tick.error} title="The progress was not saved" /> : null}
      </Stack>
    </Card>
  );
}
