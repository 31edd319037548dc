/**
 * One entry of the error registry: the default message, the fix to suggest,
 * and whether the code means the user's input is wrong (the CLI exits 2 for
 * those, 1 for everything else).
 */
export interface CatalogEntry {
  message: string;
  hint: string;
  /**
   * The fix in the command line's words, where `hint` names something on the
   * screen (a highlighted field, a button, a dialog). The CLI prints this one.
   */
  cliHint?: string;
  input?: true;
}
