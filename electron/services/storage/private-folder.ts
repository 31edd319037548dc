import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { fileReadFailure } from './file-read-failure.ts';

/** Only the user: the data folder holds appliance and proxy profiles and the history of every run. */
export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The data folder's subfolder of log files (log/rotating-log-file.ts). */
export const LOGS_FOLDER = 'logs';

export interface PrivateFolderResult {
  /** Paths whose permissions were narrowed, for the log. */
  tightened: string[];
  /** What could not be narrowed, for the user. */
  notices: StorageNotice[];
}

/**
 * Creates the data folder readable by its owner only, and narrows an existing
 * one (and every file in it: settings, profiles, the history database and its
 * journal files, copies kept aside) that an older Fieldkit or the user left
 * open to others. Windows folders under the user's profile are private by
 * their ACL; POSIX modes mean nothing there.
 */
export async function preparePrivateFolder(
  folder: string,
  platform: NodeJS.Platform = process.platform,
  now: () => Date = () => new Date(),
): Promise<PrivateFolderResult> {
  try {
    await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  } catch (err) {
    throw new FieldkitError('STORAGE_FAILED', `Fieldkit could not create its data folder ${folder}: ${folderFailure(err)}.`);
  }
  const result: PrivateFolderResult = { tightened: [], notices: [] };
  if (platform === 'win32') return result;
  const narrow = async (path: string, mode: number) => {
    const current = await stat(path).then(
      (s) => s.mode & 0o777,
      // A journal file the database removed meanwhile: nothing left to narrow.
      () => 0,
    );
    if ((current & 0o077) === 0) return;
    try {
      await chmod(path, mode);
      result.tightened.push(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // a lock or journal file gone meanwhile
      result.notices.push({
        code: 'DATA_FOLDER_NOT_PRIVATE',
        message: `${path} can be read by other users of this computer, and Fieldkit could not change that: ${chmodFailure(err)}.`,
        hint: `Make it private by hand (chmod ${mode.toString(8)} "${path}"), or start Fieldkit with another data folder (FIELDKIT_HOME).`,
        keptAt: path,
        at: now().toISOString(),
      });
    }
  };
  await narrow(folder, PRIVATE_FOLDER_MODE);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isFile()) await narrow(join(folder, entry.name), PRIVATE_FILE_MODE);
    // The log files hold every host and profile name the user worked with, however well scrubbed of secrets.
    if (entry.isDirectory() && entry.name === LOGS_FOLDER) {
      const logs = join(folder, entry.name);
      await narrow(logs, PRIVATE_FOLDER_MODE);
      for (const log of await readdir(logs, { withFileTypes: true }))
        if (log.isFile()) await narrow(join(logs, log.name), PRIVATE_FILE_MODE);
    }
  }
  return result;
}

function chmodFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPERM' ? 'it belongs to another user' : fileReadFailure(err);
}

function folderFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EEXIST' ? 'a file of that name is in the way' : fileReadFailure(err);
}
