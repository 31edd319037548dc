import { Alert, Button, Stack, Text } from '@mantine/core';
import type { PushOptionsInput } from '../../../../shared/schemas/certificates.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { NeedsNetwork } from '../../components/needs-network.tsx';

type AnsibleExport = ReturnType<typeof useAnsibleExport>;

/** The export's state, shared by the button (in the row of buttons) and its result (below the row, full width). */
export function useAnsibleExport() {
  return useEngineMutation('certExportAnsible');
}

/**
 * "Export as Ansible playbook": the plan for the chosen appliances as a
 * playbook, inventory and certificate files, for teams that run changes from
 * Ansible or AWX. The main process asks where to save it; the window sees
 * only the file names. Place the button next to Plan, and
 * ExportAnsibleResult under that row of buttons, so a long result never
 * stretches the button or pushes the next one out of the row.
 */
export function ExportAnsibleButton(props: {
  exported: AnsibleExport;
  bundleId: string | undefined;
  applianceIds: string[];
  options: () => PushOptionsInput;
  disabled?: boolean;
}) {
  const { exported, bundleId, applianceIds } = props;
  const canExport = bundleId !== undefined && applianceIds.length > 0 && !props.disabled && !exported.isPending;
  return (
    <>
      <Button
        variant="default"
        onClick={() => bundleId && exported.mutate({ bundleId, applianceIds, options: props.options() })}
        disabled={!canExport}
        loading={exported.isPending}
        data-testid="export-ansible-button"
      >
        Export as Ansible playbook
      </Button>
      <NeedsNetwork action="ansibleExport" />
    </>
  );
}

/** What the last export saved, or why it saved nothing; nothing before the first export. */
export function ExportAnsibleResult({ exported }: { exported: AnsibleExport }) {
  const result = exported.data;
  if (!exported.error && !result) return null;
  return (
    <Stack gap="xs">
      {exported.error ? <ErrorAlert error={exported.error} title="The playbook could not be exported" /> : null}
      {result?.saved ? (
        <Alert color="green" data-testid="export-ansible-result">
          <Text size="sm">
            Saved the playbook for {result.appliances.join(', ')} ({result.files.length} files). Give it nitro_user, nitro_password (in
            Ansible Vault) and fieldkit_key_file, the path of the private key: the export holds neither. Its README.md says how.
          </Text>
        </Alert>
      ) : null}
      {result && !result.saved && result.failures.length > 0 ? (
        <Alert color="red" data-testid="export-ansible-result">
          No appliance could be planned, so nothing was saved.
        </Alert>
      ) : null}
      {result && result.failures.length > 0
        ? result.failures.map((f) => (
            <Text key={f.applianceId} size="sm" c="red">
              Left out {f.applianceId}: {f.error.message}
            </Text>
          ))
        : null}
    </Stack>
  );
}
