import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Site } from '../../../../shared/schemas/sites.ts';
import { useEngineMutation } from '../../api/engine-query.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SiteEditor } from './site-editor.tsx';

/** Which site the page (and every check) is about: switch, add, edit, delete. */
export function SiteSwitcher({ sites, active }: { sites: Site[]; active: Site | undefined }) {
  const [editing, setEditing] = useState<'new' | 'current' | undefined>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const setActive = useEngineMutation('siteSetActive');
  const remove = useEngineMutation('siteDelete');
  const choose = useEngineMutation('siteSetActive');

  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs">
        {sites.length ? (
          <Select
            label="Site"
            data={sites.map((s) => ({ value: s.id, label: s.name }))}
            value={active?.id ?? null}
            onChange={(v) => v && setActive.mutate({ siteId: v })}
            allowDeselect={false}
            searchable={sites.length > 8}
            w={280}
            data-testid="site-select"
          />
        ) : null}
        <Button variant={sites.length ? 'light' : 'filled'} onClick={() => setEditing('new')} data-testid="site-add">
          Add site
        </Button>
        {active ? (
          <>
            <Button variant="default" onClick={() => setEditing('current')} data-testid="site-edit">
              Edit
            </Button>
            <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)} data-testid="site-delete">
              Delete
            </Button>
          </>
        ) : null}
      </Group>
      {setActive.error ? <ErrorAlert error={setActive.error} title="The site could not be switched" /> : null}
      {remove.error ? <ErrorAlert error={remove.error} title="The site was not deleted" /> : null}
      <SiteEditor
        site={editing === 'current' ? active : undefined}
        opened={editing !== undefined}
        onClose={(saved) => {
          // A site just added is the one the user wants to work on.
          if (saved && editing === 'new' && saved.id !== active?.id) choose.mutate({ siteId: saved.id });
          setEditing(undefined);
        }}
      />
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete ${active?.name ?? 'the site'}?`}>
        <Stack gap="sm">
          <Text size="sm">
            Fieldkit forgets this site, its onboarding progress and the actions recorded for it. Nothing changes in NetScaler Console, and
            saved proxy profiles and past checks stay.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              Keep it
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirmDelete(false);
                if (active) remove.mutate({ siteId: active.id });
              }}
              data-testid="site-delete-go"
            >
              Delete {active?.name}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
