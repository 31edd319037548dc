import { Alert, Badge, Button, Card, Code, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { troubleshootingEntry, type TroubleshootingId } from '../../../../shared/cloud-connect-guide.ts';
import type { ProbedHost } from '../../../../shared/probed-hosts.ts';
import type { Diagnostic } from '../../../../shared/schemas/diagnostics.ts';
import { formatDate } from '../../format/format-date.ts';
import { downloadText } from './download.ts';
import { PhaseWaterfall } from './phase-waterfall.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'ca';
}

/** The guide's entries a failure links, as the Cloud Connect documentation words them. */
function Troubleshooting({ ids }: { ids: readonly TroubleshootingId[] | undefined }) {
  if (!ids?.length) return null;
  return (
    <Stack gap={2} mt={6} data-testid="troubleshooting">
      <Text size="sm" fw={600}>
        Troubleshooting (Cloud Connect documentation)
      </Text>
      {ids.map((id) => {
        const entry = troubleshootingEntry(id);
        return (
          <Text key={id} size="sm" data-troubleshooting-id={id}>
            <Text span fw={500} size="sm">
              {entry.problem}:
            </Text>{' '}
            {entry.fix}
          </Text>
        );
      })}
    </Stack>
  );
}

function ConsoleWording({ diagnostic }: { diagnostic: Diagnostic }) {
  if (!diagnostic.console) return null;
  return (
    <Text size="xs" c="dimmed" mt={6} data-testid="console-wording">
      NetScaler Console shows this as “{diagnostic.console}”.
    </Text>
  );
}

export function EndpointDetail({
  probed,
  onRecheck,
  recheckDisabled,
}: {
  probed: ProbedHost;
  onRecheck: () => void;
  recheckDisabled: boolean;
}) {
  const result = probed.results[0]!;
  const tls = result.tls;
  const interception = tls?.interception;
  const tlsFailed = result.phases.some((p) => p.phase === 'tls' && p.status !== 'ok');
  const coverageNotes = [...new Set(probed.results.map((r) => r.coverageNote).filter((n): n is string => Boolean(n)))];
  return (
    <Card withBorder data-testid="endpoint-detail">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={4}>{probed.host}</Title>
            <Text size="sm" c="dimmed">
              port {probed.port} · {result.route === 'direct' ? 'direct' : 'through the proxy'}
            </Text>
          </div>
          <Group>
            <Badge
              color={probed.verdict === 'reachable' ? 'green' : probed.verdict === 'not-reachable' ? 'red' : 'gray'}
              size="lg"
              variant="light"
            >
              {probed.verdictLabel}
            </Badge>
            <Button size="xs" variant="light" onClick={onRecheck} disabled={recheckDisabled} data-testid="recheck">
              Re-check
            </Button>
            <NeedsNetwork action="checkConnectivity" compact />
          </Group>
        </Group>

        <Stack gap={2} data-testid="stands-for-list">
          <Text size="sm" fw={600}>
            {probed.listed.length > 1 ? `Checked once for ${probed.listed.length} listed names` : 'Listed as'}
          </Text>
          <List size="sm" spacing={2}>
            {probed.results.map((r) => (
              <List.Item key={r.endpointId}>
                <Text span ff="monospace" size="sm">
                  {r.listed}
                </Text>{' '}
                <Text span size="sm" c="dimmed">
                  · {r.groupLabel}: {r.why}
                </Text>
              </List.Item>
            ))}
          </List>
          {coverageNotes.map((note) => (
            <Text key={note} size="xs" c="dimmed">
              {note}
            </Text>
          ))}
        </Stack>

        {probed.failure ? (
          <Alert color="red" title={probed.failure.title} data-testid="failure" data-failure-code={probed.failure.code}>
            <Text size="sm" data-testid="failure-message">
              {probed.failure.message}
            </Text>
            <Text size="sm" fw={600} mt={6}>
              How to fix it
            </Text>
            <Text size="sm" data-testid="failure-fix">
              {probed.failure.fix}
            </Text>
            <ConsoleWording diagnostic={probed.failure} />
            <Troubleshooting ids={probed.failure.troubleshooting} />
          </Alert>
        ) : null}
        {probed.warnings.map((w) => (
          <Alert key={`${w.code}-${w.message}`} color="yellow" title={w.title} data-testid="warning">
            <Text size="sm">{w.message}</Text>
            <Text size="sm" mt={4}>
              {w.fix}
            </Text>
            <Troubleshooting ids={w.troubleshooting} />
          </Alert>
        ))}

        <Title order={5}>Phases</Title>
        <PhaseWaterfall phases={result.phases} />
        <Text size="xs" c="dimmed">
          Total {Math.round(result.totalMs)} ms.
          {result.http?.statusCode ? ` HTTP ${result.http.statusCode}${result.http.statusText ? ` ${result.http.statusText}` : ''}.` : ''}
          {tlsFailed && result.http?.statusCode
            ? ' That HTTP answer came over a connection whose certificate was not verified: it shows who answers on the path, not that the service is reachable.'
            : ''}
          {result.proxyConnect?.statusCode
            ? ` Proxy answered CONNECT with ${result.proxyConnect.statusCode}${result.proxyConnect.server ? ` (${result.proxyConnect.server})` : ''}.`
            : ''}
        </Text>

        {interception?.detected ? (
          <Alert color="orange" title="TLS interception detected" data-testid="interception">
            <Text size="sm">{interception.reason}</Text>
            {interception.issuer ? (
              <Text size="sm">
                Intercepting issuer: {interception.issuer}
                {interception.product ? ` (${interception.product})` : ''}
              </Text>
            ) : null}
            {interception.caCertificatePem ? (
              <Button
                mt="xs"
                size="xs"
                variant="light"
                data-testid="save-ca"
                onClick={() =>
                  downloadText(
                    `${fileSafe(interception.product ?? interception.issuer ?? 'interception-ca')}.pem`,
                    'application/x-pem-file',
                    interception.caCertificatePem!,
                  )
                }
              >
                Save CA certificate (PEM)
              </Button>
            ) : null}
          </Alert>
        ) : null}

        {tls ? (
          <>
            <Title order={5}>Certificate chain</Title>
            <Text size="xs" c="dimmed">
              {tls.protocol ?? ''} {tls.cipher?.name ?? ''} ·{' '}
              {tls.authorized ? 'trusted' : `not trusted${tls.authorizationError ? `: ${tls.authorizationError}` : ''}`}
            </Text>
            <Table.ScrollContainer minWidth={600} type="native">
              <Table withTableBorder fz="xs" data-testid="cert-chain">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>Issuer</Table.Th>
                    <Table.Th>Valid</Table.Th>
                    <Table.Th>SHA-256</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tls.chain.map((c) => (
                    <Table.Tr key={c.fingerprint256}>
                      <Table.Td>{c.subject}</Table.Td>
                      <Table.Td>{c.issuer}</Table.Td>
                      <Table.Td c={c.expired || c.notYetValid ? 'red' : undefined}>
                        {formatDate(c.validFrom)} – {formatDate(c.validTo)}
                        {c.expired ? ' (expired)' : c.notYetValid ? ' (not yet valid)' : ''}
                      </Table.Td>
                      <Table.Td>
                        <Code style={{ wordBreak: 'break-all' }}>{c.fingerprint256}</Code>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        ) : null}
      </Stack>
    </Card>
  );
}
