import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FileDialogStandIn } from '../support/file-dialog-stand-in.ts';

/** What a test needs of its app to pick files: the window, and the dialog's stand-in. */
export interface FilePickingApp {
  page: Page;
  fileDialog: FileDialogStandIn;
}

/** Picks a file as the user does: Choose… opens the dialog, which answers `path`; the window then shows the file's name. */
export async function chooseFile({ page, fileDialog }: FilePickingApp, testId: string, path: string): Promise<void> {
  fileDialog.chooseNext(path);
  await page.getByTestId(`${testId}-choose`).click();
  const name = path.split(/[\\/]/).at(-1)!;
  await expect.poll(() => page.getByTestId(testId).textContent()).toBe(name);
}

/** Drops a file named `name` on a file input, as the user drags it from their desktop. */
export async function dropFile(page: Page, testId: string, name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle((fileName) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['dropped'], fileName));
    return dt;
  }, name);
  await page.getByTestId(`${testId}-drop`).dispatchEvent('drop', { dataTransfer });
}
