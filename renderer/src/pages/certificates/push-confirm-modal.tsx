import { Alert, Button, Group, List, Modal, Stack, Table, Text } from '@mantine/core';
import type { FailureInfo, PlanView } from '../../../../shared/schemas/certificates.ts';
import { certkeyActionText, certkeyReason, nitroCallCount } from './plan-view-card.tsx';

export interface PlannedAppliance {
  id: string;
  label: string;
  plan: PlanView;
}

export interface UnplannedAppliance {
  id: string;
  label: string;
  error: FailureInfo;
}

/**
 * The last look before anything changes: each appliance that will be pushed,
 * what happens to its certkey and how many changes that is, and each appliance
 * that could not be planned and is therefore left out.
 */
export function PushConfirmModal({
  opened,
  planned,
  unplanned,
  vservers,
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  planned: PlannedAppliance[];
  unplanned: UnplannedAppliance[];
  vservers: string[];
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const n = planned.length;
  return (
    <Modal opened={opened} onClose={onCancel} title={`Push to ${n} appliance${n === 1 ? '' : 's'}?`} size="xl" data-testid="push-confirm">
      <Stack gap="sm">
        <Text size="sm">
          {vservers.length > 0 ? `SSL vservers: ${vservers.join(', ')}. ` : 'No vserver is named: nothing is bound or rebound. '}A failure
          on an appliance rolls back what the push changed there.
        </Text>
        <Table.ScrollContainer minWidth={520} type="native">
          <Table withTableBorder data-testid="push-confirm-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Appliance</Table.Th>
                <Table.Th>Certkey</Table.Th>
                <Table.Th>Changes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {planned.map(({ id, label, plan }) => (
                <Table.Tr key={id} data-testid={`push-confirm-${id}`}>
                  <Table.Td>
                    <Text size="sm">{label}</Text>
                    {plan.partition ? (
                      <Text size="xs" c="dimmed">
                        partition {plan.partition}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>
                    <Text size="sm">
                      {plan.certkey}: {certkeyActionText[plan.certkeyAction]}
                    </Text>
                    {certkeyReason(plan) ? (
                      <Text size="xs" c="dimmed">
                        {certkeyReason(plan)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid={`push-confirm-${id}-steps`}>
                      {plan.steps.length} change{plan.steps.length === 1 ? '' : 's'}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {nitroCallCount(plan)} NITRO calls
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {planned.some((p) => p.plan.warnings.length > 0) ? (
          <Alert color="orange" title="Warnings from the plan">
            <List size="sm">
              {planned.flatMap((p) =>
                p.plan.warnings.map((w) => (
                  <List.Item key={`${p.id}-${w}`}>
                    {p.label}: {w}
                  </List.Item>
                )),
              )}
            </List>
          </Alert>
        ) : null}
        {unplanned.length > 0 ? (
          <Alert color="red" title="Not pushed: these could not be planned" data-testid="push-confirm-unplanned">
            <List size="sm">
              {unplanned.map((u) => (
                <List.Item key={u.id} data-testid={`push-confirm-unplanned-${u.id}`}>
                  {/* The engine's message usually names the appliance already. */}
                  {u.error.message.includes(u.id) ? u.error.message : `${u.label}: ${u.error.message}`}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-testid="push-confirm-cancel">
            Cancel
          </Button>
          <Button onClick={onConfirm} disabled={n === 0} data-testid="push-confirm-go">
            Push to {n} appliance{n === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
