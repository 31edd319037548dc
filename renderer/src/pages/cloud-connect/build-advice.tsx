import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { adviseForBuild, BuildParseError, formatBuild, parseConsoleBuild } from '../../../../shared/cloud-connect-builds.ts';

/** What the site's Console build has through Cloud Connect, as the documentation's table says: every column, or "not documented". */
export function BuildAdvice({ build }: { build: string | undefined }) {
  if (!build) {
    return (
      <Text size="sm" c="dimmed" data-testid="build-advice">
        Add the Console build to the site (e.g. 14.1-66.12) to see what it has through Cloud Connect.
      </Text>
    );
  }
  let advice;
  try {
    advice = adviseForBuild(parseConsoleBuild(build));
  } catch (err) {
    if (!(err instanceof BuildParseError)) throw err;
    return (
      <Alert color="yellow" data-testid="build-advice">
        {err.message}
      </Alert>
    );
  }
  if (!advice.documented) {
    return (
      <Alert color="gray" title={`${formatBuild(advice.build)}: not documented`} data-testid="build-advice">
        {advice.reason}
      </Alert>
    );
  }
  const { row } = advice;
  return (
    <Stack gap={6} data-testid="build-advice">
      <Text size="sm">
        Console {formatBuild(advice.build)}, documented as <b>{row.label}</b>:
      </Text>
      <Group gap={6}>
        {row.features.length ? (
          row.features.map((f) => (
            <Badge key={f} variant="light">
              {f}
            </Badge>
          ))
        ) : (
          <Badge color="gray">No Cloud Connect features (NA)</Badge>
        )}
      </Group>
      <Text size="sm">
        <Text span fw={600}>
          Action required:
        </Text>{' '}
        {row.action}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          Data collection through Cloud Connect:
        </Text>{' '}
        {row.dataCollection}
      </Text>
      {advice.proxyCaUpload ? (
        <Text size="sm" c="dimmed">
          From 14.1-66.x, Cloud Connect also works through an SSL-intercepting explicit proxy once its CA certificate is uploaded to
          Console.
        </Text>
      ) : null}
    </Stack>
  );
}
