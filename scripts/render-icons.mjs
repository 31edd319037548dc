#!/usr/bin/env node
// Renders resources/icon.svg into the PNGs electron-builder packages (electron-builder.yml): icon.png at 1024 px,
// from which it makes the macOS .icns and the Windows .ico, and one PNG per size in resources/icons/ for Linux.
// Uses the system's Chromium (no download); run it again after changing the SVG and commit the PNGs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const svg = readFileSync(join('resources', 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const render = async (size, file) => {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    await page.locator('svg').screenshot({ path: file, omitBackground: true });
    console.log(`${file} (${size}x${size})`);
  };
  await render(1024, join('resources', 'icon.png'));
  for (const size of LINUX_SIZES) await render(size, join('resources', 'icons', `${size}x${size}.png`));
} finally {
  await browser.close();
}
