import { Alert, Group, Text } from '@mantine/core';
import { describeRunAllowlist } from '../../../../shared/run-allowlist-label.ts';
import type { DiagnosticsRun } from '../../../../shared/schemas/diagnostics.ts';
import { formatDateTime } from '../../format/format-date.ts';

/** How a run's proxy reads in one phrase. */
export function runProxyText(proxy: DiagnosticsRun['proxy']): string {
  if (!proxy) return 'direct (no proxy)';
  const where = proxy.host ? `${proxy.host}:${proxy.port}` : 'transparent interception';
  return `proxy ${proxy.name ? `${proxy.name} (${where})` : where}`;
}

/** What a run was asked, in one line: region, CCID, service URL, proxy, and where its endpoints came from. */
export function runFacts(run: DiagnosticsRun): string[] {
  return [
    run.regionLabel,
    run.ccid ? `CCID ${run.ccid}` : 'no CCID',
    run.serviceUrlHost ? `service URL ${run.serviceUrlHost}` : 'no service URL',
    runProxyText(run.proxy),
    ...(run.allowlist ? [`endpoints from ${describeRunAllowlist(run.allowlist)}`] : []),
    ...(run.updatedAt ? [`re-checked ${formatDateTime(run.updatedAt)}`] : []),
  ];
}

/** Says which check the results below belong to, and plainly when it is an earlier one opened from the history. */
export function RunHeading({ run, fromHistory }: { run: DiagnosticsRun; fromHistory: boolean }) {
  const facts = runFacts(run).join(' · ');
  if (fromHistory) {
    return (
      <Alert color="gray" title={`Earlier check of ${formatDateTime(run.startedAt)}, opened from the history`} data-testid="run-heading">
        <Text size="sm">{facts}</Text>
        <Text size="xs" c="dimmed" mt={4}>
          The results below are that check&apos;s, not the settings above. Run the check again to see today&apos;s.
        </Text>
      </Alert>
    );
  }
  return (
    <Group gap="xs" data-testid="run-heading">
      <Text size="sm" fw={600}>
        Check of {formatDateTime(run.startedAt)}
      </Text>
      <Text size="sm" c="dimmed">
        {facts}
      </Text>
    </Group>
  );
}
