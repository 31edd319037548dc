import { Alert, Button, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { ChannelOutput } from '../../../../shared/ipc-contract.ts';
import { DEFAULT_NAME_SCHEMA, type FleetSummary, type PushOptionsInput } from '../../../../shared/schemas/certificates.ts';
import { call, subscribe, toFieldkitError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { profileLabel, useCertificatesStore } from './certificates-store.ts';
import { PlanViewCard } from './plan-view-card.tsx';
import { applyProgress, PushProgressView, type ApplianceProgress } from './push-progress-view.tsx';
import { PushResultCard } from './push-result-card.tsx';

type PlanAnswer = ChannelOutput<'certPlan'>;

export function PushPanel() {
  const { profiles, bundle } = useCertificatesStore();
  const [selected, setSelected] = useState<string[]>([]);
  const [vservers, setVservers] = useState('');
  const [sni, setSni] = useState(false);
  const [certkeyName, setCertkeyName] = useState('');
  const [nameSchema, setNameSchema] = useState(DEFAULT_NAME_SCHEMA);
  const [preserve, setPreserve] = useState(false);
  const [allowDomainChange, setAllowDomainChange] = useState(false);
  const [plans, setPlans] = useState<{ ids: string[]; answer: PlanAnswer }>();
  const [progress, setProgress] = useState<Record<string, ApplianceProgress>>({});
  const [summary, setSummary] = useState<{ ids: string[]; summary: FleetSummary }>();
  const [taskId, setTaskId] = useState<string>();
  const [busy, setBusy] = useState<'plan' | 'push'>();
  const [error, setError] = useState<FieldkitError>();
  const unsubscribe = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => unsubscribe.current?.(), []);

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

  async function plan() {
    if (!bundle) return;
    setBusy('plan');
    setError(undefined);
    try {
      setPlans({ ids, answer: await call('certPlan', { bundleId: bundle.bundleId, applianceIds: ids, options: options() }) });
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function push() {
    if (!bundle) return;
    const id = crypto.randomUUID();
    setBusy('push');
    setError(undefined);
    setSummary(undefined);
    setProgress({});
    setTaskId(id);
    unsubscribe.current?.();
    unsubscribe.current = subscribe('taskProgress', (p) => {
      if (p.taskId === id && p.kind === 'certificates') setProgress((prev) => applyProgress(prev, p.event));
    });
    // The digest only pins a single-appliance push to the plan the user saw: one digest cannot describe several appliances.
    const onlyPlan = ids.length === 1 && plans && plans.ids.length === 1 && plans.ids[0] === ids[0] ? plans.answer[0] : undefined;
    const digest = onlyPlan && 'plan' in onlyPlan ? onlyPlan.plan.digest : undefined;
    try {
      const s = await call('certPush', {
        taskId: id,
        bundleId: bundle.bundleId,
        applianceIds: ids,
        options: { ...options(), ...(digest ? { expectPlanDigest: digest } : {}) },
      });
      setSummary({ ids, summary: s });
    } catch (err) {
      setError(toFieldkitError(err));
    } finally {
      unsubscribe.current?.();
      unsubscribe.current = undefined;
      setTaskId(undefined);
      setBusy(undefined);
    }
  }

  async function cancel() {
    if (taskId) await call('taskCancel', { taskId }).catch(() => undefined);
  }

  const canRun = Boolean(bundle?.report.ok) && ids.length > 0 && !busy;
  return (
    <Stack gap="sm">
      {!bundle ? (
        <Alert color="gray">Load a bundle on the Bundle tab first.</Alert>
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
          label="Naming schema ({cn} {serial} {serial8} {expiry} {hash})"
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
        <Button variant="light" onClick={() => void plan()} disabled={!canRun} loading={busy === 'plan'} data-testid="plan-button">
          Plan
        </Button>
        <Button onClick={() => void push()} disabled={!canRun} loading={busy === 'push'} data-testid="push-button">
          Push to {ids.length} appliance{ids.length === 1 ? '' : 's'}
        </Button>
        {taskId ? (
          <>
            <Button variant="default" onClick={() => void cancel()} data-testid="push-cancel">
              Cancel
            </Button>
            <Text size="xs" c="dimmed">
              Cancel stops appliances not yet started; one already changing finishes or rolls back.
            </Text>
          </>
        ) : null}
      </Group>
      {error ? <ErrorAlert error={error} /> : null}
      {plans && !summary && busy !== 'push' ? (
        <Stack gap="xs" data-testid="plan-results">
          <Title order={5}>Plan</Title>
          {plans.answer.map((a) =>
            'plan' in a ? (
              <PlanViewCard key={a.applianceId} applianceId={a.applianceId} plan={a.plan} />
            ) : (
              <Alert
                key={a.applianceId}
                color="red"
                title={`${a.applianceId}: cannot plan`}
                data-testid={`plan-${a.applianceId}`}
                data-error-code={a.error.code}
              >
                <Text size="sm">{a.error.message}</Text>
                {a.error.hint ? (
                  <Text size="sm" c="dimmed">
                    {a.error.hint}
                  </Text>
                ) : null}
              </Alert>
            ),
          )}
        </Stack>
      ) : null}
      {Object.keys(progress).length > 0 ? <PushProgressView progress={progress} /> : null}
      {summary ? (
        <Stack gap="xs" data-testid="push-summary">
          <Title order={5}>Result</Title>
          <Text size="sm" data-testid="push-summary-line">
            {summary.summary.succeeded.length} succeeded, {summary.summary.unchanged.length} unchanged, {summary.summary.rolledBack.length}{' '}
            rolled back, {summary.summary.failed.length} failed · {Math.round(summary.summary.tookMs)} ms
          </Text>
          {summary.summary.results.map((r, i) => (
            <PushResultCard key={r.appliance} result={r} testId={`push-result-${summary.ids[i] ?? i}`} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
