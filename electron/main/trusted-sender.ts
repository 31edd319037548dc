import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';

/**
 * IPC is answered only for the app's own page in a window's main frame: a
 * subframe, or a page the window was somehow navigated to, gets nothing.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame: WebFrameMain | null = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
