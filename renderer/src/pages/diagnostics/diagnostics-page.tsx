import { ActionIcon, Alert, Button, Card, Group, Progress, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { REGION_OPTIONS } from '../../../../shared/regions.ts';
import { CCID_IN_A_CHECK } from '../../../../shared/schemas/diagnostics.ts';
import type { Region } from '../../../../shared/schemas/endpoint-catalog.ts';
import type { GrantedFile } from '../../../../shared/schemas/files.ts';
import { useEngineQuery } from '../../api/engine-query.ts';
import { useSiteDefaults } from '../../api/use-sites.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fieldError } from '../../format/error-text.ts';
import { useSiteStore } from '../../store/site-store.ts';
import { proxyLabel } from '../../format/proxy-label.ts';
import { FileInput } from '../../components/file-input.tsx';
import { EndpointDetail } from './endpoint-detail.tsx';
import { CA_EXTENSIONS, ProxyProfileEditor } from './proxy-profile-editor.tsx';
import { ResultsTable, toRows } from './results-table.tsx';
import { ExportButtons, RunHistory } from './run-history.tsx';
import { RunHeading } from './run-heading.tsx';
import { SummaryBanner } from './summary-banner.tsx';
import { useDiagnosticsRun } from './use-diagnostics-run.ts';
import { NeedsNetwork } from '../../components/needs-network.tsx';

const NO_PROXY = '__none__';

export function DiagnosticsPage() {
  const [region, setRegion] = useState<Region>('commercial');
  const { ccid, setCcid, allowlistCheck, setAllowlistCheck } = useSiteStore();
  const [serviceUrl, setServiceUrl] = useState('');
  const [caFiles, setCaFiles] = useState<Array<GrantedFile | undefined>>([]);
  const [proxyId, setProxyId] = useState<string>(NO_PROXY);
  const [editing, setEditing] = useState<'new' | 'current' | undefined>();
  const [selected, setSelected] = useState<string>();
  const proxies = useEngineQuery('proxyProfilesList', []);
  const site = useSiteDefaults((d) => {
    setRegion(d.region);
    setServiceUrl(d.serviceUrl);
    setProxyId(d.proxyProfileId ?? NO_PROXY);
    setEditing(undefined);
  });
  const { live, running, error, cancelError, run, rerun, cancel, show } = useDiagnosticsRun();

  const rows = useMemo(() => toRows(live.results, live.pending), [live.results, live.pending]);
  const selectedHost = rows.find((r) => r.id === selected)?.probed;
  const ccidError = fieldError(error, 'ccid');
  const serviceUrlError = fieldError(error, 'serviceUrl');
  const proxyList = proxies.data ?? [];
  const currentProxy = proxyList.find((p) => p.profile.id === proxyId);

  const chosenCaFiles = caFiles.filter((f): f is GrantedFile => f !== undefined);

  function start() {
    setSelected(undefined);
    run({
      region,
      ...(ccid.trim() ? { ccid: ccid.trim() } : {}),
      ...(serviceUrl.trim() ? { serviceUrl: serviceUrl.trim() } : {}),
      ...(proxyId !== NO_PROXY ? { proxyProfileId: proxyId } : {}),
      ...(chosenCaFiles.length ? { caFiles: chosenCaFiles.map((f) => ({ token: f.token })) } : {}),
      ...(allowlistCheck ? { endpoints: { fromAllowlist: { versionId: allowlistCheck.versionId } } } : {}),
    });
  }

  return (
    <Stack gap="lg">
      <Title order={2}>Diagnostics</Title>
      {site ? (
        <Text size="sm" c="dimmed" data-testid="diagnostics-site">
          Region, CCID, service URL and proxy start from the active site, {site.name}; change them here for one check.
        </Text>
      ) : null}
      {proxies.error ? <ErrorAlert error={proxies.error} title="Proxy profiles could not be read" /> : null}
      {allowlistCheck ? (
        <Alert color="blue" data-testid="diagnostics-allowlist-source">
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              Checking the outbound hosts of allowlist {allowlistCheck.label} instead of the region&apos;s list when you run the check (TCP
              443; other listed ports are named in the result).
            </Text>
            <Button size="xs" variant="subtle" onClick={() => setAllowlistCheck(undefined)} data-testid="diagnostics-allowlist-clear">
              Use the region&apos;s list
            </Button>
          </Group>
        </Alert>
      ) : null}

      <Card withBorder>
        <Stack gap="sm">
          <Group align="flex-start" gap="md">
            <div>
              <Text size="sm" fw={500} mb={4}>
                Region
              </Text>
              <SegmentedControl data={REGION_OPTIONS} value={region} onChange={(v) => setRegion(v)} data-testid="region" />
            </div>
            <TextInput
              label="CCID"
              description="Citrix Cloud customer ID (optional)"
              value={ccid}
              onChange={(e) => setCcid(e.currentTarget.value)}
              error={ccidError}
              data-testid="ccid"
              w={220}
            />
            <TextInput
              label="Service URL"
              description="e.g. acme.agent.adm.cloud.com (optional)"
              value={serviceUrl}
              onChange={(e) => setServiceUrl(e.currentTarget.value)}
              error={serviceUrlError}
              data-testid="service-url"
              style={{ flex: 1, minWidth: 240 }}
            />
          </Group>
          <Text size="xs" c="dimmed" data-testid="ccid-role">
            {CCID_IN_A_CHECK.long}
          </Text>
          <Group align="flex-end">
            <Select
              label="Proxy"
              data={[
                { value: NO_PROXY, label: 'No proxy (direct)' },
                ...proxyList.map((p) => ({ value: p.profile.id!, label: proxyLabel(p) })),
              ]}
              value={proxyId}
              onChange={(v) => {
                setProxyId(v ?? NO_PROXY);
                setEditing(undefined);
              }}
              allowDeselect={false}
              data-testid="proxy-select"
              w={320}
            />
            <Button variant="light" onClick={() => setEditing(editing === 'new' ? undefined : 'new')} data-testid="proxy-new">
              New proxy profile
            </Button>
            {currentProxy ? (
              <Button variant="subtle" onClick={() => setEditing(editing === 'current' ? undefined : 'current')} data-testid="proxy-edit">
                Edit
              </Button>
            ) : null}
          </Group>
          {editing ? (
            <ProxyProfileEditor
              key={editing === 'new' ? 'new' : proxyId}
              state={editing === 'current' ? currentProxy : undefined}
              region={region}
              onSaved={(s) => {
                setProxyId(s.profile.id!);
                setEditing('current');
              }}
              onDeleted={() => {
                setProxyId(NO_PROXY);
                setEditing(undefined);
              }}
            />
          ) : null}
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              CA files added to the trust (optional)
            </Text>
            {caFiles.map((f, i) => (
              <FileInput
                key={i}
                label={`CA file ${i + 1}`}
                value={f}
                onChange={(v) => setCaFiles((fs) => fs.map((x, j) => (j === i ? v : x)))}
                extensions={CA_EXTENSIONS}
                testId={`ca-file-${i}`}
                rightSection={
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={`Remove CA file ${i + 1}`}
                    onClick={() => setCaFiles((fs) => fs.filter((_, j) => j !== i))}
                  >
                    ✕
                  </ActionIcon>
                }
              />
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                onClick={() => setCaFiles((fs) => [...fs, undefined])}
                disabled={caFiles.length >= 20}
                data-testid="ca-file-add"
              >
                Add CA file
              </Button>
            </Group>
          </Stack>
          <Group>
            <Button onClick={start} loading={running} data-testid="run">
              Check connectivity
            </Button>
            <NeedsNetwork action="checkConnectivity" />
            {running ? (
              <Button variant="outline" color="red" onClick={cancel} data-testid="cancel">
                Cancel
              </Button>
            ) : null}
            {live.run && !running ? <ExportButtons runId={live.run.id} /> : null}
          </Group>
          {running && live.total > 0 ? (
            <Progress value={(live.completed / live.total) * 100} aria-label="Progress" data-testid="progress" />
          ) : null}
          {running ? (
            <Text size="xs" c="dimmed">
              {live.completed} of {live.total || '…'} endpoints checked
            </Text>
          ) : null}
          {error && !ccidError && !serviceUrlError ? <ErrorAlert error={error} title="The check did not complete" /> : null}
          {cancelError ? <ErrorAlert error={cancelError} title="The check could not be cancelled" /> : null}
        </Stack>
      </Card>

      {live.run && !running ? <RunHeading run={live.run} fromHistory={live.fromHistory ?? false} /> : null}

      {live.summary ? <SummaryBanner summary={live.summary} {...(live.run ? { regionLabel: live.run.regionLabel } : {})} /> : null}

      {rows.length > 0 ? <ResultsTable rows={rows} selected={selected} onSelect={setSelected} /> : null}

      {selectedHost ? (
        <EndpointDetail
          probed={selectedHost}
          recheckDisabled={running || !live.runId}
          onRecheck={() => live.runId && rerun(live.runId, selectedHost.results[0]!.endpointId)}
        />
      ) : null}

      <RunHistory
        shownRunId={running ? undefined : live.run?.id}
        onOpen={(r) => {
          setSelected(undefined);
          show(r);
        }}
      />
    </Stack>
  );
}
