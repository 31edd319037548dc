import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-url.ts';

export type RendererFile = { file: string; contentType: string } | { refused: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * Maps an app:// URL to a file of the built renderer folder, or says why not. Only files under that folder are
 * served: an encoded "..", a backslash, a colon or a NUL in the path is refused outright rather than normalised, and the
 * resolved path must still lie inside the folder.
 */
export function rendererFileFor(rendererRoot: string, requestUrl: string): RendererFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { refused: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return { refused: 'not the app origin' };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { refused: 'badly encoded path' };
  }
  // A colon would be a Windows drive or an NTFS stream (index.html::$DATA); the built folder has neither.
  if (/[\\\0:]/.test(path) || path.split('/').includes('..')) return { refused: 'path leaves the app folder' };
  const root = resolve(rendererRoot);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return { refused: 'path leaves the app folder' };
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!contentType) return { refused: 'not a kind of file the app serves' };
  return { file, contentType };
}
