import { Badge, Card, Code, List, SegmentedControl, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import catalogData from '../../../../resources/endpoint-catalog.json';
import {
  BUILD_FEATURES,
  PORTS,
  REGION_SETUP,
  STATUSES,
  STATUS_FACTS,
  TROUBLESHOOTING,
  workflowFor,
} from '../../../../shared/cloud-connect-guide.ts';
import type { Region } from '../../../../shared/schemas/endpoint-catalog.ts';
import { useSiteDefaults } from '../../api/use-sites.ts';

interface CatalogEndpoint {
  region: string;
  group: string;
  listed: string;
  why: string;
  required: boolean;
}
const catalog = catalogData as unknown as { groups: Array<{ id: string; label: string }>; endpoints: CatalogEndpoint[] };

/** The documentation at hand, for any region: which workflow, what to allow, what each status means, what each build has. */
export function ReferenceSheet() {
  const [region, setRegion] = useState<Region>('commercial');
  useSiteDefaults((d) => setRegion(d.region));
  const [hasAccount, setHasAccount] = useState(true);
  const [hasTenant, setHasTenant] = useState(false);
  const workflow = workflowFor(hasAccount, hasTenant);
  const setup = REGION_SETUP.find((r) => r.region === region)!;
  const groupLabel = new Map(catalog.groups.map((g) => [g.id, g.label]));
  const endpoints = catalog.endpoints.filter((e) => e.region === region);

  return (
    <Stack gap="lg">
      <SegmentedControl
        aria-label="Region"
        value={region}
        onChange={(v) => setRegion(v)}
        data={REGION_SETUP.map((r) => ({ value: r.region, label: r.label }))}
      />

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Stack gap="xs">
            <Title order={4}>Which workflow applies</Title>
            <Switch
              label="The customer has a Citrix Cloud account"
              checked={hasAccount}
              onChange={(e) => setHasAccount(e.currentTarget.checked)}
            />
            <Switch
              label="A NetScaler Console service tenant exists"
              checked={hasTenant && hasAccount}
              disabled={!hasAccount}
              onChange={(e) => setHasTenant(e.currentTarget.checked)}
            />
            <Text fw={600} data-testid="cc-workflow">
              {workflow.title}
            </Text>
            {setup.consoleCommands ? (
              <Card withBorder bg="var(--mantine-color-default-hover)">
                <Text size="sm">First, on the Console on-prem shell:</Text>
                <Code block>{setup.consoleCommands.join('\n')}</Code>
                {setup.note ? (
                  <Text size="sm" c="dimmed">
                    {setup.note}
                  </Text>
                ) : null}
              </Card>
            ) : null}
            <List type="ordered" spacing={4} size="sm">
              {workflow.steps.map((s) => (
                <List.Item key={s.id}>{s.text}</List.Item>
              ))}
            </List>
          </Stack>
        </Card>

        <Card withBorder>
          <Stack gap="xs">
            <Title order={4}>What the network must allow ({setup.label})</Title>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Host</Table.Th>
                  <Table.Th>Purpose</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {endpoints.map((e) => (
                  <Table.Tr key={e.listed}>
                    <Table.Td>
                      <Code>{e.listed}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{groupLabel.get(e.group) ?? e.group}</Text>
                      <Text size="xs" c="dimmed">
                        {e.why}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <List size="sm">
              {PORTS.map((p) => (
                <List.Item key={p.port}>
                  Port {p.port}: from {p.from} to {p.to}
                </List.Item>
              ))}
            </List>
          </Stack>
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Stack gap="xs">
          <Title order={4}>What the status means</Title>
          <Table>
            <Table.Tbody>
              {STATUSES.map((s) => (
                <Table.Tr key={s.status}>
                  <Table.Td w={140}>
                    <Badge color={s.color}>{s.status}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.meaning}</Text>
                    <Text size="xs" c="dimmed">
                      {s.action}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <List size="sm">
            {STATUS_FACTS.map((f) => (
              <List.Item key={f}>{f}</List.Item>
            ))}
          </List>
        </Stack>
      </Card>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={4} mb="xs">
            Features by Console build
          </Title>
          <Table>
            <Table.Tbody>
              {BUILD_FEATURES.map((b) => (
                <Table.Tr key={b.builds}>
                  <Table.Td w={170}>{b.builds}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {b.features.length ? b.features.join(', ') : 'Cloud Connect not available'}
                      {b.proxyCaUpload ? '; also through an SSL-intercepting explicit proxy (upload its CA)' : ''}
                    </Text>
                    {b.features.length ? (
                      <Text size="xs" c="dimmed">
                        {b.action.replace(/\.$/, '')}. Data collected through Cloud Connect: {b.dataCollection}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            When it does not work
          </Title>
          <Stack gap={6}>
            {TROUBLESHOOTING.map((t) => (
              <div key={t.problem}>
                <Text size="sm" fw={600}>
                  {t.problem}
                </Text>
                <Text size="sm" c="dimmed">
                  {t.fix}
                </Text>
              </div>
            ))}
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
