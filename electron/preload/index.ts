import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX, PRELOAD_ONLY_CHANNELS } from '../../shared/ipc-channels.ts';

/**
 * Exactly the contract, one named function per channel: the renderer cannot
 * reach any other IPC channel, nor ipcRenderer itself.
 */
const api: Record<string, unknown> = {};
for (const name of CHANNEL_NAMES) {
  api[name] = (input?: unknown) => ipcRenderer.invoke(IPC_INVOKE_PREFIX + name, input);
}
// The page gives a dropped File, never a path: Electron says where the file is (nowhere for a File the page made itself).
api[PRELOAD_ONLY_CHANNELS.grantDroppedFile] = (file: unknown) => {
  let path = '';
  try {
    // Throws for anything but a File (what the page passes crosses the context bridge as a copy, so no instanceof here).
    path = webUtils.getPathForFile(file as File);
  } catch {
    path = '';
  }
  if (!path) {
    return Promise.resolve({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Only a file dropped from your computer can be used.', hint: 'Choose the file instead.' },
    });
  }
  return ipcRenderer.invoke(IPC_INVOKE_PREFIX + PRELOAD_ONLY_CHANNELS.grantDroppedFile, { path });
};
const events = new Set<string>(EVENT_NAMES);
api['on'] = (event: string, listener: (payload: unknown) => void) => {
  if (!events.has(event)) throw new Error(`Unknown event "${event}"`);
  const wrapped = (_e: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(IPC_EVENT_PREFIX + event, wrapped);
  return () => ipcRenderer.removeListener(IPC_EVENT_PREFIX + event, wrapped);
};

contextBridge.exposeInMainWorld('fieldkit', api);
