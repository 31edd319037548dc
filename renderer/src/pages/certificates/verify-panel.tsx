import { Badge, Button, Card, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { VserverVerification } from '../../../../shared/schemas/certificate-verify.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

const statusView: Record<VserverVerification['status'], { color: string; text: string }> = {
  match: { color: 'green', text: 'Clients get the pushed certificate' },
  mismatch: { color: 'red', text: 'Clients get another certificate' },
  shown: { color: 'gray', text: 'Presented' },
  unreachable: { color: 'gray', text: 'Not checked from here' },
};

export interface VerifyTarget {
  applianceId: string;
  appliance: string;
}

function splitNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One appliance: connects to each vserver's VIP as a client would and says which certificate comes back. */
function ApplianceVerify({
  target,
  vservers,
  serverName,
  fingerprint256,
}: {
  target: VerifyTarget;
  vservers: string[];
  serverName: string;
  fingerprint256: string;
}) {
  const verify = useEngineMutation('certVerify');
  const report = verify.data;
  const id = target.applianceId;
  const run = () => verify.mutate({ applianceId: id, vservers, serverName, expectedFingerprint256: fingerprint256 });
  // Opening the step is asking the question: the first check runs by itself (reads only), later ones on request.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || vservers.length === 0 || serverName === '') return;
    started.current = true;
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, with what the step opened with
  }, []);
  return (
    <Card withBorder data-testid={`verify-${id}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={5}>{target.appliance}</Title>
          <Button
            size="xs"
            variant="light"
            loading={verify.isPending}
            disabled={vservers.length === 0 || serverName === ''}
            onClick={run}
            data-testid={`verify-run-${id}`}
          >
            {report ? 'Check again' : 'Check'}
          </Button>
          <NeedsNetwork action="certificateVerify" />
        </Group>
        {verify.error ? <ErrorAlert error={verify.error} title={`${target.appliance}: the check did not run`} /> : null}
        {report ? (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Vserver</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th>Presented certificate</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.vservers.map((v) => (
                  <Table.Tr key={v.vserver} data-testid={`verify-${id}-${v.vserver}`} data-status={v.status}>
                    <Table.Td>
                      <Text size="sm">{v.vserver}</Text>
                      {v.address ? (
                        <Text size="xs" c="dimmed">
                          {v.address}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusView[v.status].color} variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
                        {statusView[v.status].text}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>
                      {v.served ? (
                        <Stack gap={2}>
                          <Text size="xs">{v.served.subject}</Text>
                          <Code style={{ wordBreak: 'break-all' }} data-testid={`verify-${id}-${v.vserver}-fingerprint`}>
                            {v.served.fingerprint256}
                          </Code>
                          <Text size="xs" c={v.served.trustedBySystem ? 'green' : 'orange'}>
                            {v.served.trustedBySystem
                              ? `Trusted by this computer for ${report.serverName}`
                              : `Not trusted by this computer for ${report.serverName} (its CA is unknown here, or the name does not match)`}
                          </Text>
                        </Stack>
                      ) : v.error ? (
                        <ErrorAlert error={FieldkitError.fromInfo(v.error)} title="No certificate read" />
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Card>
  );
}

/**
 * After a push: for each appliance that has the new certificate, what its
 * vservers now present to a client that asks for the certificate's host name.
 */
export function VerifyPanel({
  targets,
  vservers: initialVservers,
  serverName: initialServerName,
  fingerprint256,
}: {
  targets: VerifyTarget[];
  vservers: string[];
  serverName: string;
  fingerprint256: string;
}) {
  const [vservers, setVservers] = useState(initialVservers.join(', '));
  const [serverName, setServerName] = useState(initialServerName);
  const names = splitNames(vservers);
  if (targets.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="verify-nothing">
        No appliance took the new certificate, so there is nothing to check.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="verify-panel">
      <Text size="sm">
        Fieldkit reads each vserver&apos;s address over NITRO, connects to it as a client would, asking for the host name below, and
        compares the certificate it gets with the one pushed (<Code>{fingerprint256.slice(0, 23)}…</Code>). Nothing is sent after the
        handshake. A VIP that is only reachable from the clients&apos; network cannot be checked from here.
      </Text>
      <Group grow align="start">
        <TextInput
          label="SSL vservers to check"
          value={vservers}
          onChange={(e) => setVservers(e.currentTarget.value)}
          data-testid="verify-vservers"
        />
        <TextInput
          label="Host name clients ask for (SNI)"
          value={serverName}
          onChange={(e) => setServerName(e.currentTarget.value.trim())}
          data-testid="verify-server-name"
        />
      </Group>
      {names.length === 0 ? (
        <Text size="sm" c="dimmed">
          Name at least one vserver to check.
        </Text>
      ) : null}
      {targets.map((t) => (
        <ApplianceVerify key={t.applianceId} target={t} vservers={names} serverName={serverName} fingerprint256={fingerprint256} />
      ))}
    </Stack>
  );
}
