import { useEffect, useRef, useState } from 'react';
import type { ChannelInput } from '../../../../shared/ipc-contract.ts';
import type { AllowlistWaitEvent } from '../../../../shared/schemas/allowlist.ts';
import { subscribe } from '../../api/client.ts';
import { useEngineMutation } from '../../api/engine-query.ts';

/** Whole seconds left until `until`, counted down once a second while a wait lasts. */
function useSecondsLeft(wait: AllowlistWaitEvent | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!wait) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [wait]);
  if (!wait) return undefined;
  return Math.max(0, Math.ceil((Date.parse(wait.until) - now) / 1000));
}

/** One fetch at a time; while it waits for the API's rate limit, how long and why. */
export function useAllowlistFetch() {
  const taskRef = useRef<string | undefined>(undefined);
  const [wait, setWait] = useState<AllowlistWaitEvent>();
  const fetch = useEngineMutation('allowlistFetch', { onSettled: () => setWait(undefined) });
  const cancelTask = useEngineMutation('taskCancel');
  const secondsLeft = useSecondsLeft(wait);

  useEffect(
    () =>
      subscribe('taskProgress', (progress) => {
        if (progress.taskId === taskRef.current && progress.kind === 'allowlist') setWait(progress.event);
      }),
    [],
  );

  return {
    result: fetch.data,
    running: fetch.isPending,
    error: fetch.error,
    wait: wait && secondsLeft !== undefined ? { ...wait, secondsLeft } : undefined,
    run: (input: Omit<ChannelInput<'allowlistFetch'>, 'taskId'>) => {
      const taskId = crypto.randomUUID();
      taskRef.current = taskId;
      setWait(undefined);
      cancelTask.reset();
      fetch.mutate({ ...input, taskId });
    },
    cancel: () => {
      if (taskRef.current) cancelTask.mutate({ taskId: taskRef.current });
    },
  };
}
