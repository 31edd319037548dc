import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from '../../shared/ipc-channels.ts';

/**
 * Exactly the contract, one named function per channel: the renderer cannot
 * reach any other IPC channel, nor ipcRenderer itself.
 */
const api: Record<string, unknown> = {};
for (const name of CHANNEL_NAMES) {
  api[name] = (input?: unknown) => ipcRenderer.invoke(IPC_INVOKE_PREFIX + name, input);
}
const events = new Set<string>(EVENT_NAMES);
api['on'] = (event: string, listener: (payload: unknown) => void) => {
  if (!events.has(event)) throw new Error(`Unknown event "${event}"`);
  const wrapped = (_e: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(IPC_EVENT_PREFIX + event, wrapped);
  return () => ipcRenderer.removeListener(IPC_EVENT_PREFIX + event, wrapped);
};

contextBridge.exposeInMainWorld('fieldkit', api);
