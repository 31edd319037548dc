import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/ipc-channels.ts';
import { openDiagnostics, saveProxyProfile } from '../e2e/diagnostics-steps.ts';

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

  it('serves the page from app://fieldkit, not file://', async () => {
    expect(page.url()).toBe('app://fieldkit/index.html');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
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

  it('saves a proxy password and deletes it with its profile through ipcMain, never showing it in the page', async () => {
    const listProxies = () =>
      page.evaluate(async () => {
        const api = (window as unknown as { fieldkit: { proxyProfilesList(): Promise<unknown> } }).fieldkit;
        return (await api.proxyProfilesList()) as { ok: boolean; value?: Array<{ profile: { name?: string }; passwordSaved: boolean }> };
      });
    await openDiagnostics(page);
    await saveProxyProfile(page, {
      name: 'Electron proxy',
      host: 'proxy.example.test',
      port: 3128,
      username: 'eve',
      password: 'electron-secret-1',
    });
    expect(await listProxies()).toMatchObject({ ok: true, value: [{ profile: { name: 'Electron proxy' }, passwordSaved: true }] });
    expect(await page.content()).not.toContain('electron-secret-1');

    await page.getByTestId('proxy-delete').click();
    await expect.poll(async () => (await listProxies()).value).toEqual([]);
  });
});
