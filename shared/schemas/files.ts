import { z } from 'zod';
import { singleLine } from './network-names.ts';

/**
 * Files as the window knows them: an opaque token the engine granted when the
 * user chose the file (a dialog, a drop), and its name to show. The window
 * never sees or names a path (electron/services/files/file-grants.ts).
 */

export const FileToken = z.string().regex(/^[0-9a-f]{32}$/, 'Choose the file again.');

/** A file the window hands back to the engine. */
export const GrantedFileRef = z.strictObject({ token: FileToken });

/** What the window gets for a file the user chose. */
export const GrantedFile = z.strictObject({ token: FileToken, name: z.string() });
export type GrantedFile = z.infer<typeof GrantedFile>;

const Extension = z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'A file extension is 1 to 16 letters and digits, without the dot.');

export const FileDialogOptions = z.strictObject({
  title: singleLine("The dialog's title", 200),
  filters: z
    .array(z.strictObject({ name: singleLine("A file type's name", 200), extensions: z.array(Extension).max(20) }))
    .max(10)
    .optional(),
});
export type FileDialogOptions = z.infer<typeof FileDialogOptions>;
