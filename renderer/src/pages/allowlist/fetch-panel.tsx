import { Alert, Anchor, Button, Card, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { regionAllowlistBaseUrl } from '../../../../shared/allowlist-base-urls.ts';
import { REGION_OPTIONS } from '../../../../shared/regions.ts';
import { ALLOWLIST_GEOS, type AllowlistDirection, type AllowlistFormat, type AllowlistGeo } from '../../../../shared/schemas/allowlist.ts';
import type { Region } from '../../../../shared/schemas/endpoint-catalog.ts';
import { useEngineQuery } from '../../api/engine-query.ts';
import { useSiteDefaults } from '../../api/use-sites.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fieldError } from '../../format/error-text.ts';
import { proxyLabel } from '../../format/proxy-label.ts';
import { useAllowlistFetch } from './use-allowlist-fetch.ts';
import { NeedsNetwork } from '../../components/needs-network.tsx';

const NO_PROXY = '__none__';
const GEO_LABELS: Record<AllowlistGeo, string> = { us: 'US', eu: 'EU', 'ap-s': 'AP-S', jp: 'Japan', all: 'All geos' };

/** The API's parameters, where the request goes, and the fetch with its rate-limit waits. */
export function FetchPanel({ customerId, onCustomerId }: { customerId: string; onCustomerId: (v: string) => void }) {
  const [format, setFormat] = useState<AllowlistFormat>('json');
  const [geo, setGeo] = useState<AllowlistGeo>('all');
  const [direction, setDirection] = useState<AllowlistDirection>('all');
  const [region, setRegion] = useState<Region>('commercial');
  const [baseUrl, setBaseUrl] = useState('');
  const [proxyId, setProxyId] = useState(NO_PROXY);
  const proxies = useEngineQuery('proxyProfilesList', []);
  useSiteDefaults((d) => {
    setRegion(d.region);
    setProxyId(d.proxyProfileId ?? NO_PROXY);
  });
  const { result, running, error, wait, run, cancel } = useAllowlistFetch();

  const documented = regionAllowlistBaseUrl(region);
  const override = baseUrl.trim();
  const noAddress = !override && documented.baseUrl === undefined;
  const customerIdError = fieldError(error, 'customerId');
  const baseUrlError = fieldError(error, 'baseUrl');

  function start(force = false) {
    run({
      ...(force ? { force: true } : {}),
      query: { format, geo, direction, ...(customerId.trim() ? { customerId: customerId.trim() } : {}) },
      region,
      ...(override ? { baseUrl: override } : {}),
      ...(proxyId !== NO_PROXY ? { proxyProfileId: proxyId } : {}),
    });
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group align="flex-start" gap="md">
          <TextInput
            label="Customer ID (CCID)"
            description={format === 'json' ? 'Required for JSON' : 'Optional for Zscaler'}
            value={customerId}
            onChange={(e) => onCustomerId(e.currentTarget.value)}
            error={customerIdError}
            data-testid="allowlist-customer-id"
            w={200}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Format
            </Text>
            <SegmentedControl
              data={[
                { value: 'json', label: 'JSON' },
                { value: 'zscaler', label: 'Zscaler' },
              ]}
              value={format}
              onChange={(v) => setFormat(v)}
              data-testid="allowlist-format"
            />
          </div>
          <Select
            label="Geo"
            data={ALLOWLIST_GEOS.map((g) => ({ value: g, label: GEO_LABELS[g] }))}
            value={geo}
            onChange={(v) => setGeo(v ?? 'all')}
            allowDeselect={false}
            data-testid="allowlist-geo"
            w={130}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Direction
            </Text>
            <SegmentedControl
              data={[
                { value: 'all', label: 'Both' },
                { value: 'outbound', label: 'Outbound' },
                { value: 'inbound', label: 'Inbound' },
              ]}
              value={direction}
              onChange={(v) => setDirection(v)}
              data-testid="allowlist-direction"
            />
          </div>
        </Group>
        <Group align="flex-start" gap="md">
          <div>
            <Text size="sm" fw={500}>
              Region
            </Text>
            <Text size="xs" c="dimmed" mb={4}>
              The Citrix Cloud whose API address is used
            </Text>
            <SegmentedControl data={REGION_OPTIONS} value={region} onChange={(v) => setRegion(v)} data-testid="allowlist-region" />
          </div>
          <TextInput
            label="API base URL (optional)"
            description="Overrides the region's address"
            placeholder={documented.baseUrl ?? 'https://…'}
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
            error={baseUrlError}
            data-testid="allowlist-base-url"
            style={{ flex: 1, minWidth: 260 }}
          />
        </Group>
        {noAddress && documented.baseUrl === undefined ? (
          <Alert color="yellow" data-testid="allowlist-no-base-url">
            {documented.reason}
          </Alert>
        ) : (
          <Text size="xs" c="dimmed" data-testid="allowlist-target">
            Fetches from {override || documented.baseUrl}/v2/allowlist
          </Text>
        )}
        <Group align="flex-end">
          <Select
            label="Proxy"
            data={[
              { value: NO_PROXY, label: 'No proxy (direct)' },
              ...(proxies.data ?? []).map((p) => ({ value: p.profile.id!, label: proxyLabel(p) })),
            ]}
            value={proxyId}
            onChange={(v) => setProxyId(v ?? NO_PROXY)}
            allowDeselect={false}
            description="Saved on the Diagnostics page"
            data-testid="allowlist-proxy"
            w={320}
          />
          <Button onClick={() => start()} loading={running} disabled={noAddress} data-testid="allowlist-fetch">
            Fetch
          </Button>
          <NeedsNetwork action="allowlistFetch" />
          {running ? (
            <Button variant="outline" color="red" onClick={cancel} data-testid="allowlist-cancel">
              Cancel
            </Button>
          ) : null}
        </Group>
        {running ? (
          <Group gap="xs" data-testid="allowlist-progress">
            <Loader size="xs" />
            <Text size="sm">
              {wait
                ? wait.reason === 'server-429'
                  ? `The API asked to slow down: trying again in ${wait.secondsLeft} s.`
                  : `Waiting ${wait.secondsLeft} s: the API allows 5 requests a minute from this machine.`
                : 'Fetching the allowlist…'}
            </Text>
          </Group>
        ) : null}
        {result && !running && !error ? (
          <Text size="sm" data-testid="allowlist-fetch-result">
            {result.fresh
              ? `Version #${result.version.id} is still fresh by the API's Cache-Control: nothing was asked. `
              : result.notModified
                ? `Unchanged since version #${result.version.id}: the API answered "not modified".`
                : `Stored as version #${result.version.id} (${result.version.serviceCount} services).`}{' '}
            {result.fresh ? (
              <Anchor component="button" type="button" size="sm" onClick={() => start(true)} data-testid="allowlist-fetch-force">
                Ask the API anyway
              </Anchor>
            ) : null}
            {result.transactionId ? (
              <Text span size="xs" c="dimmed">
                Citrix-TransactionId {result.transactionId}
              </Text>
            ) : null}
          </Text>
        ) : null}
        {proxies.error ? <ErrorAlert error={proxies.error} title="Proxy profiles could not be read" /> : null}
        {error && !customerIdError && !baseUrlError ? <ErrorAlert error={error} title="The allowlist could not be fetched" /> : null}
      </Stack>
    </Card>
  );
}
