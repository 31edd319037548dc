import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { GrantedFile } from '../../../shared/schemas/files.ts';

/**
 * Which files the app's window may have read: only those the user chose in a
 * file dialog or dropped on the window. The dialog (main process) grants the
 * path and the window gets an opaque token and the file's name; the window
 * never sees, nor names, a path. Tokens live as long as the engine.
 * The CLI names files by path: it is the user's own shell.
 */

/** A file as an engine method takes it: a token the window was granted, or a path the CLI was given. */
export type FileRef = { token: string } | { path: string };

/** A file to read: where it is, and how messages name it. */
export interface UserFile {
  path: string;
  /** The file's name for a granted file (its folder stays out of the window); the path as typed for the CLI. */
  name: string;
}

export class FileGrants {
  private readonly paths = new Map<string, string>();

  grant(path: string): GrantedFile {
    const token = randomBytes(16).toString('hex');
    this.paths.set(token, path);
    return { token, name: basename(path) };
  }

  /** The file behind a reference; an unknown token is refused in words that say only what to do. */
  resolve(ref: FileRef, field: string): UserFile {
    if ('path' in ref) return { path: ref.path, name: ref.path };
    const path = this.paths.get(ref.token);
    if (path === undefined) throw new FieldkitError('FILE_NOT_GRANTED', undefined, { field });
    return { path, name: basename(path) };
  }
}
