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
};

export function fileReadFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && REASONS[code]) return REASONS[code];
  return err instanceof Error ? err.message : String(err);
}
