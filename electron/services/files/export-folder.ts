import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';

/**
 * Writes an export (a playbook and its files) into a folder the user chose:
 * a new folder, or an empty one, so nothing of theirs is overwritten. Messages
 * name the folder, not its path: they may reach the window.
 */
export async function writeExportFolder(folder: string, files: Array<{ name: string; content: string }>): Promise<void> {
  const root = await checkExportFolder(folder);
  for (const file of files) {
    const path = resolve(root, file.name);
    // Names come from the export itself; one that would leave the folder is a bug, not a file to write.
    if (!path.startsWith(root + sep)) throw new Error(`export file name leaves the folder: ${file.name}`);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, { flag: 'wx' });
    } catch (err) {
      throw folderFailure(root, err);
    }
  }
}

/** Refuses a folder that already holds files, before any work is done for it; returns its absolute path. */
export async function checkExportFolder(folder: string): Promise<string> {
  const root = resolve(folder);
  let existing: string[] = [];
  try {
    existing = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw folderFailure(root, err);
  }
  if (existing.length > 0) {
    throw new FieldkitError('EXPORT_FOLDER_NOT_EMPTY', `The folder "${basename(root)}" already holds files; the export was not written.`, {
      field: 'out',
    });
  }
  return root;
}

function folderFailure(root: string, err: unknown): FieldkitError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new FieldkitError('EXPORT_FOLDER_UNWRITABLE', `The export could not be written to the folder "${basename(root)}" (${code}).`, {
    cause: err,
  });
}
