import { Alert, Button, Card, Checkbox, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { adviseForBuild, PROXY_CA_UPLOAD_FROM_BUILD, parseConsoleBuild } from '../../../../shared/cloud-connect-builds.ts';
import { CLOUD_CONNECT_PROXY_TYPES, CONSOLE_PROXY_DEFAULT_PORT, PROXY_STEP } from '../../../../shared/cloud-connect-guide.ts';
import type { Site } from '../../../../shared/schemas/sites.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ProxyProfileEditor } from '../diagnostics/proxy-profile-editor.tsx';
import { useSiteTick } from './use-site-tick.ts';

/** Whether the site's build can trust an SSL-intercepting proxy's CA, in words. */
function proxyCaSupport(build: string | undefined): string {
  const from = `14.1-${PROXY_CA_UPLOAD_FROM_BUILD}.x`;
  if (!build) return `Console supports an SSL-intercepting proxy from ${from}: add the site's build to know whether this Console does.`;
  try {
    const b = parseConsoleBuild(build);
    const advice = adviseForBuild(b);
    if (b.release === '14.1' && advice.documented)
      return advice.proxyCaUpload
        ? `This Console (${build}) supports it: upload the proxy's CA certificate in Console (Manage CA certificate).`
        : `This Console (${build}) is older than ${from}: it cannot trust an intercepting proxy; exempt the Citrix Cloud hosts from SSL interception or upgrade Console.`;
  } catch {
    // An unreadable build says nothing either way.
  }
  return `Console supports an SSL-intercepting proxy from ${from}; the documentation does not say whether ${build} does.`;
}

/** The proxy Console uses: what kinds work, the profile with a live test, and where it goes in Console. */
export function ProxyStepCard({ site, number, foundCaPem }: { site: Site; number: number; foundCaPem: string | undefined }) {
  const proxies = useEngineQuery('proxyProfilesList', []);
  const state = proxies.data?.find((p) => p.profile.id === site.proxyProfileId);
  const [adding, setAdding] = useState(false);
  const save = useEngineMutation('siteSave');
  const tick = useSiteTick(site);
  const hasProxy = site.proxyProfileId !== undefined;

  function setSiteProxy(proxyProfileId: string | undefined) {
    const { id, name, region, ccid, serviceUrl, consoleAddress, consoleBuild, notes } = site;
    save.mutate({
      id,
      name,
      region,
      ...(ccid ? { ccid } : {}),
      ...(serviceUrl ? { serviceUrl } : {}),
      ...(consoleAddress ? { consoleAddress } : {}),
      ...(consoleBuild ? { consoleBuild } : {}),
      ...(notes ? { notes } : {}),
      ...(proxyProfileId ? { proxyProfileId } : {}),
    });
  }

  return (
    <Card withBorder data-testid="proxy-step">
      <Stack gap="sm">
        <Title order={4}>{number}. The proxy Console uses</Title>
        <Text size="sm">
          Optional: only when Console reaches the internet through a proxy. Cloud Connect supports no authentication or Basic
          authentication, and these proxy types:
        </Text>
        <List size="sm">
          {CLOUD_CONNECT_PROXY_TYPES.map((t) => (
            <List.Item key={t}>{t}</List.Item>
          ))}
        </List>
        {proxies.isPending ? null : hasProxy || adding ? (
          <ProxyProfileEditor
            // The editor starts from the profile as saved: a fresh one when the site's proxy or the saved profile changes.
            key={`${site.proxyProfileId ?? 'new'}-${state ? 'saved' : 'none'}`}
            state={state}
            region={site.region}
            defaultPort={CONSOLE_PROXY_DEFAULT_PORT}
            foundCaPem={foundCaPem}
            onSaved={(saved) => {
              setAdding(false);
              if (saved.profile.id !== site.proxyProfileId) setSiteProxy(saved.profile.id);
            }}
            onDeleted={() => setSiteProxy(undefined)}
          />
        ) : (
          <Button variant="light" onClick={() => setAdding(true)} data-testid="proxy-step-add" style={{ alignSelf: 'flex-start' }}>
            Console uses a proxy: set it up
          </Button>
        )}
        {save.error ? <ErrorAlert error={save.error} title="The site's proxy was not saved" /> : null}
        {hasProxy ? (
          <>
            <Text size="sm" fw={600}>
              In Console
            </Text>
            <Text size="sm">{PROXY_STEP.text}</Text>
            <Alert color="blue" title="SSL-intercepting proxy">
              <Text size="sm">{proxyCaSupport(site.consoleBuild)}</Text>
            </Alert>
            <Checkbox
              checked={tick.done('steps', PROXY_STEP.id)}
              onChange={(e) => void tick.set('steps', PROXY_STEP.id, e.currentTarget.checked)}
              label="Entered in Console"
              description={`Success: ${PROXY_STEP.success}`}
              data-testid={`step-${PROXY_STEP.id}`}
            />
          </>
        ) : (
          <Text size="xs" c="dimmed">
            Without a proxy, Console goes direct: the check above runs direct too.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
