import { USER_FILE_MAX_BYTES } from '../files/read-user-file.ts';

/**
 * Why a file the user named could not be read, in their words: "there is no
 * such file" rather than ENOENT. Unknown causes keep the system's own text.
 */
const REASONS: Record<string, string> = {
  ENOENT: 'there is no such file',
  ENOTDIR: 'a folder on that path does not exist',
  EACCES: 'Fieldkit is not allowed to read it',
  EPERM: 'Fieldkit is not allowed to read it',
  EISDIR: 'it is a folder, not a file',
  EMFILE: 'too many files are open; try again',
  EBUSY: 'it is in use by another program',
  // read-user-file.ts refuses these before reading a byte.
  FK_NOT_REGULAR_FILE: 'it is not a regular file (a device, a pipe or a socket)',
  FK_FILE_TOO_LARGE: `it is larger than ${USER_FILE_MAX_BYTES / 1024 / 1024} MiB, far more than any certificate, key or CA file`,
};

export function fileReadFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && REASONS[code]) return REASONS[code];
  return err instanceof Error ? err.message : String(err);
}
