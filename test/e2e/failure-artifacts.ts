import { mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Already git-ignored; CI can keep the folder when a run fails. */
const RESULTS_DIR = resolve('test-results');

/** Where a failed test's trace and screenshot go: one folder per file and test, named so a person can find it. */
export function failureFolder(file: string, testName: string): string {
  const safe = (s: string) =>
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120);
  return join(RESULTS_DIR, safe(basename(file)), safe(testName));
}

/**
 * Stops every window's trace. When the test failed, each window's trace and a
 * screenshot of where it stood are written to the test's folder (emptied
 * first, so two runs never mix); when it passed, nothing is written.
 * Returns the folder when something was kept.
 */
export async function finishTraces(
  windows: Array<{ context: BrowserContext; page: Page }>,
  failedTest: { file: string; name: string } | undefined,
): Promise<string | undefined> {
  const keep = failedTest ? failureFolder(failedTest.file, failedTest.name) : undefined;
  if (keep) {
    rmSync(keep, { recursive: true, force: true });
    mkdirSync(keep, { recursive: true });
  }
  for (const [i, { context, page }] of windows.entries()) {
    const suffix = windows.length > 1 ? `-${i + 1}` : '';
    if (keep) await settle(() => page.screenshot({ path: join(keep, `screenshot${suffix}.png`), fullPage: true }));
    await settle(() => context.tracing.stop(keep ? { path: join(keep, `trace${suffix}.zip`) } : {}));
  }
  return keep;
}

/** Runs one teardown step; a step that fails must not keep the next ones from running. */
export async function settle(step: () => unknown): Promise<void> {
  try {
    await step();
  } catch (err) {
    console.warn(`[e2e] teardown step failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
