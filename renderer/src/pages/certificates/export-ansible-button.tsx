import { Alert, Button, Stack, Text } from '@mantine/core';
import type { PushOptionsInput } from '../../../../shared/schemas/certificates.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/**
 * "Export as Ansible playbook": the plan for the chosen appliances as a
 * playbook, inventory and certificate files, for teams that run changes from
 * Ansible or AWX. The main process asks where to save it; the window sees
 * only the file names. Self-contained: place it next to the plan.
 */
export function ExportAnsibleButton(props: {
  bundleId: string | undefined;
  applianceIds: string[];
  options: () => PushOptionsInput;
  disabled?: boolean;
}) {
  const exported = useEngineMutation('certExportAnsible');
  const { bundleId, applianceIds } = props;
  const canExport = bundleId !== undefined && applianceIds.length > 0 && !props.disabled && !exported.isPending;
  const result = exported.data;
  return (
    <Stack gap="xs">
      <Button
        variant="default"
        onClick={() => bundleId && exported.mutate({ bundleId, applianceIds, options: props.options() })}
        disabled={!canExport}
        loading={exported.isPending}
        data-testid="export-ansible-button"
      >
        Export as Ansible playbook
      </Button>
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
