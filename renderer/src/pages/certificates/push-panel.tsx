import { Alert, Button, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import { pushSummaryLine } from '../../../../shared/push-summary-text.ts';
import { DEFAULT_NAME_SCHEMA, NAME_SCHEMA_HELP, type PushOptionsInput } from '../../../../shared/schemas/certificates.ts';
import { subscribe } from '../../api/client.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { profileLabel, useCertificatesStore } from './certificates-store.ts';
import { ExportAnsibleButton } from './export-ansible-button.tsx';
import { PlanViewCard } from './plan-view-card.tsx';
import { applyProgress, PushProgressView, type ApplianceProgress } from './push-progress-view.tsx';
import { PushResultCard } from './push-result-card.tsx';
import { useApplianceProfiles } from './use-appliance-profiles.ts';

export function PushPanel() {
  const bundle = useCertificatesStore((s) => s.bundle);
  const setBundle = useCertificatesStore((s) => s.setBundle);
  const profiles = useApplianceProfiles().data ?? [];
  const [selected, setSelected] = useState<string[]>([]);
  const [vservers, setVservers] = useState('');
  const [sni, setSni] = useState(false);
  const [certkeyName, setCertkeyName] = useState('');
  const [nameSchema, setNameSchema] = useState(DEFAULT_NAME_SCHEMA);
  const [preserve, setPreserve] = useState(false);
  const [allowDomainChange, setAllowDomainChange] = useState(false);
  const [progress, setProgress] = useState<Record<string, ApplianceProgress>>({});
  const taskRef = useRef<string | undefined>(undefined);
  const planned = useEngineMutation('certPlan');
  const pushed = useEngineMutation('certPush');
  const cancelTask = useEngineMutation('taskCancel');
  useEffect(
    () =>
      subscribe('taskProgress', (p) => {
        if (p.taskId === taskRef.current && p.kind === 'certificates') setProgress((prev) => applyProgress(prev, p.event));
      }),
    [],
  );
  const plans = planned.data && planned.variables ? { ids: planned.variables.applianceIds, answer: planned.data } : undefined;
  const summary = pushed.data && pushed.variables ? { ids: pushed.variables.applianceIds, summary: pushed.data } : undefined;
  const busy = planned.isPending ? 'plan' : pushed.isPending ? 'push' : undefined;
  const error = planned.error ?? pushed.error;

  const ids = profiles.map((p) => p.profile.id).filter((id) => selected.includes(id));

  function options(): PushOptionsInput {
    const names = vservers
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      vservers: names.map((name) => ({ name, sni })),
      preserve,
      allowDomainChange,
      nameSchema,
      ...(certkeyName.trim() ? { certkeyName: certkeyName.trim() } : {}),
    };
  }

  function plan() {
    if (!bundle) return;
    pushed.reset();
    planned.mutate({ bundleId: bundle.bundleId, applianceIds: ids, options: options() });
  }

  function push() {
    if (!bundle) return;
    const taskId = crypto.randomUUID();
    taskRef.current = taskId;
    setProgress({});
    cancelTask.reset();
    // A failed plan has no answer to keep, and its error must not stand for this push's.
    if (planned.isError) planned.reset();
    // The digest only pins a single-appliance push to the plan the user saw: one digest cannot describe several appliances.
    const onlyPlan = ids.length === 1 && plans && plans.ids.length === 1 && plans.ids[0] === ids[0] ? plans.answer[0] : undefined;
    const digest = onlyPlan && 'plan' in onlyPlan ? onlyPlan.plan.digest : undefined;
    pushed.mutate(
      {
        taskId,
        bundleId: bundle.bundleId,
        applianceIds: ids,
        options: { ...options(), ...(digest ? { expectPlanDigest: digest } : {}) },
      },
      // The engine forgets the private key when a push has run; the page forgets the bundle with it.
      {
        onSuccess: () => setBundle(undefined),
        onError: (err) => {
          if (err.code === 'BUNDLE_NOT_LOADED') setBundle(undefined);
        },
      },
    );
  }

  const canRun = Boolean(bundle?.report.ok) && ids.length > 0 && !busy;
  return (
    <Stack gap="sm">
      {!bundle ? (
        <Alert color="gray" data-testid="push-no-bundle">
          {pushed.isSuccess
            ? 'The certificate files were cleared from memory when the push finished. Load them again on the Bundle tab to push again.'
            : 'Load a bundle on the Bundle tab first.'}
        </Alert>
      ) : (
        <Text size="sm">Bundle: {bundle.report.leaf?.subject ?? bundle.label}</Text>
      )}
      {bundle && !bundle.report.ok ? <Alert color="red">The bundle has errors; fix them before a push.</Alert> : null}
      <Title order={5}>Appliances</Title>
      {profiles.length === 0 ? (
        <Text size="sm" c="dimmed">
          No appliance profile yet.
        </Text>
      ) : null}
      <Group>
        {profiles.map(({ profile: p }) => (
          <Checkbox
            key={p.id}
            label={profileLabel(p)}
            checked={selected.includes(p.id)}
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
          data-testid="push-vservers"
        />
        <Checkbox label="Bind as SNI certificate" checked={sni} onChange={(e) => setSni(e.currentTarget.checked)} data-testid="push-sni" />
      </Group>
      <Group grow>
        <TextInput
          label="Certkey name (empty: from the naming schema)"
          value={certkeyName}
          onChange={(e) => setCertkeyName(e.currentTarget.value)}
          data-testid="push-certkey-name"
        />
        <TextInput
          label={`Naming schema (${NAME_SCHEMA_HELP})`}
          value={nameSchema}
          onChange={(e) => setNameSchema(e.currentTarget.value)}
          data-testid="push-name-schema"
        />
      </Group>
      <Checkbox
        label="Preserve on renewal: change the existing certkey in place so its name and bindings stay"
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
        <Button variant="light" onClick={plan} disabled={!canRun} loading={busy === 'plan'} data-testid="plan-button">
          Plan
        </Button>
        <ExportAnsibleButton bundleId={bundle?.bundleId} applianceIds={ids} options={options} disabled={!canRun} />
        <Button onClick={push} disabled={!canRun} loading={busy === 'push'} data-testid="push-button">
          Push to {ids.length} appliance{ids.length === 1 ? '' : 's'}
        </Button>
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
      {error ? <ErrorAlert error={error} title={planned.error ? 'The plan could not be made' : 'The push did not run'} /> : null}
      {cancelTask.error ? <ErrorAlert error={cancelTask.error} title="The push could not be cancelled" /> : null}
      {plans && !summary && busy !== 'push' ? (
        <Stack gap="xs" data-testid="plan-results">
          <Title order={5}>Plan</Title>
          {plans.answer.map((a) =>
            'plan' in a ? (
              <PlanViewCard key={a.applianceId} applianceId={a.applianceId} plan={a.plan} />
            ) : (
              <ErrorAlert
                key={a.applianceId}
                error={FieldkitError.fromInfo(a.error)}
                title={`${a.applianceId}: cannot plan`}
                testId={`plan-${a.applianceId}`}
              />
            ),
          )}
        </Stack>
      ) : null}
      {Object.keys(progress).length > 0 ? <PushProgressView progress={progress} /> : null}
      {summary ? (
        <Stack gap="xs" data-testid="push-summary">
          <Title order={5}>Result</Title>
          <Text size="sm" data-testid="push-summary-line">
            {pushSummaryLine(summary.summary)} · {Math.round(summary.summary.tookMs)} ms
          </Text>
          {summary.summary.results.map((r, i) => (
            <PushResultCard key={r.appliance} result={r} testId={`push-result-${summary.ids[i] ?? i}`} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
