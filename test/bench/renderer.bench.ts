import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'electron-vite';
import type { Browser } from 'playwright-core';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startBridge } from '../support/bridge-server.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestEngine } from '../support/test-engine.ts';
import type { BenchFigure } from './run-benchmarks.ts';

/**
 * What the window costs before the user sees anything, on the production build:
 * - the JavaScript index.html loads eagerly (its module entry and every
 *   modulepreload), gzipped: pages and their libraries must load on first
 *   visit, not at start (target <= 150 KB);
 * - first contentful paint of the app in Debian's Chromium through the bridge,
 *   each load in a fresh browser context so nothing is cached (target <= 300 ms).
 */
const OUT = resolve('out/renderer');
const LOADS = 7;

/** The scripts index.html makes the browser fetch before the app can run. */
export function eagerScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script\b[^>]*type="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!);
  return [...entry, ...preloads];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * One cold load (a fresh browser context, so nothing is cached): when the
 * first content was painted (the header the HTML draws), and when React had
 * rendered the app's own sections, so the figure the user waits for is shown too.
 */
async function coldLoad(browser: Browser, url: string, readySelector: string | undefined): Promise<{ paint: number; ready: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (readySelector) {
      await page.addInitScript((selector) => {
        const w = window as unknown as { fkReady?: number };
        new MutationObserver((_m, observer) => {
          if (document.querySelector(selector)) {
            w.fkReady = performance.now();
            observer.disconnect();
          }
        }).observe(document, { subtree: true, childList: true });
      }, readySelector);
    }
    await page.goto(url);
    if (readySelector) await page.locator(readySelector).waitFor();
    const paint = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          new PerformanceObserver((list) => {
            const fcp = list.getEntriesByName('first-contentful-paint')[0];
            if (fcp) done(fcp.startTime);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    const ready = await page.evaluate(() => (window as unknown as { fkReady?: number }).fkReady ?? Number.NaN);
    return { paint, ready };
  } finally {
    await context.close();
  }
}

/**
 * The app's first paints, each load followed by one of a one-line page
 * through the same bridge: on a busy machine the blank page's figure says how
 * much of the app's is the machine rather than the app.
 */
async function firstContentfulPaints(loads: number): Promise<{ app: number[]; ready: number[]; blank: number[] }> {
  const blankDir = mkdtempSync(join(tmpdir(), 'fk-blank-'));
  writeFileSync(join(blankDir, 'index.html'), '<!doctype html><html><head><title>Blank</title></head><body><p>Fieldkit</p></body></html>');
  const te = await startTestEngine({ vault: new MemoryVault('bench') });
  const app = await startBridge(te.dispatcher, OUT);
  const blank = await startBridge(te.dispatcher, blankDir);
  const chromium = await launchChromium();
  try {
    const paints = { app: [] as number[], ready: [] as number[], blank: [] as number[] };
    for (let i = 0; i < loads; i++) {
      const load = await coldLoad(chromium.browser, app.url, '[data-testid="nav-cloud-connect"]');
      paints.app.push(load.paint);
      paints.ready.push(load.ready);
      paints.blank.push((await coldLoad(chromium.browser, blank.url, undefined)).paint);
    }
    return paints;
  } finally {
    await chromium.close();
    await app.close();
    await blank.close();
    te.close();
    rmSync(blankDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchFigure[]> {
  // Measure what a release ships: the production build, made now from this checkout.
  await build({ logLevel: 'warn' });
  const html = readFileSync(join(OUT, 'index.html'), 'utf8');
  const scripts = eagerScripts(html);
  const gzipBytes = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(OUT, src))).length, 0);
  const paints = await firstContentfulPaints(LOADS);
  return [
    {
      name: 'renderer.initialJs.gzip',
      value: Math.round((gzipBytes / 1024) * 10) / 10,
      unit: 'KB',
      note: `${scripts.length} eager script(s), gzip level 6; target <= 150`,
    },
    {
      name: 'renderer.firstContentfulPaint',
      value: Math.round(median(paints.app)),
      unit: 'ms',
      note: `median of ${LOADS} cold loads in Chromium through the bridge (${paints.app.map(Math.round).join(', ')}); target <= 300`,
    },
    {
      name: 'renderer.appRendered',
      value: Math.round(median(paints.ready)),
      unit: 'ms',
      note: `median of the same loads: React has rendered the header and the sections (${paints.ready.map(Math.round).join(', ')})`,
    },
    {
      name: 'renderer.firstContentfulPaint.blankPage',
      value: Math.round(median(paints.blank)),
      unit: 'ms',
      note: 'the same for a one-line page, loaded in turn with the app: the floor on this machine right now',
    },
  ];
}
