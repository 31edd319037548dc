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

const UNVERIFIED_COLOR = 'var(--mantine-color-gray-5)';

/**
 * Each phase as a bar placed at its offset from the probe's start, so waits
 * and gaps show where time went. A phase after a TLS handshake whose
 * certificate did not verify is grey and says "unverified": whoever
 * intercepted answered it, so its success says nothing about the service.
 */
export function PhaseWaterfall({ phases }: { phases: PhaseTiming[] }) {
  const end = Math.max(1, ...phases.map((p) => p.startMs + p.durationMs));
  const tlsFailedAt = phases.findIndex((p) => p.phase === 'tls' && p.status !== 'ok');
  const unverified = (i: number) => tlsFailedAt >= 0 && i > tlsFailedAt && phases[i]!.status === 'ok';
  return (
    <Box data-testid="waterfall" role="list" aria-label="Phases">
      {phases.map((p, i) => (
        <Group
          key={p.phase}
          gap="xs"
          wrap="nowrap"
          mb={4}
          role="listitem"
          data-phase={p.phase}
          data-status={p.status}
          {...(unverified(i) ? { 'data-unverified': 'true' } : {})}
        >
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
                background: unverified(i) ? UNVERIFIED_COLOR : STATUS_COLOR[p.status],
                borderRadius: 3,
              }}
            />
          </Box>
          <Text size="xs" w={110} ta="right" style={{ flexShrink: 0 }}>
            {Math.round(p.durationMs)} ms {unverified(i) ? 'unverified' : p.status === 'ok' ? '' : p.status}
          </Text>
        </Group>
      ))}
    </Box>
  );
}
