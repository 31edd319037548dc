import { useCallback, useEffect, useRef, useState } from 'react';
import type { DiagnosticsRun, EndpointResult, RunSummary } from '../../../../shared/schemas/diagnostics.ts';
import type { ChannelInput } from '../../../../shared/ipc-contract.ts';
import { subscribe } from '../../api/client.ts';
import { useEngineMutation } from '../../api/engine-query.ts';

export interface PendingRow {
  endpointId: string;
  listed: string;
  host: string;
}

/** What the results show: the rows as the engine reports each endpoint, then the finished run. */
export interface LiveRun {
  runId?: string;
  total: number;
  completed: number;
  pending: PendingRow[];
  results: EndpointResult[];
  summary?: RunSummary;
  run?: DiagnosticsRun;
  /** Set when the run shown was opened from the history rather than just run. */
  fromHistory?: boolean;
}

const EMPTY: LiveRun = { total: 0, completed: 0, pending: [], results: [] };

function upsert(results: EndpointResult[], r: EndpointResult): EndpointResult[] {
  const i = results.findIndex((x) => x.endpointId === r.endpointId);
  if (i < 0) return [...results, r];
  const next = results.slice();
  next[i] = r;
  return next;
}

function finished(run: DiagnosticsRun): LiveRun {
  const n = run.results.length;
  return { runId: run.id, total: n, completed: n, pending: [], results: run.results, summary: run.summary, run };
}

/** One check (or re-check) at a time, its rows filled in as the engine reports each endpoint. */
export function useDiagnosticsRun() {
  const [live, setLive] = useState<LiveRun>(EMPTY);
  const taskRef = useRef<string | undefined>(undefined);
  const onAnswer = useCallback((run: DiagnosticsRun, input: { taskId: string }) => {
    if (taskRef.current === input.taskId) setLive(finished(run));
  }, []);
  const check = useEngineMutation('diagnosticsRun', { onSuccess: onAnswer });
  const recheck = useEngineMutation('diagnosticsRerunEndpoint', { onSuccess: onAnswer });
  const cancelTask = useEngineMutation('taskCancel');

  useEffect(
    () =>
      subscribe('taskProgress', (progress) => {
        if (progress.taskId !== taskRef.current || progress.kind !== 'diagnostics') return;
        const { event } = progress;
        setLive((s) => {
          switch (event.type) {
            case 'run-started':
              return { ...s, runId: event.runId, total: event.total, pending: event.endpoints };
            case 'endpoint-started':
              return s;
            case 'endpoint-finished':
              return { ...s, completed: event.completed, total: event.total, results: upsert(s.results, event.result) };
            case 'run-finished':
              return { ...s, summary: event.summary };
          }
        });
      }),
    [],
  );

  function begin(keep: EndpointResult[]): string {
    const taskId = crypto.randomUUID();
    taskRef.current = taskId;
    check.reset();
    recheck.reset();
    cancelTask.reset();
    setLive({ ...EMPTY, results: keep });
    return taskId;
  }

  return {
    live,
    running: check.isPending || recheck.isPending,
    error: check.error ?? recheck.error,
    cancelError: cancelTask.error,
    run: (input: Omit<ChannelInput<'diagnosticsRun'>, 'taskId'>) => {
      check.mutate({ ...input, taskId: begin([]) });
    },
    rerun: (runId: string, endpointId: string) => {
      const keep = live.results;
      recheck.mutate({ taskId: begin(keep), runId, endpointId });
    },
    cancel: () => {
      if (taskRef.current) cancelTask.mutate({ taskId: taskRef.current });
    },
    /** A run from the history, shown as if it had just finished. */
    show: (run: DiagnosticsRun) => {
      taskRef.current = undefined;
      check.reset();
      recheck.reset();
      setLive({ ...finished(run), fromHistory: true });
    },
  };
}
