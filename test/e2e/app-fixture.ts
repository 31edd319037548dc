import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test as baseTest, vi } from 'vitest';
import type { Engine, EngineOptions } from '../../electron/services/engine.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { ChannelInput, ChannelOutput } from '../../shared/ipc-contract.ts';
import type { ChannelName } from '../../shared/ipc-channels.ts';
import type { ApplianceProfileInput } from '../../shared/schemas/certificates.ts';
import type { SettingsPatch } from '../../shared/schemas/settings.ts';
import { startBridge } from '../support/bridge-server.ts';
import { FileDialogStandIn } from '../support/file-dialog-stand-in.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestEngine } from '../support/test-engine.ts';
import { RENDERER_DIR } from './e2e-parts.ts';
import { finishTraces, settle } from './failure-artifacts.ts';

/**
 * The end-to-end fixture: every test opens its own app (a fresh data folder,
 * its own engine, bridge, browser context and page) and everything is closed
 * after the test, pass or fail. Only the Chromium process is shared per file,
 * because launching it is the slow part and a context shares nothing with
 * another. Every context is traced; on failure the trace and a screenshot are
 * kept under test-results/<file>/<test name>/, on success nothing is kept.
 */

/**
 * What the window shows waits on real engine work (NITRO calls, TLS handshakes,
 * a bundle parsed) in a real browser on a shared two-core machine: a second,
 * vitest's default for expect.poll, is too short there. Applies to the files
 * that use this fixture only.
 */
vi.setConfig({ expect: { poll: { timeout: 10_000 } } });

export interface AppOptions {
  /** The real operating system keychain, or (default) a session-only vault so tests run on any machine. */
  vault?: 'memory' | 'keychain';
  diagnostics?: EngineOptions['diagnosticsOverrides'];
  /** Allowlist fetches: the roots the API's stand-in is trusted by, and short rate-limit waits. */
  allowlist?: EngineOptions['allowlistOverrides'];
  /** Cloud Connect notifications: the receivers' CA and PagerDuty's stand-in (overrides), the desktop sink, background delivery. */
  notifications?: EngineOptions['notifications'];
  /** Files written into the data folder before the engine opens it (name relative to the folder → content). */
  files?: Record<string, string>;
  /** Appliance profiles saved through the engine before the window opens, as if the user had saved them earlier. */
  appliances?: Array<{ profile: ApplianceProfileInput; password?: string }>;
  /** Settings saved before the window opens, as the Settings page would save them. */
  settings?: SettingsPatch;
  /** The window's size (default Playwright's 1280 × 720) and the colour scheme the system prefers. */
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

export interface App {
  page: Page;
  engine: Engine;
  dataFolder: string;
  /** Calls one channel the way the window does, for setup that happens outside this window; throws on an error result. */
  invoke: <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
  /** The file dialog's stand-in: queue what the user picks, then click a Choose… button in the window. */
  fileDialog: FileDialogStandIn;
  /** A file dropped on the window is the file of that name in this folder (the stand-in for Electron's webUtils). */
  dropFolder: string;
}

interface AppFixtures {
  browser: Browser;
  launchApp: (options?: AppOptions) => Promise<App>;
}

export const test = baseTest.extend<AppFixtures>({
  browser: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const chromium = await launchChromium();
      try {
        await use(chromium.browser);
      } finally {
        await chromium.close();
      }
    },
    { scope: 'file' },
  ],

  launchApp: async ({ browser, task }, use) => {
    const cleanups: Array<() => unknown> = [];
    const windows: Array<{ context: BrowserContext; page: Page }> = [];

    async function launchApp(options: AppOptions = {}): Promise<App> {
      const dataFolder = mkdtempSync(join(tmpdir(), 'fieldkit-e2e-'));
      cleanups.push(() => rmSync(dataFolder, { recursive: true, force: true }));
      for (const [name, content] of Object.entries(options.files ?? {})) {
        mkdirSync(dirname(join(dataFolder, name)), { recursive: true });
        writeFileSync(join(dataFolder, name), content);
      }

      const fileDialog = new FileDialogStandIn();
      const te = await startTestEngine({
        dataFolder,
        shell: fileDialog,
        ...(options.vault === 'keychain' ? {} : { vault: new MemoryVault('Session-only vault for this test.') }),
        ...(options.diagnostics ? { diagnosticsOverrides: options.diagnostics } : {}),
        ...(options.allowlist ? { allowlistOverrides: options.allowlist } : {}),
        ...(options.notifications ? { notifications: options.notifications } : {}),
      });
      cleanups.push(() => te.close());
      const invoke = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
        const result = await te.dispatcher.dispatch(channel, input, { emit: () => undefined });
        if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
        return result.value as ChannelOutput<C>;
      };
      for (const appliance of options.appliances ?? []) await invoke('applianceProfileSave', appliance);
      if (options.settings) await invoke('settingsUpdate', { patch: options.settings });

      const dropFolder = join(dataFolder, 'dropped');
      mkdirSync(dropFolder);
      const bridge = await startBridge(te.dispatcher, RENDERER_DIR, { droppedFilesFolder: dropFolder });
      cleanups.push(() => bridge.close());

      const context = await browser.newContext({
        acceptDownloads: true,
        ...(options.viewport ? { viewport: options.viewport } : {}),
        ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
      });
      cleanups.push(() => context.close());
      await context.tracing.start({ screenshots: true, snapshots: true, title: task.name });
      const page = await context.newPage();
      windows.push({ context, page });
      await page.goto(bridge.url);
      return { page, engine: te.engine, dataFolder, invoke, fileDialog, dropFolder };
    }

    try {
      await use(launchApp);
    } finally {
      // vitest has settled the test's state before fixtures are torn down, so a failure is known here.
      const failed = task.result?.state === 'fail';
      const kept = await finishTraces(windows, failed ? { file: task.file.name, name: task.name } : undefined);
      if (kept) console.log(`[e2e] kept the trace and screenshot of "${task.name}" in ${kept}`);
      // Closed in reverse order of opening, each one even when an earlier one throws.
      for (const cleanup of cleanups.reverse()) await settle(cleanup);
    }
  },
});
