/**
 * The app's own origin. The renderer is served from app://fieldkit (see app-protocol.ts) rather than file://,
 * so the Content-Security-Policy's 'self' means the app's files and not every file on the disk.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'fieldkit';
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for a URL on the app's own origin: app://fieldkit/…, no credentials, no port. */
export function isAppOriginUrl(url: string): boolean {
  const u = parseUrl(url);
  return u !== undefined && u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST && u.username === '' && u.password === '';
}

/**
 * The dev server electron-vite names in ELECTRON_RENDERER_URL, honoured only when the app is not packaged:
 * a packaged app would otherwise load, and answer IPC for, whatever origin the environment names.
 */
export function devServerUrl(isPackaged: boolean, env: NodeJS.ProcessEnv): string | undefined {
  if (isPackaged) return undefined;
  const url = env['ELECTRON_RENDERER_URL'];
  return url && parseUrl(url) ? url : undefined;
}

/** The only pages the window may show and IPC answers: the app's origin, or the dev server in development. */
export function createAppUrlCheck(devServer: string | undefined): (url: string) => boolean {
  const devOrigin = devServer ? parseUrl(devServer)?.origin : undefined;
  return (url: string) => isAppOriginUrl(url) || (devOrigin !== undefined && parseUrl(url)?.origin === devOrigin);
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
