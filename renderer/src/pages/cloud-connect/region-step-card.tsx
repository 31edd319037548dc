import { Alert, Button, Card, Checkbox, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { REGION_SETUP, REGION_STEP } from '../../../../shared/cloud-connect-guide.ts';
import type { Site } from '../../../../shared/schemas/sites.ts';
import { useSiteTick } from './use-site-tick.ts';

/** Government and Japan: the commands Console needs on its shell before it connects there. */
export function RegionStepCard({ site, number }: { site: Site; number: number }) {
  const setup = REGION_SETUP.find((r) => r.region === site.region);
  const tick = useSiteTick(site);
  if (!setup?.consoleCommands) return null;
  const commands = setup.consoleCommands.join('\n');
  return (
    <Card withBorder data-testid="region-step">
      <Stack gap="sm">
        <Title order={4}>
          {number}. Point Console at {setup.label}
        </Title>
        <Text size="sm">{REGION_STEP.text}</Text>
        <Text size="xs" c="dimmed">
          {REGION_STEP.reason}
        </Text>
        <Code block data-testid="region-commands">
          {commands}
        </Code>
        <Group>
          <CopyButton value={commands}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" color={copied ? 'green' : undefined} onClick={copy} data-testid="region-copy">
                {copied ? 'Copied' : 'Copy the commands'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Alert color="orange" title="Console restarts its processes" data-testid="region-warning">
          {setup.note}
        </Alert>
        <Checkbox
          checked={tick.done('steps', REGION_STEP.id)}
          onChange={(e) => void tick.set('steps', REGION_STEP.id, e.currentTarget.checked)}
          label="Done on the Console shell"
          description={`Success: ${REGION_STEP.success}`}
          data-testid={`step-${REGION_STEP.id}`}
        />
      </Stack>
    </Card>
  );
}
