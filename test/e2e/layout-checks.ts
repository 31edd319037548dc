import type { Page } from 'playwright-core';

/** What a user would trip over in a narrow window, measured in the page. */

/** The text of every visible badge cut short by its box. */
export function clippedBadges(page: Page): Promise<Array<string | null>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.mantine-Badge-label')]
      .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.textContent),
  );
}

/** Whether the page is wider than the window. */
export function sidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
