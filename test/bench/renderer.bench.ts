import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'electron-vite';
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

async function firstContentfulPaints(loads: number): Promise<number[]> {
  const te = await startTestEngine({ vault: new MemoryVault('bench') });
  const bridge = await startBridge(te.dispatcher, OUT);
  const chromium = await launchChromium();
  try {
    const paints: number[] = [];
    for (let i = 0; i < loads; i++) {
      const context = await chromium.browser.newContext();
      const page = await context.newPage();
      await page.goto(bridge.url);
      paints.push(
        await page.evaluate(
          () =>
            new Promise<number>((done) => {
              new PerformanceObserver((list) => {
                const fcp = list.getEntriesByName('first-contentful-paint')[0];
                if (fcp) done(fcp.startTime);
              }).observe({ type: 'paint', buffered: true });
            }),
        ),
      );
      await context.close();
    }
    return paints;
  } finally {
    await chromium.close();
    await bridge.close();
    te.close();
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
      value: Math.round(median(paints)),
      unit: 'ms',
      note: `median of ${LOADS} cold loads in Chromium through the bridge (${paints.map(Math.round).join(', ')}); target <= 300`,
    },
  ];
}
