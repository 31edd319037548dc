import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_PACK_EXTENSION } from '../../shared/site-pack-file.ts';

/**
 * Site packs the operating system asked Fieldkit to open: a double-click on "Berlin DC.fieldkit" starts the app
 * with the file's path in its arguments (Windows, Linux; a second start forwards its arguments to the running app)
 * or sends macOS's open-file event. The paths wait here until the window takes them, each granted as a token
 * (handlers.ts): the window may not be loaded yet when the OS names the file.
 */

/** Whether a path names a site pack, by its extension, as the file association does. */
export function isSitePackPath(path: string): boolean {
  return path.toLowerCase().endsWith(`.${SITE_PACK_EXTENSION}`) && path.length > SITE_PACK_EXTENSION.length + 1;
}

export interface ArgvContext {
  /** Packaged, argv is [app, ...files]; run through the electron binary it is [electron, appPath, ...files]. */
  isPackaged: boolean;
  /** Where relative paths are taken from: the directory of the start that named them. */
  workingDirectory: string;
}

/**
 * The site packs named in a start's arguments, as absolute paths. Switches (Chromium adds its own to a forwarded
 * start, macOS a -psn_ one) and other files are left out; a file:// URL (Linux desktop entries pass %U) becomes its path.
 */
export function sitePackPathsInArgv(argv: readonly string[], ctx: ArgvContext): string[] {
  const found: string[] = [];
  for (const arg of argv.slice(ctx.isPackaged ? 1 : 2)) {
    if (arg.startsWith('-')) continue;
    const path = localPath(arg);
    if (path === undefined || !isSitePackPath(path)) continue;
    const absolute = isAbsolute(path) ? path : resolve(ctx.workingDirectory, path);
    if (!found.includes(absolute)) found.push(absolute);
  }
  return found;
}

function localPath(arg: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return arg;
  if (!arg.toLowerCase().startsWith('file://')) return undefined;
  try {
    return fileURLToPath(arg);
  } catch {
    return undefined;
  }
}

/** The paths waiting for the window, each once, in the order the OS named them. */
export class OpenedSitePacks {
  private waiting: string[] = [];

  /** Adds the site packs among these paths; true when any was added. */
  add(paths: readonly string[]): boolean {
    const fresh = paths.filter((p) => isSitePackPath(p) && !this.waiting.includes(p));
    this.waiting.push(...fresh);
    return fresh.length > 0;
  }

  /** The first `max` paths waiting, forgotten here: each file is handed to the window once. */
  take(max: number): string[] {
    return this.waiting.splice(0, Math.max(0, max));
  }

  get size(): number {
    return this.waiting.length;
  }
}
