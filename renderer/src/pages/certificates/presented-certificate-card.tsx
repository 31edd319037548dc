import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import type { PresentedCertificate } from '../../../../shared/schemas/certificates.ts';
import { formatDate } from '../../format/format-date.ts';

/** The management certificate an appliance presented, shown plainly before the user pins it. */
export function PresentedCertificateCard({
  cert,
  accepted,
  onAccept,
}: {
  cert: PresentedCertificate;
  accepted: boolean;
  onAccept: () => void;
}) {
  return (
    <Alert
      color={accepted ? 'green' : 'yellow'}
      title={`${cert.host}:${cert.port} presented this certificate`}
      data-testid="presented-cert"
    >
      <Stack gap={4}>
        <Text size="sm">Subject: {cert.subject}</Text>
        <Text size="sm">
          Issuer: {cert.issuer}
          {cert.selfSigned ? ' (self-signed)' : ''}
        </Text>
        <Text size="sm">
          Valid from {formatDate(cert.validFrom)} to {formatDate(cert.validTo)}
        </Text>
        <Text size="sm">
          {cert.trustedBySystem
            ? 'The system trusts it for this name.'
            : 'The system does not trust it: compare the fingerprint with the one shown on the appliance console before you accept it.'}
        </Text>
        <Text size="sm">SHA-256 fingerprint:</Text>
        <Code block data-testid="presented-fingerprint">
          {cert.fingerprint256}
        </Code>
        <Group>
          <Button size="xs" onClick={onAccept} disabled={accepted} data-testid="accept-fingerprint">
            {accepted ? 'Fingerprint accepted' : 'I checked it: trust this certificate'}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
