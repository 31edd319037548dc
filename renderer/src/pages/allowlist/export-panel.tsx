import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  MultiSelect,
  NumberInput,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { ChannelInput } from '../../../../shared/ipc-contract.ts';
import {
  ALLOWLIST_GEOS,
  CUSTOMER_ID_PATTERN,
  type AllowlistDirection,
  type AllowlistGeo,
  type ExportKind,
} from '../../../../shared/schemas/allowlist.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

const KINDS: Array<{ value: ExportKind; label: string }> = [
  { value: 'csv', label: 'CSV (service × endpoint × port)' },
  { value: 'fqdn', label: 'FQDN list' },
  { value: 'cidr', label: 'CIDR list' },
  { value: 'edl-url', label: 'Palo Alto EDL: URL list' },
  { value: 'edl-ip', label: 'Palo Alto EDL: IP list' },
  { value: 'zscaler', label: 'Zscaler JSON' },
  { value: 'pac', label: 'PAC file' },
  { value: 'json', label: 'Fieldkit JSON (canonical)' },
];

/** Exports of the version shown: what firewalls and proxies import, previewed before it is saved. */
export function ExportPanel({ versionId, customerId, serviceNames }: { versionId: number; customerId: string; serviceNames: string[] }) {
  const [kind, setKind] = useState<ExportKind>('csv');
  const [geo, setGeo] = useState<AllowlistGeo>('all');
  const [direction, setDirection] = useState<AllowlistDirection>('all');
  const [requiredOnly, setRequiredOnly] = useState(false);
  const [services, setServices] = useState<string[]>([]);
  const [ipVersion, setIpVersion] = useState<'4' | '6' | 'both'>('4');
  const [pacTarget, setPacTarget] = useState<'DIRECT' | 'proxy'>('DIRECT');
  const [pacHost, setPacHost] = useState('');
  const [pacPort, setPacPort] = useState<number | string>(8080);

  const ccid = customerId.trim();
  const usableCcid = CUSTOMER_ID_PATTERN.test(ccid) ? ccid : undefined;
  // Typing a proxy host should not ask for a preview at every key; the other choices apply at once.
  const [previewHost] = useDebouncedValue(pacHost.trim(), 300);
  const pacProxyFor = (host: string) =>
    pacTarget === 'DIRECT' ? ('DIRECT' as const) : host && typeof pacPort === 'number' ? { host, port: pacPort } : undefined;
  const exportInput = (host: string): ChannelInput<'allowlistExportPreview'> => {
    const pacProxy = pacProxyFor(host);
    return {
      versionId,
      kind,
      filter: { geo, direction, requiredOnly, ...(services.length ? { services } : {}) },
      ...(usableCcid ? { customerId: usableCcid } : {}),
      ...(kind === 'pac' && pacProxy ? { pacProxy } : {}),
      ...((kind === 'cidr' || kind === 'edl-ip') && ipVersion !== 'both' ? { ipVersion: Number(ipVersion) as 4 | 6 } : {}),
    };
  };
  // The last preview stays, dimmed, while the next one is made: the panel does not jump.
  const preview = useEngineQuery('allowlistExportPreview', [exportInput(previewHost)], { placeholderData: (prev) => prev });
  const save = useEngineMutation('allowlistExportSave');

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="md">
        <Select
          label="Export as"
          data={KINDS}
          value={kind}
          onChange={(v) => {
            setKind(v ?? 'csv');
            save.reset();
          }}
          allowDeselect={false}
          data-testid="allowlist-export-kind"
          w={260}
        />
        <Select
          label="Geo"
          data={ALLOWLIST_GEOS.map((g) => ({ value: g, label: g === 'all' ? 'All geos' : g }))}
          value={geo}
          onChange={(v) => setGeo(v ?? 'all')}
          allowDeselect={false}
          w={110}
        />
        <SegmentedControl
          data={[
            { value: 'all', label: 'Both' },
            { value: 'outbound', label: 'Outbound' },
            { value: 'inbound', label: 'Inbound' },
          ]}
          value={direction}
          onChange={(v) => setDirection(v)}
          aria-label="Direction"
        />
        <Checkbox label="Required only" checked={requiredOnly} onChange={(e) => setRequiredOnly(e.currentTarget.checked)} mb={8} />
      </Group>
      <MultiSelect
        label="Services"
        placeholder={services.length ? undefined : 'All services'}
        data={[...new Set(serviceNames)]}
        value={services}
        onChange={setServices}
        searchable
        clearable
        data-testid="allowlist-export-services"
      />
      {kind === 'cidr' || kind === 'edl-ip' ? (
        <SegmentedControl
          data={[
            { value: '4', label: 'IPv4' },
            { value: '6', label: 'IPv6' },
            ...(kind === 'edl-ip' ? [{ value: 'both', label: 'Both' }] : []),
          ]}
          value={kind === 'cidr' && ipVersion === 'both' ? '4' : ipVersion}
          onChange={(v) => setIpVersion(v as '4' | '6' | 'both')}
          aria-label="IP version"
          w="fit-content"
        />
      ) : null}
      {kind === 'pac' ? (
        <Group align="flex-end" gap="md">
          <SegmentedControl
            data={[
              { value: 'DIRECT', label: 'Send DIRECT' },
              { value: 'proxy', label: 'Send to a proxy' },
            ]}
            value={pacTarget}
            onChange={(v) => setPacTarget(v)}
            aria-label="Where the PAC file sends the listed hosts"
          />
          {pacTarget === 'proxy' ? (
            <>
              <TextInput
                label="Proxy host"
                value={pacHost}
                onChange={(e) => setPacHost(e.currentTarget.value)}
                w={220}
                data-testid="allowlist-pac-host"
              />
              <NumberInput label="Port" value={pacPort} onChange={setPacPort} min={1} max={65535} w={100} />
            </>
          ) : null}
        </Group>
      ) : null}
      <Text size="xs" c="dimmed">
        {usableCcid
          ? `CUSTOMER_ID in host names becomes ${usableCcid}.`
          : 'No customer ID given above: CUSTOMER_ID in host names becomes * where the format allows it.'}
      </Text>
      {preview.error ? <ErrorAlert error={preview.error} title="The export could not be made" /> : null}
      {preview.data ? (
        <Stack gap={6}>
          {preview.data.warnings.length ? (
            <Alert color="yellow" title="Check before importing" data-testid="allowlist-export-warnings">
              {preview.data.warnings.map((w) => (
                <Text key={w} size="sm">
                  {w}
                </Text>
              ))}
            </Alert>
          ) : null}
          <Group justify="space-between">
            <Text size="sm">
              <b>{preview.data.fileName}</b>{' '}
              <Text span size="xs" c="dimmed">
                {preview.data.truncated
                  ? `preview: the first ${preview.data.content.trimEnd().split('\n').length} of ${preview.data.totalLines} lines; the saved file has them all`
                  : `${preview.data.totalLines} lines`}
              </Text>
            </Text>
            <Button onClick={() => save.mutate(exportInput(pacHost.trim()))} loading={save.isPending} data-testid="allowlist-export-save">
              Save…
            </Button>
          </Group>
          <ScrollArea.Autosize mah={320} type="auto">
            <Code
              block
              data-testid="allowlist-export-preview"
              data-stale={preview.isPlaceholderData}
              opacity={preview.isPlaceholderData ? 0.5 : 1}
            >
              {preview.data.content}
            </Code>
          </ScrollArea.Autosize>
        </Stack>
      ) : null}
      {save.data?.saved ? (
        <Text size="sm" c="green" data-testid="allowlist-export-saved">
          Saved {save.data.fileName}.
        </Text>
      ) : null}
      {save.error ? <ErrorAlert error={save.error} title="The export was not saved" /> : null}
    </Stack>
  );
}
