import { Alert, Button, Checkbox, Group, List, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ExpiryCertkeyRow, ExpiryErrorRow } from '../../../../shared/schemas/certificate-expiry.ts';
import { useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ExpiryTable } from './expiry-table.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

const WINDOWS = ['7', '14', '30', '60', '90', '365'];

/**
 * Expiry across every saved appliance: read when asked (it talks to each
 * appliance), soonest first; an appliance that could not be read is named
 * above the table rather than hiding the others.
 */
export function ExpiryPanel() {
  const [within, setWithin] = useState('30');
  const [all, setAll] = useState(false);
  const [asked, setAsked] = useState(false);
  const expiry = useEngineQuery('certExpiry', [{ within: Number(within) }], { enabled: asked });
  const report = expiry.data;
  const errors = report?.rows.filter((r): r is ExpiryErrorRow => r.kind === 'error') ?? [];
  const certkeys = report?.rows.filter((r): r is ExpiryCertkeyRow => r.kind === 'certkey') ?? [];
  const shown = all ? certkeys : certkeys.filter((r) => r.state === 'expired' || r.state === 'expiring');

  return (
    <Stack gap="sm">
      <Group align="end">
        <Select
          label="Expiring within"
          data={WINDOWS.map((d) => ({ value: d, label: `${d} days` }))}
          value={within}
          onChange={(v) => v && setWithin(v)}
          allowDeselect={false}
          w={160}
          data-testid="expiry-window"
        />
        <Button onClick={() => (asked ? void expiry.refetch() : setAsked(true))} loading={expiry.isFetching} data-testid="expiry-read">
          Read all appliances
        </Button>
        <NeedsNetwork action="certificateExpiry" />
        {/* Centred on the button beside it (36 px high), not on the bottom edge of the row. */}
        <Checkbox label="Show every certkey" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} mb={8} />
      </Group>
      {expiry.error ? <ErrorAlert error={expiry.error} title="Expiry could not be read" /> : null}
      {errors.length > 0 ? (
        <Alert
          color="red"
          title={`${errors.length} appliance(s) could not be read: their certificates are not listed`}
          data-testid="expiry-errors"
        >
          <List size="sm">
            {errors.map((e) => (
              <List.Item key={e.applianceId}>
                {e.error.message.startsWith(e.appliance) ? e.error.message : `${e.appliance}: ${e.error.message}`}
                {e.error.hint ? ` ${e.error.hint}` : ''}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {!asked ? (
        <Text size="sm" c="dimmed" data-testid="expiry-not-read">
          Nothing read yet. "Read all appliances" connects to each saved appliance and lists the certkeys that have expired or expire within
          the days chosen, soonest first.
        </Text>
      ) : null}
      {report ? (
        <>
          <Text size="sm" data-testid="expiry-summary">
            {report.due} of {certkeys.length} certkey(s) on {report.appliances.read} appliance(s) expired or expire within {report.within}{' '}
            days.
          </Text>
          {shown.length > 0 ? (
            <ExpiryTable rows={shown} />
          ) : (
            <Text size="sm" c="dimmed" data-testid="expiry-none-due">
              {certkeys.length === 0
                ? 'No certkey was found on the appliances read.'
                : `Nothing expires within ${report.within} days. Tick "Show every certkey" to list them all.`}
            </Text>
          )}
        </>
      ) : null}
    </Stack>
  );
}
