import { Button, Checkbox, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { RemovalOptionsInput as RemovalOptions, RemovalResult } from '../../../../shared/schemas/certificates.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

/**
 * Removal of old certkeys: a dry run first, then the real thing. The button
 * counts the dry run's own list and hands that list and its digest back, so
 * the removal takes exactly what was shown (or nothing, if the appliance
 * changed meanwhile: then the new list is shown to confirm).
 */
export function RemovalSection({ applianceId }: { applianceId: string }) {
  const [expired, setExpired] = useState(true);
  const [replaced, setReplaced] = useState(false);
  const [named, setNamed] = useState('');
  // The list the user is asked to confirm, with the options it was made from.
  const [shown, setShown] = useState<{ options: RemovalOptions; plan: RemovalResult }>();
  const removal = useEngineMutation('certRemove', {
    onSuccess: (result, input) => {
      const refused = result.error?.code === 'PLAN_CHANGED';
      setShown(input.dryRun || refused ? { options: input.options, plan: result } : undefined);
    },
  });
  const done = removal.data && removal.variables && !removal.variables.dryRun ? removal.data : undefined;

  function changed<T>(set: (v: T) => void) {
    return (v: T) => {
      set(v);
      setShown(undefined);
      removal.reset();
    };
  }

  function dryRun() {
    const certkeys = named.split(/[\s,]+/).filter(Boolean);
    removal.mutate({ applianceId, options: { expired, replaced, certkeys }, dryRun: true });
  }

  function confirm() {
    if (!shown) return;
    const approved = { certkeys: shown.plan.certkeys.map((c) => c.certkey), planDigest: shown.plan.planDigest };
    removal.mutate({ applianceId, options: shown.options, dryRun: false, approved });
  }

  const count = shown?.plan.certkeys.length ?? 0;
  return (
    <Stack gap="xs">
      <Title order={5}>Remove old certificates</Title>
      <Group>
        <Checkbox
          label="Expired ones Fieldkit installed"
          checked={expired}
          onChange={(e) => changed(setExpired)(e.currentTarget.checked)}
        />
        <Checkbox
          label="Replaced ones Fieldkit installed (a later-expiring certificate of the same subject is on the appliance)"
          checked={replaced}
          onChange={(e) => changed(setReplaced)(e.currentTarget.checked)}
        />
      </Group>
      <TextInput
        label="Also remove these certkeys"
        description="Names, separated by spaces or commas"
        placeholder="and these certkeys (names)"
        maw={420}
        value={named}
        onChange={(e) => changed(setNamed)(e.currentTarget.value)}
      />
      <Group>
        <Button variant="light" onClick={dryRun} loading={removal.isPending} data-testid="remove-dry-run">
          Show what would be removed
        </Button>
        <NeedsNetwork action="certificateRemoval" />
        {count > 0 ? (
          <Button color="red" onClick={confirm} loading={removal.isPending} data-testid="remove-confirm">
            Remove {count} certkey(s)
          </Button>
        ) : null}
      </Group>
      {removal.error ? <ErrorAlert error={removal.error} title="Nothing was removed" /> : null}
      {shown ? <RemovalPlanText result={shown.plan} heading="Would remove" /> : null}
      {done && !shown ? <RemovalPlanText result={done} heading={`Outcome: ${done.outcome}; removed`} /> : null}
    </Stack>
  );
}

function RemovalPlanText({ result, heading }: { result: RemovalResult; heading: string }) {
  const names = heading.startsWith('Would') ? result.certkeys.map((c) => c.certkey) : result.removed;
  return (
    <Stack gap={2} data-testid="removal-result">
      {result.error ? (
        <Text size="sm" c="red">
          {result.error.step ? `${result.error.step}: ` : ''}
          {result.error.message}
        </Text>
      ) : null}
      <Text size="sm">
        {names.length === 0 && heading.startsWith('Would')
          ? 'Nothing to remove: no certkey on this appliance matches what is ticked or named above.'
          : `${heading} ${names.length} certkey(s)${names.length > 0 ? `: ${names.join(', ')}` : ''}`}
      </Text>
      <List size="xs">
        {result.certkeys.map((c) => (
          <List.Item key={`why-${c.certkey}`}>
            {c.certkey}: {c.why}
          </List.Item>
        ))}
        {result.plan.map((s) => (
          <List.Item key={s.index}>
            {s.call.method} {s.call.path} — {s.label}
          </List.Item>
        ))}
        {result.skipped.map((s) => (
          <List.Item key={`kept-${s.certkey}`}>
            Kept {s.certkey}: {s.reason}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
