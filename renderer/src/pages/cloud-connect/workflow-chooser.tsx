import { Card, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { WORKFLOW_QUESTIONS, WORKFLOWS, workflowFor } from '../../../../shared/cloud-connect-guide.ts';
import type { Site, WorkflowId } from '../../../../shared/schemas/sites.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

type Answer = 'yes' | 'no' | undefined;

function answersOf(workflow: WorkflowId | undefined): { account: Answer; tenant: Answer } {
  if (workflow === 1) return { account: 'no', tenant: undefined };
  if (workflow === 2) return { account: 'yes', tenant: 'no' };
  if (workflow === 3) return { account: 'yes', tenant: 'yes' };
  return { account: undefined, tenant: undefined };
}

/** The two questions that decide which of the documentation's three workflows applies; the answer is saved on the site. */
export function WorkflowChooser({ site }: { site: Site }) {
  const [answers, setAnswers] = useState(() => answersOf(site.onboarding.workflow));
  const choose = useEngineMutation('siteChooseWorkflow');
  const workflow = WORKFLOWS.find((w) => w.id === site.onboarding.workflow);

  function answer(next: { account: Answer; tenant: Answer }) {
    setAnswers(next);
    // A tenant needs an account: "no account" settles it; otherwise both answers are needed.
    if (next.account === undefined || (next.account === 'yes' && next.tenant === undefined)) return;
    const id = workflowFor(next.account === 'yes', next.tenant === 'yes').id;
    if (id !== site.onboarding.workflow) choose.mutate({ siteId: site.id, workflow: id });
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>1. Which workflow applies</Title>
        <Radio.Group
          label={WORKFLOW_QUESTIONS.hasCloudAccount}
          value={answers.account ?? null}
          onChange={(v) => answer({ ...answers, account: v })}
          data-testid="workflow-account"
        >
          <Group mt={4}>
            <Radio value="yes" label="Yes" data-testid="workflow-account-yes" />
            <Radio value="no" label="No" data-testid="workflow-account-no" />
          </Group>
        </Radio.Group>
        {answers.account === 'yes' ? (
          <Radio.Group
            label={WORKFLOW_QUESTIONS.hasConsoleTenant}
            value={answers.tenant ?? null}
            onChange={(v) => answer({ ...answers, tenant: v })}
            data-testid="workflow-tenant"
          >
            <Group mt={4}>
              <Radio value="yes" label="Yes" data-testid="workflow-tenant-yes" />
              <Radio value="no" label="No" data-testid="workflow-tenant-no" />
            </Group>
          </Radio.Group>
        ) : null}
        {workflow ? (
          <Text fw={600} data-testid="workflow-chosen">
            {workflow.title}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Answer the questions to see the steps that apply.
          </Text>
        )}
        {choose.error ? <ErrorAlert error={choose.error} title="The workflow was not saved" /> : null}
      </Stack>
    </Card>
  );
}
