import { join } from 'node:path';
import { app, BrowserWindow, nativeTheme, session, shell } from 'electron';
import { APP_START_URL, createAppUrlCheck, devServerUrl } from './app-url.ts';
import { isDocumentationUrl } from './external-links.ts';

export interface AppWindow {
  window: BrowserWindow;
  isAppUrl: (url: string) => boolean;
}

/** The built renderer, served on app://fieldkit by app-protocol.ts. */
export const RENDERER_FOLDER = join(import.meta.dirname, '../renderer');

/** The one window, locked down per Electron's security checklist. */
export function createAppWindow(): AppWindow {
  const devUrl = devServerUrl(app.isPackaged, process.env);
  const isAppUrl = createAppUrlCheck(devUrl);

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The Content-Security-Policy (content-security-policy.ts) comes with the page; on app://fieldkit its 'self' is the app.

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Fieldkit',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // No DevTools in the packaged app: its console could call every IPC channel with the user's secrets at hand.
      devTools: !app.isPackaged,
    },
  });

  // No second window, ever: documentation links go to the OS browser, anything else is dropped.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isDocumentationUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  void window.loadURL(devUrl ?? APP_START_URL);
  return { window, isAppUrl };
}
