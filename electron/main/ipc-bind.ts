import { ipcMain, type BrowserWindow } from 'electron';
import { FieldkitError } from '../../shared/fieldkit-error.ts';
import { CHANNEL_NAMES, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from '../../shared/ipc-channels.ts';
import type { Dispatcher, HandlerContext } from '../services/ipc/dispatch.ts';
import { isTrustedSender } from './trusted-sender.ts';

/**
 * Binds every contract channel to the engine's dispatcher; the only place ipcMain is used. Returns how the main
 * process sends the window an event of its own (checked against the contract like every other).
 */
export function bindIpc(
  dispatcher: Dispatcher,
  currentWindow: () => BrowserWindow | undefined,
  isAppUrl: (url: string) => boolean,
): HandlerContext['emit'] {
  const emit: HandlerContext['emit'] = (event, payload) => {
    const window = currentWindow();
    if (!window || window.isDestroyed()) return;
    window.webContents.send(IPC_EVENT_PREFIX + event, dispatcher.validateEvent(event, payload));
  };
  const ctx: HandlerContext = { emit };
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(IPC_INVOKE_PREFIX + name, (event, input: unknown) => {
      if (!isTrustedSender(event, isAppUrl)) {
        return {
          ok: false,
          error: new FieldkitError('UNKNOWN_CHANNEL', "This request did not come from Fieldkit's own page and was refused.").toInfo(),
        };
      }
      return dispatcher.dispatch(name, input, ctx);
    });
  }
  return emit;
}
