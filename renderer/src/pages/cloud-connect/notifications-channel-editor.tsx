import { Badge, Button, Card, Group, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ChannelInput } from '../../../../shared/ipc-contract.ts';
import {
  CHANNEL_KIND_LABELS,
  CHANNEL_SECRET_LABELS,
  DEFAULT_SERVICENOW_CLOSE_CODE,
  DEFAULT_SIGNATURE_HEADER,
  PagerDutySeverity,
  type ChannelKind,
  type ChannelView,
} from '../../../../shared/schemas/notifications.ts';
import { useEngineMutation, useEngineQuery } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fieldError } from '../../format/error-text.ts';
import { proxyLabel } from '../../format/proxy-label.ts';
import { useSecretsKeptWhere } from '../../api/use-secrets-kept-where.ts';

type SaveInput = ChannelInput<'notifyChannelSave'>;

/** Where each kind's secret comes from, said where the admin pastes it. */
const SECRET_HELP: Partial<Record<ChannelKind, string>> = {
  slack: 'Slack: your app → Incoming Webhooks → the channel’s https://hooks.slack.com/services/… URL.',
  pagerduty: 'PagerDuty: the service → Integrations → Events API v2 → Integration Key (32 characters).',
  servicenow: 'The password of the ServiceNow user below (it needs the itil role).',
  teams: 'Teams: Workflows → “Post to a channel when a webhook request is received” → the workflow’s URL.',
  webhook: 'Your receiver’s https:// address.',
};

/**
 * Add or change one channel. Secret fields are write-only: the window is told
 * whether one is saved, never what it is, and sends one only when typed.
 */
