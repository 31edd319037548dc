import { Badge, Card, Group, Progress, Stack, Text } from '@mantine/core';
import type { ProgressEvent } from '../../../../shared/schemas/certificates.ts';

export interface ApplianceProgress {
  stepCount: number;
  /** Latest status per step label, in the order first seen. */
  steps: Array<{ key: string; label: string; phase: ProgressEvent['phase']; status: ProgressEvent['status']; message?: string }>;
}

/** Folds one progress event into the per-appliance view. */
export function applyProgress(prev: Record<string, ApplianceProgress>, e: ProgressEvent): Record<string, ApplianceProgress> {
  const cur = prev[e.appliance] ?? { stepCount: 0, steps: [] };
  const key = `${e.phase}:${e.stepIndex}:${e.stepLabel}`;
  const entry = { key, label: e.stepLabel, phase: e.phase, status: e.status, ...(e.message ? { message: e.message } : {}) };
  const i = cur.steps.findIndex((s) => s.key === key);
  const steps = i >= 0 ? cur.steps.map((s, j) => (j === i ? entry : s)) : [...cur.steps, entry];
  return { ...prev, [e.appliance]: { stepCount: Math.max(cur.stepCount, e.stepCount), steps } };
}

const statusColor = { running: 'blue', done: 'green', failed: 'red', 'rolled-back': 'orange', interrupted: 'yellow' } as const;

export function PushProgressView({ progress }: { progress: Record<string, ApplianceProgress> }) {
  return (
    <Stack gap="xs" data-testid="push-progress">
      {Object.entries(progress).map(([appliance, p]) => {
        const done = p.steps.filter((s) => s.phase === 'step' && s.status === 'done').length;
        return (
          <Card withBorder key={appliance} data-testid="push-progress-appliance">
            <Stack gap={4}>
              <Group justify="space-between">
                <Text fw={500}>{appliance}</Text>
                <Text size="xs">
                  {done} / {p.stepCount} steps
                </Text>
              </Group>
              <Progress value={p.stepCount ? (100 * done) / p.stepCount : 0} aria-label={`${appliance} progress`} />
              {p.steps.map((s) => (
                <Group key={s.key} gap="xs" wrap="nowrap">
                  <Badge size="xs" color={statusColor[s.status]} variant="light" style={{ minWidth: 90 }}>
                    {s.status}
                  </Badge>
                  <Text size="xs">
                    {s.phase === 'rollback' ? 'Rollback: ' : ''}
                    {s.label}
                    {s.message ? ` — ${s.message}` : ''}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
