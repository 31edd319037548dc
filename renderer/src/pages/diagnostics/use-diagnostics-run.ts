import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldkitError } from '../../../../shared/fieldkit-error.ts';
import type { DiagnosticsRun, EndpointResult, RunSummary } from '../../../../shared/schemas/diagnostics.ts';
import type { ChannelInput } from '../../../../shared/ipc-contract.ts';
import { call, subscribe, toFieldkitError } from '../../api/client.ts';

export interface PendingRow {
  endpointId: string;
  listed: string;
  host: string;
}

export interface LiveRun {
  running: boolean;
  runId?: string;
  total: number;
  completed: number;
  pending: PendingRow[];
  results: EndpointResult[];
  summary?: RunSummary;
  run?: DiagnosticsRun;
  error?: FieldkitError;
}

const EMPTY: LiveRun = { running: false, total: 0, completed: 0, pending: [], results: [] };

function upsert(results: EndpointResult[], r: EndpointResult): EndpointResult[] {
  const i = results.findIndex((x) => x.endpointId === r.endpointId);
  if (i < 0) return [...results, r];
  const next = results.slice();
  next[i] = r;
  return next;
}

/** One check (or re-check) at a time, its rows filled in as the engine reports each endpoint. */
export function useDiagnosticsRun(onFinished: () => void) {
  const [live, setLive] = useState<LiveRun>(EMPTY);
  const taskRef = useRef<string | undefined>(undefined);

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

  const execute = useCallback(
    async (start: (taskId: string) => Promise<DiagnosticsRun>, keep: EndpointResult[]) => {
      const taskId = crypto.randomUUID();
      taskRef.current = taskId;
      setLive({ ...EMPTY, running: true, results: keep });
      try {
        const run = await start(taskId);
        if (taskRef.current === taskId)
          setLive({
            running: false,
            runId: run.id,
            total: run.results.length,
            completed: run.results.length,
            pending: [],
            results: run.results,
            summary: run.summary,
            run,
          });
        onFinished();
      } catch (err) {
        if (taskRef.current === taskId) setLive((s) => ({ ...s, running: false, error: toFieldkitError(err) }));
      }
    },
    [onFinished],
  );

  const run = useCallback(
    (input: Omit<ChannelInput<'diagnosticsRun'>, 'taskId'>) => execute((taskId) => call('diagnosticsRun', { ...input, taskId }), []),
    [execute],
  );

  const rerun = useCallback(
    (runId: string, endpointId: string, keep: EndpointResult[]) =>
      execute((taskId) => call('diagnosticsRerunEndpoint', { taskId, runId, endpointId }), keep),
    [execute],
  );

  const cancel = useCallback(async () => {
    const taskId = taskRef.current;
    if (taskId) await call('taskCancel', { taskId }).catch(() => undefined);
  }, []);

  const show = useCallback((run: DiagnosticsRun) => {
    taskRef.current = undefined;
    setLive({
      running: false,
      runId: run.id,
      total: run.results.length,
      completed: run.results.length,
      pending: [],
      results: run.results,
      summary: run.summary,
      run,
    });
  }, []);

  return { live, run, rerun, cancel, show };
}
