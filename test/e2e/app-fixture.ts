import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test as baseTest } from 'vitest';
import type { Engine, EngineOptions } from '../../electron/services/engine.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { openKeytar } from '../../electron/services/vault/keytar-vault.ts';
import type { ChannelInput, ChannelOutput } from '../../shared/ipc-contract.ts';
import type { ChannelName } from '../../shared/ipc-channels.ts';
import type { ApplianceProfileInput } from '../../shared/schemas/certificates.ts';
import { startBridge } from '../support/bridge-server.ts';
import { launchChromium } from '../support/browser.ts';
import { chromiumStatus, type PartStatus } from '../support/real-parts.ts';
import { startTestEngine } from '../support/test-engine.ts';

/**
 * The end-to-end fixture: every test opens its own app (a fresh data folder,
 * its own engine, bridge, browser context and page) and everything is closed
 * after the test, pass or fail. Only the Chromium process is shared per file,
 * because launching it is the slow part and a context shares nothing with
 * another. On failure the Playwright trace and a screenshot are kept under
 * test-results/<file>/<test name>/; on success nothing is kept.
 */

const RENDERER_DIR = resolve('out/renderer');
const RESULTS_DIR = resolve('test-results');

export interface AppOptions {
  /** The real operating system keychain, or (default) a session-only vault so tests run on any machine. */
  vault?: 'memory' | 'keychain';
  diagnostics?: EngineOptions['diagnosticsOverrides'];
  /** Files written into the data folder before the engine opens it (name relative to the folder → content). */
  files?: Record<string, string>;
  /** Appliance profiles saved through the engine before the window opens, as if the user had saved them earlier. */
  appliances?: Array<{ profile: ApplianceProfileInput; password?: string }>;
}

export interface App {
  page: Page;
  engine: Engine;
  dataFolder: string;
  /** Calls one channel the way the window does, for setup that happens outside this window; throws on an error result. */
  invoke: <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
}

interface AppFixtures {
  browser: Browser;
  launchApp: (options?: AppOptions) => Promise<App>;
}

/** Chromium and the built renderer: what every end-to-end test needs. */
export function browserParts(): PartStatus {
  const chromium = chromiumStatus();
  const built = existsSync(join(RENDERER_DIR, 'index.html'));
  const reasons = [chromium.reason, built ? undefined : 'renderer not built (npx electron-vite build)'].filter(Boolean);
  return { available: chromium.available && built, ...(reasons.length ? { reason: reasons.join('; ') } : {}) };
}

/** The parts above plus a Secret Service answering on the session bus (npm test starts a throwaway one). */
export async function keychainParts(): Promise<PartStatus> {
  const browser = browserParts();
  const keychain = await openKeytar();
  const reasons = [browser.reason, 'reason' in keychain ? keychain.reason : undefined].filter(Boolean);
  return { available: browser.available && !('reason' in keychain), ...(reasons.length ? { reason: reasons.join('; ') } : {}) };
}

/** Where a failed test's trace and screenshot go: one folder per file and test, named so a person can find it. */
export function failureFolder(file: string, testName: string): string {
  const safe = (s: string) =>
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120);
  return join(RESULTS_DIR, safe(basename(file)), safe(testName));
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
    const cleanups: Array<() => Promise<void> | void> = [];
    const contexts: BrowserContext[] = [];
    const pages: Page[] = [];

    async function launchApp(options: AppOptions = {}): Promise<App> {
      const dataFolder = mkdtempSync(join(tmpdir(), 'fieldkit-e2e-'));
      cleanups.push(() => rmSync(dataFolder, { recursive: true, force: true }));
      for (const [name, content] of Object.entries(options.files ?? {})) {
        mkdirSync(dirname(join(dataFolder, name)), { recursive: true });
        writeFileSync(join(dataFolder, name), content);
      }

      const te = await startTestEngine({
        dataFolder,
        ...(options.vault === 'keychain' ? {} : { vault: new MemoryVault('Session-only vault for this test.') }),
        ...(options.diagnostics ? { diagnosticsOverrides: options.diagnostics } : {}),
      });
      cleanups.push(() => te.close());
      const invoke = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
        const result = await te.dispatcher.dispatch(channel, input, { emit: () => undefined });
        if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
        return result.value as ChannelOutput<C>;
      };
      for (const appliance of options.appliances ?? []) await invoke('applianceProfileSave', appliance);

      const bridge = await startBridge(te.dispatcher, RENDERER_DIR);
      cleanups.push(() => bridge.close());

      const context = await browser.newContext({ acceptDownloads: true });
      cleanups.push(() => context.close());
      await context.tracing.start({ screenshots: true, snapshots: true, title: task.name });
      contexts.push(context);
      const page = await context.newPage();
      pages.push(page);
      await page.goto(bridge.url);
      return { page, engine: te.engine, dataFolder, invoke };
    }

    try {
      await use(launchApp);
    } finally {
      // vitest has settled the test's state before fixtures are torn down, so a failure is known here.
      const failed = task.result?.state === 'fail';
      const keep = failed ? failureFolder(task.file.name, task.name) : undefined;
      if (keep) {
        // A folder left by an earlier failing run of the same test would mix two runs' files.
        rmSync(keep, { recursive: true, force: true });
        mkdirSync(keep, { recursive: true });
      }
      for (const [i, context] of contexts.entries()) {
        const suffix = contexts.length > 1 ? `-${i + 1}` : '';
        await settle(async () => {
          if (keep) await pages[i]!.screenshot({ path: join(keep, `screenshot${suffix}.png`), fullPage: true });
        });
        await settle(() => context.tracing.stop(keep ? { path: join(keep, `trace${suffix}.zip`) } : {}));
      }
      if (keep) console.log(`[e2e] kept the trace and screenshot of "${task.name}" in ${keep}`);
      // Closed in reverse order of opening, each one even when an earlier one throws.
      for (const cleanup of cleanups.reverse()) await settle(cleanup);
    }
  },
});

/** Runs one teardown step; a step that fails must not keep the next ones from running. */
async function settle(step: () => unknown): Promise<void> {
  try {
    await step();
  } catch (err) {
    console.warn(`[e2e] teardown step failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
