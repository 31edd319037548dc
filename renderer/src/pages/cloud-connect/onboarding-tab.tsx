import { Alert, Badge, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { onboardingSteps, PROXY_STEP, REGION_SETUP, REGION_STEP } from '../../../../shared/cloud-connect-guide.ts';
import type { DiagnosticsRun } from '../../../../shared/schemas/diagnostics.ts';
import type { Site } from '../../../../shared/schemas/sites.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/format-date.ts';
import { interceptingCaPem } from './network-prerequisites.ts';
import { PrerequisitesCard } from './prerequisites-card.tsx';
import { ProxyStepCard } from './proxy-step-card.tsx';
import { RegionStepCard } from './region-step-card.tsx';
import { useSiteTick } from './use-site-tick.ts';
import { WorkflowChooser } from './workflow-chooser.tsx';

/**
 * The guided onboarding of one site: the workflow, the prerequisites (checked
 * live where the network decides), the region and proxy steps where they
 * apply, the workflow's steps in order, and the confirmation that Console
 * says "Login Successful", then Connected. Every tick is saved on the site.
 */
export function OnboardingTab({ site }: { site: Site }) {
  const [lastRun, setLastRun] = useState<DiagnosticsRun | undefined>();
  const { workflow, confirmedAt } = site.onboarding;
  const hasProxy = site.proxyProfileId !== undefined;
  const regionStep = REGION_SETUP.find((r) => r.region === site.region)?.consoleCommands !== undefined;
  const steps = workflow ? onboardingSteps({ region: site.region, hasProxy, workflow }) : [];
  const tick = useSiteTick(site);
  const done = steps.filter((s) => tick.done('steps', s.id)).length;
  let number = 3;

  return (
    <Stack gap="md">
      <OnboardingProgress site={site} done={done} total={steps.length} />
      {/* The answers start from the saved workflow: again when it was changed elsewhere. */}
      <WorkflowChooser key={`${site.id}-${site.onboarding.workflow ?? 'none'}`} site={site} />
      <PrerequisitesCard key={`prereq-${site.id}`} site={site} onRun={(run) => setLastRun(run)} />
      {regionStep ? <RegionStepCard site={site} number={number++} /> : null}
      <ProxyStepCard site={site} number={number++} foundCaPem={interceptingCaPem(lastRun)} />
      {workflow ? <WorkflowSteps site={site} number={number++} /> : null}
      {workflow ? <ConfirmConnected site={site} number={number} allDone={done === steps.length} confirmedAt={confirmedAt} /> : null}
    </Stack>
  );
}

function OnboardingProgress({ site, done, total }: { site: Site; done: number; total: number }) {
  const last = site.actions.at(-1);
  if (last?.kind === 'disconnect')
    return (
      <Alert color="gray" title="Disconnected" data-testid="onboarding-state">
        Recorded {formatDateTime(last.at)}. Start the onboarding again from the Site tab to connect again.
      </Alert>
    );
  if (site.onboarding.confirmedAt) return <OnboardingConfirmed site={site} confirmedAt={site.onboarding.confirmedAt} />;
  return (
    <Group gap="xs" data-testid="onboarding-state">
      <Badge color="blue" variant="light">
        Pending
      </Badge>
      <Text size="sm" c="dimmed">
        {site.onboarding.workflow
          ? `Onboarding under way: ${done} of ${total} steps done. Progress is saved as you go.`
          : 'Onboarding not started: answer the two questions below.'}
      </Text>
    </Group>
  );
}

/**
 * The onboarding is done, but what counts now is the connection: a site
 * confirmed weeks ago and in Error today must not read "Connected" here.
 */
function OnboardingConfirmed({ site, confirmedAt }: { site: Site; confirmedAt: string }) {
  const status = useEngineQuery('cloudConnectStatus', [{ siteId: site.id }]).data?.find((s) => s.siteId === site.id);
  const confirmed = `Confirmed ${formatDateTime(confirmedAt)}: Console showed "Login Successful".`;
  if (status?.state === 'error')
    return (
      <Alert color="red" title="Onboarding done, but Cloud Connect is in Error now" data-testid="onboarding-state">
        {confirmed} Since {formatDateTime(status.since)} a required endpoint is not reachable from here: the Status tab shows which, and
        Check connectivity now shows why.
      </Alert>
    );
  if (status?.state === 'connected')
    return (
      <Alert color="green" title="Connected" data-testid="onboarding-state">
        {confirmed} The Status tab watches the connection from here.
      </Alert>
    );
  return (
    <Alert color="blue" title="Onboarding done" data-testid="onboarding-state">
      {confirmed} Refresh Cloud Connect Status on the Status tab checks the required endpoints from here and shows Connected when they are
      all reachable.
    </Alert>
  );
}

function WorkflowSteps({ site, number }: { site: Site; number: number }) {
  const tick = useSiteTick(site);
  const { workflow } = site.onboarding;
  // The region and proxy steps have cards of their own above.
  const steps = onboardingSteps({ region: site.region, hasProxy: false, workflow: workflow! }).filter(
    (s) => s.id !== REGION_STEP.id && s.id !== PROXY_STEP.id,
  );
  return (
    <Card withBorder data-testid="workflow-steps">
      <Stack gap="sm">
        <Title order={4}>
          {number}. Workflow {workflow}: the steps, in order
        </Title>
        {steps.map((s, i) => (
          <Checkbox
            key={s.id}
            checked={tick.done('steps', s.id)}
            onChange={(e) => void tick.set('steps', s.id, e.currentTarget.checked)}
            label={`${i + 1}. ${s.text}`}
            description={
              <>
                {s.reason}
                <br />
                <Text span size="xs" fw={600}>
                  Success:
                </Text>{' '}
                {s.success}
              </>
            }
            data-testid={`step-${s.id}`}
          />
        ))}
        {tick.error ? <ErrorAlert error={tick.error} title="The progress was not saved" /> : null}
      </Stack>
    </Card>
  );
}

function ConfirmConnected({
  site,
  number,
  allDone,
  confirmedAt,
}: {
  site: Site;
  number: number;
  allDone: boolean;
  confirmedAt: string | undefined;
}) {
  const record = useEngineMutation('siteRecordAction');
  return (
    <Card withBorder data-testid="confirm-connected">
      <Stack gap="sm">
        <Title order={4}>{number}. Connected</Title>
        {confirmedAt ? (
          <Text size="sm" data-testid="confirmed-at">
            Confirmed {formatDateTime(confirmedAt)}.
          </Text>
        ) : (
          <>
            <Text size="sm">
              When Console greets you with "Login Successful" and Cloud Connect shows Connected, confirm it here: the status monitor then
              judges the connection from this network.
            </Text>
            {allDone ? null : (
              <Text size="xs" c="dimmed">
                Tick every step above first.
              </Text>
            )}
            <Group>
              <Button
                color="green"
                disabled={!allDone}
                loading={record.isPending}
                onClick={() => record.mutate({ siteId: site.id, kind: 'connected' })}
                data-testid="confirm-connected-go"
              >
                I see Login Successful and Connected
              </Button>
            </Group>
          </>
        )}
        {record.error ? <ErrorAlert error={record.error} title="Connected was not recorded" /> : null}
      </Stack>
    </Card>
  );
}
