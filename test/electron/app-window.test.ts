import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/ipc-channels.ts';

/** The real app: the sandboxed window, the CommonJS preload and ipcMain, which the browser suite stands in for elsewhere. */
describe('Fieldkit in Electron', () => {
  let app: ElectronApplication;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'fieldkit-electron-'));
    app = await electron.launch({ args: [resolve('out/main/index.js')], env: { ...process.env, FIELDKIT_HOME: home } });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('runs the page sandboxed, with exactly the contract exposed', async () => {
    const exposed = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { fieldkit: object }).fieldkit).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed.keys).toEqual([...CHANNEL_NAMES, 'on'].sort());
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
  });

  it('refuses to open other windows or navigate away', async () => {
    await page.evaluate(() => window.open('https://example.com'));
    expect(app.windows()).toHaveLength(1);
    const before = page.url();
    await page
      .evaluate(() => {
        window.location.href = 'https://example.com';
      })
      .catch(() => {});
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
  });

  it('saves and deletes a proxy profile with its password through ipcMain', async () => {
    await page.getByTestId('nav-diagnostics').click();
    await page.getByTestId('proxy-new').click();
    const editor = page.getByTestId('proxy-editor');
    await editor.getByTestId('proxy-name').fill('electron-lab');
    await editor.getByTestId('proxy-host').fill('127.0.0.1');
    await editor.getByTestId('proxy-port').fill('3128');
    await editor.getByTestId('proxy-password').fill('electron-secret-1');
    await editor.getByTestId('proxy-save').click();
    await expect.poll(() => editor.getByTestId('proxy-password-state').textContent()).toMatch(/password saved/i);
    expect(await page.content()).not.toContain('electron-secret-1');
    await editor.getByTestId('proxy-delete').click();
    await expect.poll(() => page.getByTestId('proxy-editor').count()).toBe(0);
  });
});
