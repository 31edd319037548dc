import { ActionIcon, Button, Card, Group, Progress, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import { REGION_OPTIONS } from '../../../../shared/regions.ts';
import type { RunListItem } from '../../../../shared/schemas/diagnostics.ts';
import type { Region } from '../../../../shared/schemas/endpoint-catalog.ts';
import type { ProxyProfileState } from '../../../../shared/schemas/profiles.ts';
import { call, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { EndpointDetail } from './endpoint-detail.tsx';
import { ProxyProfileEditor } from './proxy-profile-editor.tsx';
import { ResultsTable, toRows } from './results-table.tsx';
import { ExportButtons, RunHistory } from './run-history.tsx';
import { SummaryBanner } from './summary-banner.tsx';
import { useDiagnosticsRun } from './use-diagnostics-run.ts';

const NO_PROXY = '__none__';

function proxyLabel(s: ProxyProfileState): string {
  const p = s.profile;
  const where = p.type === 'transparent-ssl-intercepting' ? 'transparent' : `${p.host}:${p.port}`;
  return `${p.name ?? p.id} (${where})`;
}

export function DiagnosticsPage() {
  const [region, setRegion] = useState<Region>('commercial');
  const [ccid, setCcid] = useState('');
  const [serviceUrl, setServiceUrl] = useState('');
  const [caFiles, setCaFiles] = useState<string[]>([]);
  const [proxies, setProxies] = useState<ProxyProfileState[]>([]);
  const [proxyId, setProxyId] = useState<string>(NO_PROXY);
  const [editing, setEditing] = useState<'new' | 'current' | undefined>();
  const [history, setHistory] = useState<RunListItem[]>([]);
  const [historyError, setHistoryError] = useState<FieldkitError>();
  const [loadError, setLoadError] = useState<FieldkitError>();
  const [selected, setSelected] = useState<string>();
  const [pickerMessage, setPickerMessage] = useState<string>();

  const refreshHistory = useCallback(() => {
    call('diagnosticsHistory', { limit: 50 })
      .then((h) => {
        setHistory(h);
        setHistoryError(undefined);
      })
      .catch((err: unknown) => setHistoryError(toFieldkitError(err)));
  }, []);
  const { live, run, rerun, cancel, show } = useDiagnosticsRun(refreshHistory);

  useEffect(() => {
    call('proxyProfilesList')
      .then(setProxies)
      .catch((err: unknown) => setLoadError(toFieldkitError(err)));
    refreshHistory();
  }, [refreshHistory]);

  const rows = useMemo(() => toRows(live.results, live.pending), [live.results, live.pending]);
  const selectedResult = live.results.find((r) => r.endpointId === selected);
  // The engine prefixes the field name ("ccid: ..."); the input already says which field it is.
  const ccidError = live.error?.field && /ccid/i.test(live.error.field) ? live.error.message.replace(/^ccid:\s*/i, '') : undefined;
  const currentProxy = proxies.find((p) => p.profile.id === proxyId);

  function start() {
    setSelected(undefined);
    void run({
      region,
      ...(ccid.trim() ? { ccid: ccid.trim() } : {}),
      ...(serviceUrl.trim() ? { serviceUrl: serviceUrl.trim() } : {}),
      ...(proxyId !== NO_PROXY ? { proxyProfileId: proxyId } : {}),
      ...(caFiles.some((f) => f.trim()) ? { caFiles: caFiles.map((f) => f.trim()).filter(Boolean) } : {}),
    });
  }

  async function pickCaFile(index: number) {
    try {
      const { path } = await call('openFileDialog', {
        title: 'Choose a CA certificate (PEM or DER)',
        filters: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer', 'der'] }],
      });
      if (path) setCaFiles((fs) => fs.map((f, i) => (i === index ? path : f)));
    } catch (err) {
      const e = toFieldkitError(err);
      setPickerMessage(e.code === 'NOT_AVAILABLE_HERE' ? 'No file picker here: type the path of the CA file instead.' : e.message);
    }
  }

  return (
    <Stack gap="lg">
      <Title order={2}>Diagnostics</Title>
      {loadError ? <ErrorAlert error={loadError} title="Proxy profiles could not be read" /> : null}

      <Card withBorder>
        <Stack gap="sm">
          <Group align="flex-end" gap="md">
            <div>
              <Text size="sm" fw={500} mb={4}>
                Region
              </Text>
              <SegmentedControl data={REGION_OPTIONS} value={region} onChange={setRegion} data-testid="region" />
            </div>
            <TextInput
              label="CCID"
              description="Citrix Cloud customer ID (optional)"
              value={ccid}
              onChange={(e) => setCcid(e.currentTarget.value)}
              error={ccidError}
              data-testid="ccid"
              w={200}
            />
            <TextInput
              label="Service URL"
              description="e.g. acme.agent.adm.cloud.com (optional)"
              value={serviceUrl}
              onChange={(e) => setServiceUrl(e.currentTarget.value)}
              data-testid="service-url"
              style={{ flex: 1 }}
            />
          </Group>
          <Group align="flex-end">
            <Select
              label="Proxy"
              data={[
                { value: NO_PROXY, label: 'No proxy (direct)' },
                ...proxies.map((p) => ({ value: p.profile.id!, label: proxyLabel(p) })),
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
                setProxies((ps) => [...ps.filter((p) => p.profile.id !== s.profile.id), s]);
                setProxyId(s.profile.id!);
                setEditing('current');
              }}
              onDeleted={(id) => {
                setProxies((ps) => ps.filter((p) => p.profile.id !== id));
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
              <Group key={i} gap="xs">
                <TextInput
                  value={f}
                  placeholder="/path/to/proxy-ca.pem"
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setCaFiles((fs) => fs.map((x, j) => (j === i ? v : x)));
                  }}
                  style={{ flex: 1 }}
                  aria-label={`CA file ${i + 1}`}
                  data-testid={`ca-file-${i}`}
                />
                <Button variant="default" size="xs" onClick={() => void pickCaFile(i)}>
                  Browse…
                </Button>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove CA file ${i + 1}`}
                  onClick={() => setCaFiles((fs) => fs.filter((_, j) => j !== i))}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            {pickerMessage ? (
              <Text size="xs" c="dimmed">
                {pickerMessage}
              </Text>
            ) : null}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                onClick={() => setCaFiles((fs) => [...fs, ''])}
                disabled={caFiles.length >= 20}
                data-testid="ca-file-add"
              >
                Add CA file
              </Button>
            </Group>
          </Stack>
          <Group>
            <Button onClick={start} loading={live.running} data-testid="run">
              Check connectivity
            </Button>
            {live.running ? (
              <Button variant="outline" color="red" onClick={() => void cancel()} data-testid="cancel">
                Cancel
              </Button>
            ) : null}
            {live.run ? <ExportButtons runId={live.run.id} /> : null}
          </Group>
          {live.running && live.total > 0 ? (
            <Progress value={(live.completed / live.total) * 100} aria-label="Progress" data-testid="progress" />
          ) : null}
          {live.running ? (
            <Text size="xs" c="dimmed">
              {live.completed} of {live.total || '…'} endpoints checked
            </Text>
          ) : null}
          {live.error && !ccidError ? <ErrorAlert error={live.error} title="The check did not complete" /> : null}
        </Stack>
      </Card>

      {live.summary ? <SummaryBanner summary={live.summary} {...(live.run ? { regionLabel: live.run.regionLabel } : {})} /> : null}

      {rows.length > 0 ? <ResultsTable rows={rows} selected={selected} onSelect={setSelected} /> : null}

      {selectedResult ? (
        <EndpointDetail
          result={selectedResult}
          recheckDisabled={live.running || !live.runId}
          onRecheck={() => live.runId && void rerun(live.runId, selectedResult.endpointId, live.results)}
        />
      ) : null}

      <RunHistory
        items={history}
        error={historyError}
        onOpen={(r) => {
          setSelected(undefined);
          show(r);
        }}
      />
    </Stack>
  );
}
