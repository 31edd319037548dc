import { Box, Group, Text } from '@mantine/core';
import type { PhaseTiming } from '../../../../shared/schemas/diagnostics.ts';

const PHASE_LABEL: Record<PhaseTiming['phase'], string> = {
  dns: 'DNS',
  tcp: 'TCP connect',
  'proxy-connect': 'Proxy CONNECT',
  tls: 'TLS handshake',
  http: 'HTTP response',
};
const STATUS_COLOR: Record<PhaseTiming['status'], string> = {
  ok: 'var(--mantine-color-teal-6)',
  failed: 'var(--mantine-color-red-6)',
  timeout: 'var(--mantine-color-orange-6)',
  aborted: 'var(--mantine-color-gray-5)',
};

/** Each phase as a bar placed at its offset from the probe's start, so waits and gaps show where time went. */
export function PhaseWaterfall({ phases }: { phases: PhaseTiming[] }) {
  const end = Math.max(1, ...phases.map((p) => p.startMs + p.durationMs));
  return (
    <Box data-testid="waterfall" role="list" aria-label="Phases">
      {phases.map((p) => (
        <Group key={p.phase} gap="xs" wrap="nowrap" mb={4} role="listitem" data-phase={p.phase} data-status={p.status}>
          <Text size="xs" w={110} style={{ flexShrink: 0 }}>
            {PHASE_LABEL[p.phase]}
          </Text>
          <Box style={{ position: 'relative', flex: 1, height: 16, background: 'var(--mantine-color-default-hover)', borderRadius: 3 }}>
            <Box
              title={`${p.target}: ${p.status}${p.error ? ` (${p.error.message})` : ''}`}
              style={{
                position: 'absolute',
                left: `${(p.startMs / end) * 100}%`,
                width: `max(2px, ${(p.durationMs / end) * 100}%)`,
                top: 0,
                bottom: 0,
                background: STATUS_COLOR[p.status],
                borderRadius: 3,
              }}
            />
          </Box>
          <Text size="xs" w={110} ta="right" style={{ flexShrink: 0 }}>
            {Math.round(p.durationMs)} ms {p.status === 'ok' ? '' : p.status}
          </Text>
        </Group>
      ))}
    </Box>
  );
}
