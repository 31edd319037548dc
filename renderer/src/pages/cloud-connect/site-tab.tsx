import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { regionInfo } from '../../../../shared/regions.ts';
import { STATE_LABELS } from '../../../../shared/schemas/cloud-connect-status.ts';
import type { Site } from '../../../../shared/schemas/sites.ts';
import { useEngineQuery } from '../../api/engine-query.ts';
import { formatDateTime } from '../../format/format-date.ts';
import { proxyLabel } from '../../format/proxy-label.ts';
import { BuildAdvice } from './build-advice.tsx';
import { ConsoleActions } from './console-actions.tsx';
import { STATE_COLOR } from './status-words.ts';

function Field({ label, value, testId }: { label: string; value: string | undefined; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" c={value ? undefined : 'dimmed'} data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {value ?? 'not set'}
      </Text>
    </div>
  );
}

/** The site's Cloud Connect state where its details are: a site in Error is not only news on the Status tab. */
function SiteState({ site }: { site: Site }) {
  const status = useEngineQuery('cloudConnectStatus', [{ siteId: site.id }]).data?.find((s) => s.siteId === site.id);
  if (!status) return null;
  return (
    <Group gap="xs" mb="sm" wrap="nowrap" data-testid="site-state" data-state={status.state}>
      <Badge color={STATE_COLOR[status.state]}>{STATE_LABELS[status.state]}</Badge>
      <Text size="xs" c="dimmed">
        since {formatDateTime(status.since)}
        {status.state === 'error' ? ': the Status tab shows which endpoint fails' : ''}
      </Text>
    </Group>
  );
}

/** The site at a glance: its details, what its build has, and what was done in Console. */
export function SiteTab({ site, onEdit }: { site: Site; onEdit: () => void }) {
  const proxies = useEngineQuery('proxyProfilesList', []);
  const proxy = proxies.data?.find((p) => p.profile.id === site.proxyProfileId);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={4}>Details</Title>
            <Button size="xs" variant="default" onClick={onEdit}>
              Edit
            </Button>
          </Group>
          <SiteState site={site} />
          <SimpleGrid cols={2} spacing="sm">
            <Field label="Region" value={regionInfo(site.region).label} testId="site-field-region" />
            <Field label="CCID" value={site.ccid} testId="site-field-ccid" />
            <Field label="Console service URL" value={site.serviceUrl} testId="site-field-service-url" />
            <Field label="Console address" value={site.consoleAddress} testId="site-field-console" />
            <Field label="Console build" value={site.consoleBuild} testId="site-field-build" />
            <Field
              label="Proxy Console uses"
              value={site.proxyProfileId ? (proxy ? proxyLabel(proxy) : site.proxyProfileId) : 'None: Console goes direct'}
              testId="site-field-proxy"
            />
          </SimpleGrid>
          {site.notes ? (
            <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="site-field-notes">
              {site.notes}
            </Text>
          ) : null}
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            What this build has through Cloud Connect
          </Title>
          <BuildAdvice build={site.consoleBuild} />
        </Card>
      </SimpleGrid>
      <ConsoleActions site={site} />
    </Stack>
  );
}
