import { useEffect, useRef, useState } from 'react';
import type { CloudConnectProgress } from '../../../../shared/schemas/cloud-connect-status.ts';
import { subscribe } from '../../api/client.ts';
import { useEngineMutation } from '../../api/engine-query.ts';

/** How far "Refresh Cloud Connect Status" has got: sites done, and endpoints checked of the site under way. */
export interface RefreshProgress {
  sites: number;
  sitesDone: number;
  endpoints: { completed: number; total: number } | undefined;
}

const NONE: RefreshProgress = { sites: 0, sitesDone: 0, endpoints: undefined };

function advance(p: RefreshProgress, event: CloudConnectProgress): RefreshProgress {
  switch (event.type) {
    case 'refresh-started':
      return { sites: event.sites.length, sitesDone: 0, endpoints: undefined };
    case 'endpoint-checked':
      return { ...p, endpoints: { completed: event.completed, total: event.total } };
    case 'site-refreshed':
      return { ...p, sitesDone: p.sitesDone + 1, endpoints: undefined };
  }
}

/** One refresh at a time from this window, with its progress and a Cancel. */
export function useStatusRefresh() {
  const [progress, setProgress] = useState<RefreshProgress>(NONE);
  const taskRef = useRef<string | undefined>(undefined);
  const refresh = useEngineMutation('cloudConnectRefresh');
  const cancelTask = useEngineMutation('taskCancel');

  useEffect(
    () =>
      subscribe('taskProgress', (p) => {
        if (p.taskId === taskRef.current && p.kind === 'cloud-connect') setProgress((s) => advance(s, p.event));
      }),
    [],
  );

  return {
    progress,
    running: refresh.isPending,
    error: refresh.error ?? cancelTask.error,
    start: (siteId?: string) => {
      const taskId = crypto.randomUUID();
      taskRef.current = taskId;
      setProgress(NONE);
      refresh.mutate({ taskId, ...(siteId ? { siteId } : {}) });
    },
    cancel: () => {
      if (taskRef.current) cancelTask.mutate({ taskId: taskRef.current });
    },
  };
}
