import { app, BrowserWindow, dialog } from 'electron';
import { createEngine } from '../services/engine.ts';
import { createDispatcher } from '../services/ipc/dispatch.ts';
import { createHandlers } from '../services/ipc/handlers.ts';
import { allMigrations } from '../services/migrations.ts';
import { bindIpc } from './ipc-bind.ts';
import { installMenu } from './menu.ts';
import { guardQuitDuringWork } from './quit-during-work.ts';
import { createAppWindow } from './window.ts';

app.enableSandbox();

async function start(): Promise<void> {
  await app.whenReady();
  const engine = await createEngine({
    dataFolder: process.env['FIELDKIT_HOME'] ?? app.getPath('userData'),
    appVersion: app.getVersion(),
    memoryVault: process.env['FIELDKIT_VAULT'] === 'memory',
    migrations: allMigrations,
  });
  let current: ReturnType<typeof createAppWindow> | undefined;
  const shellHooks = {
    async openFileDialog(opts: { title: string; filters?: Array<{ name: string; extensions: string[] }> }) {
      const r = current
        ? await dialog.showOpenDialog(current.window, { title: opts.title, properties: ['openFile'], filters: opts.filters ?? [] })
        : undefined;
      return r && !r.canceled ? r.filePaths[0] : undefined;
    },
  };
  const dispatcher = createDispatcher(createHandlers(engine, shellHooks), { logger: engine.logger, redactor: engine.redactor });
  installMenu();
  guardQuitDuringWork(engine, () => current?.window);
  current = createAppWindow();
  const { isAppUrl } = current;
  bindIpc(dispatcher, () => current?.window, isAppUrl);
  app.on('window-all-closed', () => {
    engine.close();
    app.quit();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) current = createAppWindow();
  });
}

if (!app.requestSingleInstanceLock()) app.quit();
else void start();
