import type { ShellHooks } from '../../electron/services/ipc/handlers.ts';
import type { FileDialogOptions } from '../../shared/schemas/files.ts';

/**
 * Test-only: the desktop shell's file dialog, answered by the test. A test
 * queues the path the user will "choose", then clicks Choose… in the window:
 * the file goes through the same flow as in the app (dialog → engine grant →
 * token in the window). An empty queue is a cancelled dialog.
 */
export class FileDialogStandIn implements ShellHooks {
  private readonly next: string[] = [];
  /** Every dialog opened, with the title and filters the window asked for. */
  readonly opened: FileDialogOptions[] = [];

  chooseNext(...paths: string[]): void {
    this.next.push(...paths);
  }

  openFileDialog(opts: FileDialogOptions): Promise<string | undefined> {
    this.opened.push(opts);
    return Promise.resolve(this.next.shift());
  }

  private readonly nextFolders: string[] = [];

  /** The folder the user will name in the next export's save dialog; an empty queue is a cancelled dialog. */
  saveExportNext(...folders: string[]): void {
    this.nextFolders.push(...folders);
  }

  chooseExportFolder(): Promise<string | undefined> {
    return Promise.resolve(this.nextFolders.shift());
  }

  private readonly nextFiles: string[] = [];
  /** Every save dialog opened, with the file name the engine proposed. */
  readonly savesOffered: Array<{ title: string; defaultName: string }> = [];

  /** The file the user will name in the next save dialog; an empty queue is a cancelled dialog. */
  saveFileNext(...paths: string[]): void {
    this.nextFiles.push(...paths);
  }

  chooseSaveFile(opts: { title: string; defaultName: string }): Promise<string | undefined> {
    this.savesOffered.push(opts);
    return Promise.resolve(this.nextFiles.shift());
  }
}
