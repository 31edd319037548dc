import { Alert, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { BundleReport, CertificateFacts } from '../../../../shared/schemas/certificates.ts';
import { formatDate } from '../../format/format-date.ts';
import { chainEndText } from './bundle-chain-text.ts';

const severityColor = { error: 'red', warning: 'orange', info: 'blue' } as const;
/** How a finding is introduced: a word for people, not the severity's code name. */
const severityLabel = { error: 'Problem', warning: 'Warning', info: 'Note' } as const;

function days(c: CertificateFacts): string {
  if (c.expired) return 'expired';
  if (c.notYetValid) return 'not yet valid';
  return `${c.daysLeft} days left`;
}

/** The validation report of a loaded bundle: what the certificate is and every problem with what to do. */
export function BundleReportView({ report }: { report: BundleReport }) {
  const leaf = report.leaf;
  return (
    <Card withBorder data-testid="bundle-report">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Validation</Title>
          <Badge color={report.ok ? 'green' : 'red'} data-testid="bundle-ok">
            {report.ok ? 'Ready to push' : 'Cannot be pushed'}
          </Badge>
        </Group>
        {leaf ? (
          <Stack gap={2}>
            <Text size="sm" data-testid="bundle-subject">
              Subject: {leaf.subject}
            </Text>
            <Text size="sm">Issuer: {leaf.issuer}</Text>
            <Text size="sm">SANs: {leaf.sans.length ? leaf.sans.join(', ') : 'none'}</Text>
            <Text size="sm" data-testid="bundle-validity">
              Valid {formatDate(leaf.notBefore)} to {formatDate(leaf.notAfter)} ({days(leaf)})
            </Text>
            {/* Hex runs have no break opportunity: let them wrap anywhere rather than push the card wider than the window. */}
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              Serial {leaf.serialHex} · SHA-256 {leaf.fingerprint256}
            </Text>
          </Stack>
        ) : null}
        {report.key ? (
          <Text size="sm" data-testid="bundle-key">
            Key: {report.key.type}
            {report.key.bits ? ` ${report.key.bits} bits` : ''}
            {report.key.curve ? ` ${report.key.curve}` : ''} · {report.key.wasEncrypted ? 'encrypted' : 'not encrypted'} ·{' '}
            {report.key.matchesCertificate ? 'matches the certificate' : 'does NOT match the certificate'}
          </Text>
        ) : null}
        <Text size="sm" fw={500}>
          Chain
        </Text>
        {report.chain.length > 0 ? (
          <Table withTableBorder>
            <Table.Tbody>
              {report.chain.map((c, i) => (
                <Table.Tr key={c.fingerprint256}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>{c.subject}</Table.Td>
                  <Table.Td>{days(c)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            No intermediate certificate.
          </Text>
        )}
        <Text size="sm" data-testid="bundle-chain-end">
          {chainEndText(report)}
        </Text>
        {report.problems.map((p, i) => (
          <Alert
            key={`${p.code}-${i}`}
            color={severityColor[p.severity]}
            title={`${severityLabel[p.severity]}: ${p.message}`}
            data-testid="bundle-problem"
            data-severity={p.severity}
          >
            <Text size="sm">{p.hint}</Text>
          </Alert>
        ))}
      </Stack>
    </Card>
  );
}