export function NotificationsChannelEditor({
  view,
  kind,
  onDone,
}: {
  view: ChannelView | undefined;
  kind: ChannelKind;
  onDone: () => void;
}) {
  const keptWhere = useSecretsKeptWhere();
  const c = view?.channel;
  const [name, setName] = useState(c?.name ?? CHANNEL_KIND_LABELS[kind]);
  const [enabled, setEnabled] = useState(c?.enabled ?? true);
  const [cloudConnectStatus, setCloudConnectStatus] = useState(c?.cloudConnectStatus ?? true);
  const [proxyProfileId, setProxyProfileId] = useState<string | null>(c?.proxyProfileId ?? null);
  const [secret, setSecret] = useState('');
  const [signingKey, setSigningKey] = useState('');
  const [severity, setSeverity] = useState<string>(c?.kind === 'pagerduty' ? c.severity : 'critical');
  const [instanceUrl, setInstanceUrl] = useState(c?.kind === 'servicenow' ? c.instanceUrl : '');
  const [username, setUsername] = useState(c?.kind === 'servicenow' ? c.username : '');
  const [assignmentGroup, setAssignmentGroup] = useState(c?.kind === 'servicenow' ? (c.assignmentGroup ?? '') : '');
  const [callerId, setCallerId] = useState(c?.kind === 'servicenow' ? (c.callerId ?? '') : '');
  const [closeCode, setCloseCode] = useState(c?.kind === 'servicenow' ? c.closeCode : DEFAULT_SERVICENOW_CLOSE_CODE);
  const [signatureHeader, setSignatureHeader] = useState(c?.kind === 'webhook' ? c.signatureHeader : DEFAULT_SIGNATURE_HEADER);
  const proxies = useEngineQuery('proxyProfilesList', []);
  const save = useEngineMutation('notifyChannelSave', { onSuccess: onDone });
  const remove = useEngineMutation('notifyChannelRemove', { onSuccess: onDone });
  const fieldMessage = (f: string) => fieldError(save.error, f);
  const secretLabel = CHANNEL_SECRET_LABELS[kind];

  function channel(): SaveInput['channel'] {
    const common = {
      ...(c ? { id: c.id } : {}),
      name: name.trim(),
      enabled,
      cloudConnectStatus,
      ...(c?.siteIds ? { siteIds: c.siteIds } : {}),
      ...(proxyProfileId ? { proxyProfileId } : {}),
    };
    switch (kind) {
      case 'pagerduty':
        return { ...common, kind, severity: PagerDutySeverity.parse(severity) };
      case 'servicenow':
        return {
          ...common,
          kind,
          instanceUrl: instanceUrl.trim(),
          username: username.trim(),
          ...(assignmentGroup.trim() ? { assignmentGroup: assignmentGroup.trim() } : {}),
          ...(callerId.trim() ? { callerId: callerId.trim() } : {}),
          closeCode: closeCode.trim() || DEFAULT_SERVICENOW_CLOSE_CODE,
        };
      case 'webhook':
        return { ...common, kind, signatureHeader: signatureHeader.trim() || DEFAULT_SIGNATURE_HEADER };
      default:
        return { ...common, kind };
    }
  }

  function submit() {
    save.mutate({ channel: channel(), ...(secret ? { secret } : {}), ...(signingKey ? { signingKey } : {}) });
  }

  return (
    <Card withBorder data-testid="notify-editor">
      <Stack gap="xs">
        <Text fw={600}>
          {c ? 'Change' : 'Add'} a {CHANNEL_KIND_LABELS[kind]} channel
        </Text>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldMessage('name')}
          data-testid="notify-name"
        />
        <Group>
          <Switch label="On" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} data-testid="notify-enabled" />
          <Switch
            label="CloudConnectStatus notifications"
            description="Connected → Disconnected or Error, back to Connected, and every six hours while it lasts."
            checked={cloudConnectStatus}
            onChange={(e) => setCloudConnectStatus(e.currentTarget.checked)}
            data-testid="notify-category"
          />
        </Group>
        {c?.siteIds ? (
          <Text size="sm" c="dimmed">
            Only for the sites {c.siteIds.join(', ')}.
          </Text>
        ) : null}

        {kind === 'pagerduty' ? (
          <Select
            label="Severity of a problem"
            data={PagerDutySeverity.options}
            value={severity}
            onChange={(v) => v && setSeverity(v)}
            allowDeselect={false}
            data-testid="notify-severity"
          />
        ) : null}
        {kind === 'servicenow' ? (
          <>
            <Group grow align="flex-start">
              <TextInput
                label="Instance"
                placeholder="https://example.service-now.com"
                value={instanceUrl}
                onChange={(e) => setInstanceUrl(e.currentTarget.value)}
                error={fieldMessage('instanceUrl')}
                data-testid="notify-instance"
              />
              <TextInput
                label="User name"
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={fieldMessage('username')}
                data-testid="notify-username"
              />
            </Group>
            <Group grow align="flex-start">
              <TextInput
                label="Assignment group (optional)"
                value={assignmentGroup}
                onChange={(e) => setAssignmentGroup(e.currentTarget.value)}
                data-testid="notify-group"
              />
              <TextInput
                label="Caller (optional)"
                value={callerId}
                onChange={(e) => setCallerId(e.currentTarget.value)}
                data-testid="notify-caller"
              />
              <TextInput
                label="Resolution code on recovery"
                value={closeCode}
                onChange={(e) => setCloseCode(e.currentTarget.value)}
                data-testid="notify-close-code"
              />
            </Group>
          </>
        ) : null}
        {kind === 'webhook' ? (
          <TextInput
            label="Signature header"
            value={signatureHeader}
            onChange={(e) => setSignatureHeader(e.currentTarget.value)}
            error={fieldMessage('signatureHeader')}
            data-testid="notify-signature-header"
          />
        ) : null}

        {secretLabel ? (
          <PasswordInput
            label={secretLabel}
            description={`${SECRET_HELP[kind] ?? ''} ${view?.secretSaved ? `Saved ${keptWhere}; type a new one to replace it.` : `Kept ${keptWhere}, never shown again.`}`}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={fieldMessage('secret')}
            data-testid="notify-secret"
          />
        ) : (
          <Text size="sm" c="dimmed">
            Shown as a notification of this computer while Fieldkit runs.
          </Text>
        )}
        {view?.secretSaved && secretLabel ? (
          <Badge color="green" variant="light" data-testid="notify-secret-state">
            saved
          </Badge>
        ) : null}
        {kind === 'webhook' ? (
          <PasswordInput
            label="Signing key"
            description={
              view?.signingKeySaved
                ? `Saved ${keptWhere}; type a new one to replace it.`
                : 'The receiver checks each request’s HMAC-SHA256 signature with it (docs/notifications.md).'
            }
            value={signingKey}
            onChange={(e) => setSigningKey(e.currentTarget.value)}
            error={fieldMessage('signingKey')}
            data-testid="notify-signing-key"
          />
        ) : null}
        {kind !== 'desktop' ? (
          <Select
            label="Proxy"
            placeholder="None: direct"
            data={(proxies.data ?? []).flatMap((p) => (p.profile.id ? [{ value: p.profile.id, label: proxyLabel(p) }] : []))}
            value={proxyProfileId}
            onChange={(v) => setProxyProfileId(typeof v === 'string' ? v : null)}
            clearable
            data-testid="notify-proxy"
          />
        ) : null}

        {save.error ? <ErrorAlert error={save.error} title="The channel was not saved" /> : null}
        {remove.error ? <ErrorAlert error={remove.error} title="The channel was not removed" /> : null}
        <Group>
          <Button onClick={submit} loading={save.isPending} data-testid="notify-save">
            Save channel
          </Button>
          {c ? (
            <Button
              color="red"
              variant="light"
              onClick={() => remove.mutate({ id: c.id })}
              loading={remove.isPending}
              data-testid="notify-remove"
            >
              Remove
            </Button>
          ) : null}
          <Button variant="subtle" onClick={onDone} data-testid="notify-cancel">
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
