import { Alert, Badge, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { NitroCallView, PlanView } from '../../../../shared/schemas/certificates.ts';

/** What happens to the certkey, in words; the confirmation names it the same way. */
export const certkeyActionText = {
  add: 'a new certkey is added',
  update: 'the certkey is changed in place',
  unchanged: 'the certkey is already right',
} as const;

function CallRow({ n, call, label, kind }: { n: number; call: NitroCallView; label: string; kind: string }) {
  return (
    <Table.Tr data-kind={kind}>
      <Table.Td>{n}</Table.Td>
      <Table.Td>
        <Code>{call.method}</Code>
      </Table.Td>
      <Table.Td>
        {/* A long path breaks rather than pushing the "What" column out of sight. */}
        <Code style={{ wordBreak: 'break-all' }}>{call.path}</Code>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{label}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Why the plan chose its certkey, when the planner says (a renewal found by binding or by subject). */
export function certkeyReason(plan: PlanView): string | undefined {
  const reason = (plan as PlanView & { certkeyReason?: unknown }).certkeyReason;
  return typeof reason === 'string' && reason !== '' ? reason : undefined;
}

/** How many NITRO calls the session makes in all: login, reads, changes, logout. */
export function nitroCallCount(plan: PlanView): number {
  return plan.session.before.length + plan.session.reads.length + plan.steps.length + plan.session.after.length;
}

/** Every NITRO call of one appliance's push, in the order they will be made. */
export function PlanViewCard({ applianceId, plan }: { applianceId: string; plan: PlanView }) {
  const rows: Array<{ call: NitroCallView; label: string; kind: string }> = [
    ...plan.session.before.map((call) => ({ call, label: 'Session', kind: 'session' })),
    ...plan.session.reads.map((call) => ({ call, label: 'Read what is there', kind: 'read' })),
    ...plan.steps.map((s) => ({ call: s.call, label: s.label, kind: s.kind })),
    ...plan.session.after.map((call) => ({ call, label: 'Session', kind: 'session' })),
  ];
  return (
    <Card withBorder data-testid={`plan-${applianceId}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={5}>{plan.appliance}</Title>
          <Group gap={4}>
            <Badge variant="light">HA {plan.haState}</Badge>
            {plan.partition ? <Badge variant="light">partition {plan.partition}</Badge> : null}
          </Group>
        </Group>
        {/* A sentence, not a status: it wraps like text (a badge keeps its whole label on one line). */}
        <Text size="sm" c={plan.certkeyAction === 'unchanged' ? 'dimmed' : undefined} style={{ wordBreak: 'break-word' }}>
          Certkey {plan.certkey}: {certkeyActionText[plan.certkeyAction]}.
        </Text>
        {certkeyReason(plan) ? (
          <Text size="sm" c="dimmed" data-testid={`plan-${applianceId}-reason`}>
            {certkeyReason(plan)}
          </Text>
        ) : null}
        <Text size="sm">
          {plan.steps.length} change{plan.steps.length === 1 ? '' : 's'}, {rows.length} NITRO calls in all.
        </Text>
        {plan.warnings.map((w) => (
          <Alert key={w} color="orange" p="xs">
            <Text size="sm">{w}</Text>
          </Alert>
        ))}
        <Table.ScrollContainer minWidth={560} type="native">
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Method</Table.Th>
                <Table.Th>Path</Table.Th>
                <Table.Th>What</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <CallRow key={i} n={i + 1} {...r} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {plan.alreadyRight.length > 0 ? (
          <Stack gap={0}>
            <Text size="sm" fw={500}>
              Already right, left as is
            </Text>
            {plan.alreadyRight.map((a) => (
              <Text key={a} size="xs">
                {a}
              </Text>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
