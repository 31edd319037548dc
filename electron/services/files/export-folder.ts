import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';

/**
 * Writes an export (a playbook and its files) into a folder the user chose:
 * a new folder, or an empty one, so nothing of theirs is overwritten.
 */
export async function writeExportFolder(folder: string, files: Array<{ name: string; content: string }>): Promise<void> {
  const root = resolve(folder);
  let existing: string[] = [];
  try {
    existing = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw folderFailure(root, err);
  }
  if (existing.length > 0) {
    throw new FieldkitError('EXPORT_FOLDER_NOT_EMPTY', `The folder ${root} already holds files; the export was not written.`, {
      field: 'out',
    });
  }
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

function folderFailure(root: string, err: unknown): FieldkitError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new FieldkitError('EXPORT_FOLDER_UNWRITABLE', `The export could not be written to ${root} (${code}).`, { cause: err });
}
