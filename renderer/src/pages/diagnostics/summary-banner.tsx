import { Alert, List, Text } from '@mantine/core';
import type { RunSummary } from '../../../../shared/schemas/diagnostics.ts';
import { countsLine } from './summary-text.ts';

const LOOK = {
  met: { color: 'green', title: 'Prerequisites met' },
  'not-met': { color: 'red', title: 'Prerequisites not met' },
  incomplete: { color: 'yellow', title: 'Check incomplete' },
} as const;

export function SummaryBanner({ summary, regionLabel }: { summary: RunSummary; regionLabel?: string }) {
  const look = LOOK[summary.verdict];
  const c = summary.counts;
  return (
    <Alert
      color={look.color}
      title={`${look.title}${regionLabel ? ` for ${regionLabel}` : ''}`}
      data-testid="summary"
      data-verdict={summary.verdict}
    >
      <Text size="sm" data-testid="summary-headline">
        {summary.headline}
      </Text>
      <Text size="xs" c="dimmed" mt={4} data-testid="summary-counts">
        {countsLine(c)}
      </Text>
      {summary.nextSteps.length > 0 ? (
        <>
          <Text size="sm" fw={600} mt="xs">
            Next steps
          </Text>
          <List type="ordered" size="sm" data-testid="next-steps">
            {[...summary.nextSteps]
              .sort((a, b) => a.order - b.order)
              .map((s) => (
                <List.Item key={`${s.order}-${s.code}`}>
                  <Text span fw={500} size="sm">
                    {s.title}:{' '}
                  </Text>
                  {s.text}
                </List.Item>
              ))}
          </List>
        </>
      ) : null}
    </Alert>
  );
}
