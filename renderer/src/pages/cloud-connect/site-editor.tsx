import { Button, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { REGION_OPTIONS } from '../../../../shared/regions.ts';
import type { Region } from '../../../../shared/schemas/endpoint-catalog.ts';
import type { Site } from '../../../../shared/schemas/sites.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fieldError } from '../../format/error-text.ts';
import { proxyLabel } from '../../format/proxy-label.ts';

const NO_PROXY = '__none__';

/** A site's details, typed once: a new site (no `site`) or a change to one. Onboarding progress and actions are kept as they are. */
export function SiteEditor({ site, opened, onClose }: { site: Site | undefined; opened: boolean; onClose: (saved?: Site) => void }) {
  return (
    <Modal opened={opened} onClose={() => onClose()} title={site ? `Edit ${site.name}` : 'Add a site'} size="lg" data-testid="site-editor">
      {/* A fresh form each time it opens, from the site as saved. */}
      {opened ? <SiteForm site={site} onClose={onClose} /> : null}
    </Modal>
  );
}

function SiteForm({ site, onClose }: { site: Site | undefined; onClose: (saved?: Site) => void }) {
  const [name, setName] = useState(site?.name ?? '');
  const [region, setRegion] = useState<Region>(site?.region ?? 'commercial');
  const [ccid, setCcid] = useState(site?.ccid ?? '');
  const [serviceUrl, setServiceUrl] = useState(site?.serviceUrl ?? '');
  const [consoleAddress, setConsoleAddress] = useState(site?.consoleAddress ?? '');
  const [consoleBuild, setConsoleBuild] = useState(site?.consoleBuild ?? '');
  const [proxyId, setProxyId] = useState(site?.proxyProfileId ?? NO_PROXY);
  const [notes, setNotes] = useState(site?.notes ?? '');
  const proxies = useEngineQuery('proxyProfilesList', []);
  const save = useEngineMutation('siteSave', { onSuccess: (saved) => onClose(saved) });
  const err = (f: string) => fieldError(save.error, f);
  const optional = (v: string) => (v.trim() ? v.trim() : undefined);

  function submit() {
    const details = {
      ...(site ? { id: site.id } : {}),
      name: name.trim(),
      region,
      ccid: optional(ccid),
      serviceUrl: optional(serviceUrl),
      consoleAddress: optional(consoleAddress),
      consoleBuild: optional(consoleBuild),
      proxyProfileId: proxyId === NO_PROXY ? undefined : proxyId,
      notes: notes.trim() ? notes : undefined,
    };
    save.mutate(Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as typeof details);
  }

  const shownError = save.error && !['name', 'ccid', 'serviceUrl', 'consoleAddress', 'consoleBuild', 'notes'].some(err) ? save.error : null;
  return (
    <Stack gap="sm">
      <TextInput
        label="Site name"
        description="How you call this Console, e.g. the customer and the data centre"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={err('name')}
        data-autofocus
        data-testid="site-name"
      />
      <div>
        <Text size="sm" fw={500}>
          Citrix Cloud region
        </Text>
        <Text size="xs" c="dimmed" mb={4}>
          The region of the NetScaler Console service tenant
        </Text>
        <SegmentedControl data={REGION_OPTIONS} value={region} onChange={(v) => setRegion(v)} data-testid="site-region" />
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="CCID"
          description="Citrix Cloud customer ID (optional)"
          value={ccid}
          onChange={(e) => setCcid(e.currentTarget.value)}
          error={err('ccid')}
          data-testid="site-ccid"
        />
        <TextInput
          label="Console service URL"
          description="e.g. acme.agent.adm.cloud.com, when known"
          value={serviceUrl}
          onChange={(e) => setServiceUrl(e.currentTarget.value)}
          error={err('serviceUrl')}
          data-testid="site-service-url"
        />
        <TextInput
          label="Console address"
          description="NetScaler Console on-prem: host, IP or https:// URL"
          value={consoleAddress}
          onChange={(e) => setConsoleAddress(e.currentTarget.value)}
          error={err('consoleAddress')}
          data-testid="site-console-address"
        />
        <TextInput
          label="Console build"
          description="e.g. 14.1-66.12"
          value={consoleBuild}
          onChange={(e) => setConsoleBuild(e.currentTarget.value)}
          error={err('consoleBuild')}
          data-testid="site-console-build"
        />
      </SimpleGrid>
      <Select
        label="Proxy Console uses"
        description="Saved proxy profiles (Diagnostics page, or the proxy step of the onboarding)"
        data={[
          { value: NO_PROXY, label: 'None: Console goes direct' },
          ...(proxies.data ?? []).map((p) => ({ value: p.profile.id!, label: proxyLabel(p) })),
        ]}
        value={proxyId}
        onChange={(v) => setProxyId(v ?? NO_PROXY)}
        allowDeselect={false}
        data-testid="site-proxy"
      />
      <Textarea
        label="Notes"
        autosize
        minRows={2}
        maxRows={6}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        error={err('notes')}
        data-testid="site-notes"
      />
      {shownError ? <ErrorAlert error={shownError} title="The site was not saved" /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => onClose()}>
          Cancel
        </Button>
        <Button onClick={submit} loading={save.isPending} data-testid="site-save">
          {site ? 'Save' : 'Add site'}
        </Button>
      </Group>
    </Stack>
  );
}
