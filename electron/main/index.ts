import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { FileDialogOptions } from '../../shared/schemas/files.ts';
import { createEngine } from '../services/engine.ts';
import { createDispatcher } from '../services/ipc/dispatch.ts';
import { createHandlers } from '../services/ipc/handlers.ts';
import { allMigrations } from '../services/migrations.ts';
import { registerAppScheme, serveRendererFolder } from './app-protocol.ts';
import { bindIpc } from './ipc-bind.ts';
import { installMenu } from './menu.ts';
import { OpenedSitePacks, sitePackPathsInArgv } from './opened-site-packs.ts';
import { guardQuitDuringWork } from './quit-during-work.ts';
import { reportStartFailure } from './start-failure.ts';
import { createAppWindow, RENDERER_FOLDER } from './window.ts';
import { showDesktopNotification } from './desktop-notification.ts';

app.enableSandbox();
// Before ready, or Chromium will not treat app:// as a standard, secure origin.
registerAppScheme();

// Site packs double-clicked in the file manager wait here for the window (which may not be loaded yet) to take them.
const openedSitePacks = new OpenedSitePacks();
let announceSitePacks: (() => void) | undefined;
function receiveSitePacks(paths: string[]): void {
  if (openedSitePacks.add(paths)) announceSitePacks?.();
}
// macOS names the file in an event, sent before ready when the double-click started the app.
app.on('open-file', (event, path) => {
  event.preventDefault();
  receiveSitePacks([path]);
});
// Windows and Linux name it in the arguments: of this start, or of a second start forwarded to this one.
receiveSitePacks(sitePackPathsInArgv(process.argv, { isPackaged: app.isPackaged, workingDirectory: process.cwd() }));

async function start(): Promise<void> {
  await app.whenReady();
  const engine = await createEngine({
    dataFolder: process.env['FIELDKIT_HOME'] ?? app.getPath('userData'),
    appVersion: app.getVersion(),
    electronVersion: process.versions.electron,
    ...(process.env['FIELDKIT_DEBUG'] ? { logLevel: 'debug' as const } : {}),
    memoryVault: process.env['FIELDKIT_VAULT'] === 'memory',
    migrations: allMigrations,
    // Saved syncs are pushed when their files are renewed, as long as the app is open.
    watchSyncs: true,
    // Cloud Connect status notifications go out while the app runs; the desktop channel shows a system notification.
    notifications: { deliver: true, desktop: showDesktopNotification },
    // Every site's Cloud Connect status is refreshed on its schedule while the app is open.
    watchCloudConnect: true,
  });
  let current: ReturnType<typeof createAppWindow> | undefined;
  const shellHooks = {
    // The chosen path goes to the engine, which gives the window a token for it (handlers.ts), never the path.
    async openFileDialog(opts: FileDialogOptions) {
      const r = current
        ? await dialog.showOpenDialog(current.window, { title: opts.title, properties: ['openFile'], filters: opts.filters ?? [] })
        : undefined;
      return r && !r.canceled ? r.filePaths[0] : undefined;
    },
    // The folder the export is written into (created by the engine), named by the user in the save dialog.
    async chooseExportFolder(opts: { title: string; defaultName: string }) {
      const r = current
        ? await dialog.showSaveDialog(current.window, {
            title: opts.title,
            defaultPath: join(app.getPath('documents'), opts.defaultName),
            buttonLabel: 'Export',
            properties: ['createDirectory'],
          })
        : undefined;
      return r && !r.canceled && r.filePath ? r.filePath : undefined;
    },
    // The file an export is written to, named by the user; the engine writes it, the window gets its name only.
    async chooseSaveFile(opts: { title: string; defaultName: string }) {
      const r = current
        ? await dialog.showSaveDialog(current.window, {
            title: opts.title,
            defaultPath: join(app.getPath('documents'), opts.defaultName),
            buttonLabel: 'Save',
            properties: ['createDirectory', 'showOverwriteConfirmation'],
          })
        : undefined;
      return r && !r.canceled && r.filePath ? r.filePath : undefined;
    },
    // The engine grants each path (handlers.ts): the window gets a token and the file's name.
    takeOpenedSitePacks(max: number) {
      const paths = openedSitePacks.take(max);
      for (const path of paths) engine.logger.info(`Site pack opened from the file manager: ${basename(path)}`);
      return paths;
    },
  };
  const dispatcher = createDispatcher(createHandlers(engine, shellHooks), { logger: engine.logger, redactor: engine.redactor });
  installMenu();
  serveRendererFolder(RENDERER_FOLDER);
  guardQuitDuringWork(engine, () => current?.window);
  current = createAppWindow();
  const { isAppUrl } = current;
  const emit = bindIpc(dispatcher, () => current?.window, isAppUrl);
  announceSitePacks = () => emit('sitePacksOpened', {});
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
else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    receiveSitePacks(sitePackPathsInArgv(argv, { isPackaged: app.isPackaged, workingDirectory }));
    const window = BrowserWindow.getAllWindows()[0];
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  start().catch((err: unknown) => reportStartFailure({ dialog, app }, err));
}
