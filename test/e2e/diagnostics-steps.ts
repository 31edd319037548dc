import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What a user does on the Diagnostics page, as steps a test composes; each waits until the window shows it is done. */

export async function openDiagnostics(page: Page): Promise<void> {
  await page.getByTestId('nav-diagnostics').click();
}

/** Runs Check Connectivity and waits for the overall verdict. */
export async function runCheck(page: Page): Promise<void> {
  await page.getByTestId('run').click();
  await expect
    .poll(() => page.getByTestId('summary').getAttribute('data-verdict'), { timeout: 10_000 })
    .toMatch(/^(met|not-met|incomplete)$/);
}

/** Saves a new explicit proxy profile from the editor; the password goes to the keychain and the field is cleared. */
export async function saveProxyProfile(
  page: Page,
  proxy: { name: string; host: string; port: number; username: string; password: string },
): Promise<void> {
  await page.getByTestId('proxy-new').click();
  await page.getByTestId('proxy-name').fill(proxy.name);
  await page.getByTestId('proxy-host').fill(proxy.host);
  await page.getByTestId('proxy-port').fill(String(proxy.port));
  await page.getByTestId('proxy-username').fill(proxy.username);
  await page.getByTestId('proxy-password').fill(proxy.password);
  await page.getByTestId('proxy-save').click();
  await expect.poll(() => page.getByTestId('proxy-password-state').textContent()).toMatch(/password saved/i);
}
