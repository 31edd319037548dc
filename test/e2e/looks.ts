import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppOptions } from './app-fixture.ts';

/** Set FIELDKIT_SHOTS_DIR to keep a screenshot of each step (for looking at the layout); nothing is written otherwise. */
export const SHOTS_DIR = process.env['FIELDKIT_SHOTS_DIR'];

export async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS_DIR) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

export interface Look {
  name: string;
  options: Pick<AppOptions, 'viewport' | 'colorScheme'>;
}

/** The four looks a screen is checked at when pictures are asked for; otherwise one run at the default size, to keep CI lean. */
export const LOOKS: Look[] = SHOTS_DIR
  ? [
      { name: '1280-light', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'light' } },
      { name: '1280-dark', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' } },
      { name: '900-light', options: { viewport: { width: 900, height: 800 }, colorScheme: 'light' } },
      { name: '900-dark', options: { viewport: { width: 900, height: 800 }, colorScheme: 'dark' } },
    ]
  : [{ name: 'default', options: {} }];
