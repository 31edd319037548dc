import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './real-parts.ts';

/** Debian's Chromium, headless and quiet on a closed network; Playwright gives it a fresh temporary profile each launch. */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
}
