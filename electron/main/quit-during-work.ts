import { app, dialog, type BrowserWindow } from 'electron';
import type { Engine } from '../services/engine.ts';

/**
 * Closing the window or quitting while a push runs asks first; quitting then
 * interrupts the push, which undoes what it applied on the appliances in
 * progress and logs out, and only then quits. Without this the process would
 * just end, leaving uploaded files, an open NITRO session and no outcome.
 */
export function guardQuitDuringWork(engine: Engine, window: () => BrowserWindow | undefined): void {
  let stopping = false;
  let allowed = false;
  const ask = (event: { preventDefault(): void }) => {
    if (allowed || engine.runningTasks === 0) return;
    event.preventDefault();
    if (stopping) return;
    const win = window();
    const options = {
      type: 'warning' as const,
      buttons: ['Keep working', 'Interrupt and quit'],
      defaultId: 0,
      cancelId: 0,
      message: 'A certificate push or a check is still running.',
      detail:
        'Quitting interrupts it: appliances not started are left alone, the ones in progress undo what was applied and log out. Fieldkit quits when that is done.',
    };
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)).then(async ({ response }) => {
      if (response !== 1) return;
      stopping = true;
      await engine.interruptAll();
      allowed = true;
      app.quit();
    });
  };
  app.on('before-quit', ask);
  app.on('browser-window-created', (_e, win) => win.on('close', ask));
}
