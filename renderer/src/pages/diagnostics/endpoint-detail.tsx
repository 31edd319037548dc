import { Alert, Badge, Button, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { EndpointResult } from '../../../../shared/schemas/diagnostics.ts';
import { formatDate } from '../../format/format-date.ts';
import { downloadText } from './download.ts';
import { PhaseWaterfall } from './phase-waterfall.tsx';

function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'ca';
}

export function EndpointDetail({
  result,
  onRecheck,
  recheckDisabled,
}: {
  result: EndpointResult;
  onRecheck: () => void;
  recheckDisabled: boolean;
}) {
  const tls = result.tls;
  const interception = tls?.interception;
  return (
    <Card withBorder data-testid="endpoint-detail">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={4}>{result.host}</Title>
            <Text size="sm" c="dimmed">
              {result.groupLabel} · port {result.port} · {result.route === 'direct' ? 'direct' : 'through the proxy'}
              {result.listed !== result.host ? ` · stands for ${result.listed}` : ''}
            </Text>
            {result.coverageNote ? (
              <Text size="sm" c="dimmed">
                {result.coverageNote}
              </Text>
            ) : null}
          </div>
          <Group>
            <Badge
              color={result.verdict === 'reachable' ? 'green' : result.verdict === 'not-reachable' ? 'red' : 'gray'}
              size="lg"
              variant="light"
            >
              {result.verdictLabel}
            </Badge>
            <Button size="xs" variant="light" onClick={onRecheck} disabled={recheckDisabled} data-testid="recheck">
              Re-check
            </Button>
          </Group>
        </Group>

        {result.failure ? (
          <Alert color="red" title={result.failure.title} data-testid="failure" data-failure-code={result.failure.code}>
            <Text size="sm" data-testid="failure-message">
              {result.failure.message}
            </Text>
            <Text size="sm" fw={600} mt={6}>
              How to fix it
            </Text>
            <Text size="sm" data-testid="failure-fix">
              {result.failure.fix}
            </Text>
            {result.failure.console ? (
              <Text size="xs" c="dimmed" mt={6}>
                NetScaler Console shows this as “{result.failure.console}”.
              </Text>
            ) : null}
          </Alert>
        ) : null}
        {result.warnings.map((w) => (
          <Alert key={w.code} color="yellow" title={w.title} data-testid="warning">
            <Text size="sm">{w.message}</Text>
            <Text size="sm" mt={4}>
              {w.fix}
            </Text>
          </Alert>
        ))}

        <Title order={5}>Phases</Title>
        <PhaseWaterfall phases={result.phases} />
        <Text size="xs" c="dimmed">
          Total {Math.round(result.totalMs)} ms.
          {result.http?.statusCode ? ` HTTP ${result.http.statusCode}${result.http.statusText ? ` ${result.http.statusText}` : ''}.` : ''}
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
