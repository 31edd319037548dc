import { join } from 'node:path';
import { BrowserWindow, nativeTheme, session, shell } from 'electron';
import { createAppUrlCheck, isSafeExternalUrl } from './app-url.ts';

export interface AppWindow {
  window: BrowserWindow;
  isAppUrl: (url: string) => boolean;
}

/** The one window, locked down per Electron's security checklist. */
export function createAppWindow(): AppWindow {
  const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  const isAppUrl = createAppUrlCheck(rendererIndex, devUrl);

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The Content-Security-Policy is the meta tag of renderer/index.html: one place, and it also holds for file:// pages.

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
    },
  });

  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  if (devUrl) void window.loadURL(devUrl);
  else void window.loadFile(rendererIndex);
  return { window, isAppUrl };
}
