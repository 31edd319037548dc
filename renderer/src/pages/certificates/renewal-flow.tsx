import { Alert, Box, Button, Checkbox, Group, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import { pushSummaryLine } from '../../../../shared/push-summary-text.ts';
import {
  DEFAULT_NAME_SCHEMA,
  NAME_SCHEMA_HELP,
  type FleetSummary,
  type PushOptionsInput,
} from '../../../../shared/schemas/certificates.ts';
import { subscribe } from '../../api/client.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { BundlePanel } from './bundle-panel.tsx';
import { clientHostName, profileLabel, useCertificatesStore } from './certificates-store.ts';
import { ExportAnsibleButton, ExportAnsibleResult, useAnsibleExport } from './export-ansible-button.tsx';
import { PlanViewCard } from './plan-view-card.tsx';
import { PushConfirmModal, type PlannedAppliance, type UnplannedAppliance } from './push-confirm-modal.tsx';
import { applyProgress, PushProgressView, type ApplianceProgress } from './push-progress-view.tsx';
import { PushResultCard } from './push-result-card.tsx';
import { useApplianceProfiles } from './use-appliance-profiles.ts';
import { VerifyPanel } from './verify-panel.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

const STEPS = { appliances: 0, bundle: 1, plan: 2, push: 3, verify: 4 } as const;

interface PushedJob {
  bundleId: string;
  ids: string[];
  summary: FleetSummary;
  vservers: string[];
  fingerprint256: string;
  serverName: string;
}

/** A step's second line; on a narrow window the labels alone keep the steps on one row. */
function StepHint({ children }: { children: string }) {
  return <Box visibleFrom="lg">{children}</Box>;
}

/** The title already names the appliance: the message need not start with it again. */
function withoutLabel(message: string, label: string): string {
  return message.startsWith(`${label}: `) ? message.slice(label.length + 2) : message;
}

function splitNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * One renewal as a guided job: appliances → bundle → plan → push (after a
 * confirmation) → verify. A plan belongs to the exact bundle, appliances and
 * options it was made for: change any of them and it must be made again.
 * A new bundle after a push starts the next job; the last one's results stay
 * in the push history.
 */
export function RenewalFlow() {
  const bundle = useCertificatesStore((s) => s.bundle);
  const setBundle = useCertificatesStore((s) => s.setBundle);
  const profiles = useApplianceProfiles().data ?? [];
  const [active, setActive] = useState<number>(STEPS.appliances);
  const [selected, setSelected] = useState<string[]>([]);
  const [vservers, setVservers] = useState('');
  const [sni, setSni] = useState(false);
  const [certkeyName, setCertkeyName] = useState('');
  const [nameSchema, setNameSchema] = useState(DEFAULT_NAME_SCHEMA);
  const [preserve, setPreserve] = useState(true);
  const [allowDomainChange, setAllowDomainChange] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<Record<string, ApplianceProgress>>({});
  const [pushedJob, setPushedJob] = useState<PushedJob>();
  const [jobCount, setJobCount] = useState(1);
  const taskRef = useRef<string | undefined>(undefined);
  const planned = useEngineMutation('certPlan');
  const pushed = useEngineMutation('certPush');
  const cancelTask = useEngineMutation('taskCancel');
  const exported = useAnsibleExport();
  useEffect(
    () =>
      subscribe('taskProgress', (p) => {
        if (p.taskId === taskRef.current && p.kind === 'certificates') setProgress((prev) => applyProgress(prev, p.event));
      }),
    [],
  );

  const labelOf = (id: string) => {
    const p = profiles.find((x) => x.profile.id === id)?.profile;
    return p ? profileLabel(p) : id;
  };
  const ids = profiles.map((p) => p.profile.id).filter((id) => selected.includes(id));
  const vserverNames = splitNames(vservers);

  function options(): PushOptionsInput {
    return {
      vservers: vserverNames.map((name) => ({ name, sni })),
      preserve,
      allowDomainChange,
      nameSchema,
      ...(certkeyName.trim() ? { certkeyName: certkeyName.trim() } : {}),
    };
  }
  // The plan on screen stands only for exactly what it was made for.
  const planKey = bundle ? JSON.stringify([bundle.bundleId, ids, options()]) : undefined;
  const [plannedKey, setPlannedKey] = useState<string>();
  const planIsCurrent = planned.isSuccess && plannedKey !== undefined && plannedKey === planKey;
  const answers = planIsCurrent ? planned.data : [];
  const plannedOk: PlannedAppliance[] = answers.flatMap((a) =>
    'plan' in a ? [{ id: a.applianceId, label: labelOf(a.applianceId), plan: a.plan }] : [],
  );
  const unplanned: UnplannedAppliance[] = answers.flatMap((a) =>
    'error' in a ? [{ id: a.applianceId, label: labelOf(a.applianceId), error: a.error }] : [],
  );

  // A new bundle after a push is the next renewal: the last one's results are in the history now.
  useEffect(() => {
    if (bundle && pushedJob && bundle.bundleId !== pushedJob.bundleId) startNextJob(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new bundle starts a job
  }, [bundle?.bundleId]);

  function startNextJob(toBundle: boolean) {
    planned.reset();
    pushed.reset();
    cancelTask.reset();
    exported.reset();
    setPlannedKey(undefined);
    setProgress({});
    setPushedJob(undefined);
    setConfirming(false);
    setJobCount((n) => n + 1);
    if (toBundle) setActive(STEPS.bundle);
  }

  function plan() {
    if (!bundle || !planKey) return;
    setPlannedKey(planKey);
    planned.mutate({ bundleId: bundle.bundleId, applianceIds: ids, options: options() });
  }

  function push() {
    if (!bundle || plannedOk.length === 0) return;
    setConfirming(false);
    const pushIds = plannedOk.map((p) => p.id);
    const taskId = crypto.randomUUID();
    taskRef.current = taskId;
    setProgress({});
    cancelTask.reset();
    // The digest pins a single-appliance push to the plan the user confirmed: one digest cannot describe several appliances.
    const digest = pushIds.length === 1 ? plannedOk[0]!.plan.digest : undefined;
    const leaf = bundle.report.leaf;
    const job = {
      bundleId: bundle.bundleId,
      ids: pushIds,
      vservers: vserverNames,
      fingerprint256: leaf?.fingerprint256 ?? '',
      serverName: clientHostName(leaf),
    };
    pushed.mutate(
      {
        taskId,
        bundleId: bundle.bundleId,
        applianceIds: pushIds,
        options: { ...options(), ...(digest ? { expectPlanDigest: digest } : {}) },
      },
      // The engine forgets the private key when a push has run; the page forgets the bundle with it.
      {
        onSuccess: (summary) => {
          setPushedJob({ ...job, summary });
          setBundle(undefined);
        },
        onError: (err) => {
          if (err.code === 'BUNDLE_NOT_LOADED') setBundle(undefined);
        },
      },
    );
  }

  const busy = planned.isPending ? 'plan' : pushed.isPending ? 'push' : undefined;
  const canPlan = Boolean(bundle?.report.ok) && ids.length > 0 && !busy && !pushedJob;
  const canPush = planIsCurrent && plannedOk.length > 0 && !busy && !pushedJob && Boolean(bundle);
  const verifyTargets = pushedJob
    ? pushedJob.summary.results.flatMap((r, i) =>
        r.outcome === 'succeeded' || r.outcome === 'unchanged' ? [{ applianceId: pushedJob.ids[i] ?? '', appliance: r.appliance }] : [],
      )
    : [];

  return (
    <Stack gap="md" data-testid="renewal-flow" data-job={jobCount}>
      <Stepper active={active} onStepClick={setActive} size="sm" data-testid="renewal-stepper">
        <Stepper.Step label="Appliances" description={<StepHint>Where to</StepHint>} data-testid="flow-step-appliances">
          <Stack gap="sm" pt="md">
            {profiles.length === 0 ? (
              <Alert color="gray">No appliance profile yet: add one on the Appliances tab.</Alert>
            ) : (
              <Text size="sm">Choose the appliances this renewal goes to, and the SSL vservers that should present it.</Text>
            )}
            {pushedJob ? (
              <Alert color="blue" data-testid="flow-appliances-locked">
                <Group justify="space-between">
                  <Text size="sm">This renewal was pushed to these appliances. Start a new renewal to choose others.</Text>
                  <Button size="xs" variant="default" onClick={() => startNextJob(false)}>
                    Start a new renewal
                  </Button>
                </Group>
              </Alert>
            ) : null}
            <Group>
              {profiles.map(({ profile: p }) => (
                <Checkbox
                  key={p.id}
                  label={profileLabel(p)}
                  checked={selected.includes(p.id)}
                  disabled={Boolean(pushedJob) || busy === 'push'}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setSelected((s) => (on ? [...s, p.id] : s.filter((x) => x !== p.id)));
                  }}
                  data-testid={`push-appliance-${p.id}`}
                />
              ))}
            </Group>
            <Group grow align="end">
              <TextInput
                label="SSL vservers to bind (comma separated)"
                value={vservers}
                onChange={(e) => setVservers(e.currentTarget.value)}
                disabled={Boolean(pushedJob)}
                data-testid="push-vservers"
              />
              <Checkbox
                label="Bind as SNI certificate"
                checked={sni}
                disabled={Boolean(pushedJob)}
                onChange={(e) => setSni(e.currentTarget.checked)}
                data-testid="push-sni"
                mb={8}
              />
            </Group>
            <Group>
              <Button onClick={() => setActive(STEPS.bundle)} disabled={ids.length === 0} data-testid="flow-next-bundle">
                Next: the certificate
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Bundle" description={<StepHint>The new certificate</StepHint>} data-testid="flow-step-bundle">
          <Stack gap="sm" pt="md">
            {pushedJob ? (
              <Alert color="blue" data-testid="flow-pushed-note">
                This renewal was pushed and its files were cleared from memory. Load the next certificate to start a new renewal; the
                results of this one stay in History.
              </Alert>
            ) : null}
            <BundlePanel />
            <Group>
              <Button onClick={() => setActive(STEPS.plan)} disabled={!bundle?.report.ok} data-testid="flow-next-plan">
                Next: plan
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Plan" description={<StepHint>See every call</StepHint>} data-testid="flow-step-plan">
          <Stack gap="sm" pt="md">
            {bundle ? (
              <Text size="sm">
                Certificate: {bundle.report.leaf?.subject ?? bundle.label} · to {ids.map(labelOf).join(', ') || 'no appliance yet'}
              </Text>
            ) : (
              <Alert color="gray" data-testid="push-no-bundle">
                {pushedJob
                  ? 'The certificate files were cleared from memory when the push finished. Load the next certificate in the Bundle step to start a new renewal.'
                  : 'Load a bundle in the Bundle step first.'}
              </Alert>
            )}
            <Group grow align="start">
              <TextInput
                label="Certkey to renew or create (empty: found on each appliance)"
                value={certkeyName}
                onChange={(e) => setCertkeyName(e.currentTarget.value)}
                data-testid="push-certkey-name"
              />
              <TextInput
                label="Naming schema"
                description={NAME_SCHEMA_HELP}
                value={nameSchema}
                onChange={(e) => setNameSchema(e.currentTarget.value)}
                data-testid="push-name-schema"
              />
            </Group>
            <Checkbox
              label="Renew in place: the certkey this certificate renews keeps its name and bindings (off: a new certkey, and the binding moves to it)"
              checked={preserve}
              onChange={(e) => setPreserve(e.currentTarget.checked)}
              data-testid="push-preserve"
            />
            <Checkbox
              label="I agree that the new certificate may name other domains than the one it replaces"
              checked={allowDomainChange}
              onChange={(e) => setAllowDomainChange(e.currentTarget.checked)}
              data-testid="push-domain-change"
            />
            <Group>
              <Button variant="light" onClick={plan} disabled={!canPlan} loading={busy === 'plan'} data-testid="plan-button">
                {planned.isSuccess && !planIsCurrent ? 'Plan again' : 'Plan'}
              </Button>
              <NeedsNetwork action="certificatePlan" />
              <ExportAnsibleButton
                exported={exported}
                bundleId={bundle?.bundleId}
                applianceIds={ids}
                options={options}
                disabled={!canPlan}
              />
              <Button onClick={() => setActive(STEPS.push)} disabled={!canPush} data-testid="flow-next-push">
                Next: review and push
              </Button>
            </Group>
            <ExportAnsibleResult exported={exported} />
            {planned.isSuccess && !planIsCurrent && !pushedJob ? (
              <Alert color="yellow" data-testid="plan-stale">
                The bundle, the appliances or the options changed since the last plan: plan again to see what this push will do.
              </Alert>
            ) : null}
            {planned.error ? <ErrorAlert error={planned.error} title="The plan could not be made" /> : null}
            {planIsCurrent ? (
              <Stack gap="xs" data-testid="plan-results">
                <Title order={5}>Plan</Title>
                {planned.data.map((a) =>
                  'plan' in a ? (
                    <PlanViewCard key={a.applianceId} applianceId={a.applianceId} plan={a.plan} />
                  ) : (
                    <ErrorAlert
                      key={a.applianceId}
                      error={FieldkitError.fromInfo({ ...a.error, message: withoutLabel(a.error.message, labelOf(a.applianceId)) })}
                      title={`${labelOf(a.applianceId)}: cannot plan, it will not be pushed`}
                      testId={`plan-${a.applianceId}`}
                    />
                  ),
                )}
                {/* A long plan pushes the buttons above out of sight: the next step is offered where the reading ends too. */}
                <Group>
                  <Button onClick={() => setActive(STEPS.push)} disabled={!canPush} data-testid="flow-next-push-bottom">
                    Next: review and push
                  </Button>
                </Group>
              </Stack>
            ) : null}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Push" description={<StepHint>Confirm, then push</StepHint>} data-testid="flow-step-push">
          <Stack gap="sm" pt="md">
            {!pushedJob && !pushed.isPending ? (
              canPush ? (
                <Text size="sm" data-testid="push-ready">
                  {plannedOk.length} appliance{plannedOk.length === 1 ? '' : 's'} planned
                  {unplanned.length > 0 ? `; ${unplanned.length} could not be planned and will not be pushed` : ''}. You will be asked to
                  confirm.
                </Text>
              ) : (
                <Alert color="gray">Make a plan first: nothing is pushed that you have not seen planned.</Alert>
              )
            ) : null}
            <Group>
              {!pushedJob ? (
                <>
                  <Button onClick={() => setConfirming(true)} disabled={!canPush} loading={busy === 'push'} data-testid="push-button">
                    Push to {plannedOk.length} appliance{plannedOk.length === 1 ? '' : 's'}…
                  </Button>
                  <NeedsNetwork action="certificatePush" />
                </>
              ) : null}
              {pushed.isPending ? (
                <>
                  <Button
                    variant="default"
                    onClick={() => taskRef.current && cancelTask.mutate({ taskId: taskRef.current })}
                    loading={cancelTask.isPending}
                    data-testid="push-cancel"
                  >
                    Cancel
                  </Button>
                  <Text size="xs" c="dimmed">
                    Cancel starts no further appliance; the ones in progress stop, undo what they applied and log out.
                  </Text>
                </>
              ) : null}
            </Group>
            {pushed.error ? <ErrorAlert error={pushed.error} title="The push did not run" /> : null}
            {cancelTask.error ? <ErrorAlert error={cancelTask.error} title="The push could not be cancelled" /> : null}
            {Object.keys(progress).length > 0 ? <PushProgressView progress={progress} /> : null}
            {pushedJob ? (
              <Stack gap="xs" data-testid="push-summary">
                <Title order={5}>Result</Title>
                <Text size="sm" data-testid="push-summary-line">
                  {pushSummaryLine(pushedJob.summary)} · {Math.round(pushedJob.summary.tookMs)} ms
                </Text>
                {pushedJob.summary.results.map((r, i) => (
                  <PushResultCard key={r.appliance} result={r} testId={`push-result-${pushedJob.ids[i] ?? i}`} />
                ))}
                <Group>
                  <Button onClick={() => setActive(STEPS.verify)} data-testid="flow-next-verify">
                    Next: verify what clients get
                  </Button>
                  <Button variant="default" onClick={() => startNextJob(true)} data-testid="flow-new-renewal">
                    Start a new renewal
                  </Button>
                </Group>
              </Stack>
            ) : null}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Verify" description={<StepHint>What clients get</StepHint>} data-testid="flow-step-verify">
          <Stack gap="sm" pt="md">
            {pushedJob ? (
              <>
                <VerifyPanel
                  key={jobCount}
                  targets={verifyTargets}
                  vservers={pushedJob.vservers}
                  serverName={pushedJob.serverName}
                  fingerprint256={pushedJob.fingerprint256}
                />
                <Group>
                  <Button variant="default" onClick={() => startNextJob(true)} data-testid="flow-new-renewal-after-verify">
                    Start a new renewal
                  </Button>
                </Group>
              </>
            ) : (
              <Alert color="gray">Push first: the check compares what clients get with the certificate that was pushed.</Alert>
            )}
          </Stack>
        </Stepper.Step>
      </Stepper>
      <PushConfirmModal
        opened={confirming}
        planned={plannedOk}
        unplanned={unplanned}
        vservers={vserverNames}
        onCancel={() => setConfirming(false)}
        onConfirm={push}
      />
    </Stack>
  );
}
