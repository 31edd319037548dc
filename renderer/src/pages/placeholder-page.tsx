import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { PageInfo } from './page-registry.ts';

export function PlaceholderPage({ page }: { page: PageInfo }) {
  return (
    <Stack gap="md">
      <Group>
        <Title order={2}>{page.label}</Title>
        <Badge variant="light">Coming soon</Badge>
      </Group>
      <Card withBorder>
        <Text>{page.summary}</Text>
      </Card>
    </Stack>
  );
}
