import { pathToFileURL } from 'node:url';

/** The only pages the window may show: the built renderer (file://) or the dev server in development. */
export function createAppUrlCheck(rendererIndexPath: string, devServerUrl: string | undefined): (url: string) => boolean {
  const fileRoot = pathToFileURL(rendererIndexPath).href.replace(/[^/]*$/, '');
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  return (url: string) => {
    if (url.startsWith(fileRoot)) return true;
    if (devOrigin) {
      try {
        return new URL(url).origin === devOrigin;
      } catch {
        return false;
      }
    }
    return false;
  };
}

/** Links the app itself shows (documentation, Citrix docs) open in the OS browser, and only these schemes. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
