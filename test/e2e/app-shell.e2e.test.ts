import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { describeWithPart } from '../support/real-parts.ts';
import { REFUSED_HOST, test } from './diagnostics-lab.ts';
import { openDiagnostics, runCheck } from './diagnostics-steps.ts';
import { browserParts } from './e2e-parts.ts';

/** Collapsed, the sidebar is slid out of the window and out of reach of the keyboard. */
function sidebarShown(page: Page): Promise<boolean> {
  return page.getByRole('navigation', { name: 'Sections', includeHidden: true }).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.right > 0 && !el.hasAttribute('inert');
  });
}

/** Badge labels whose text does not fit, among those on screen. */
function clippedBadges(page: Page): Promise<Array<string | null>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.mantine-Badge-label')]
      .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.textContent),
  );
}

function sidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

describeWithPart('Chromium and the built renderer', browserParts(), 'The window around the pages, in a real browser', () => {
  test('applies the saved theme from the start, whatever the system prefers', async ({ launchApp }) => {
    const { page } = await launchApp({ settings: { appearance: { theme: 'dark' } }, colorScheme: 'light' });
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
  });

  test('collapses the sidebar from the header and remembers it after a reload', async ({ launchApp }) => {
    const { page } = await launchApp({ viewport: { width: 900, height: 700 } });
    await expect.poll(() => sidebarShown(page)).toBe(true);
    await page.getByTestId('navbar-toggle').click();
    await expect.poll(() => sidebarShown(page)).toBe(false);
    await page.reload();
    await page.getByTestId('navbar-toggle').waitFor();
    expect(await sidebarShown(page)).toBe(false);
    await page.getByTestId('navbar-toggle').click();
    await expect.poll(() => sidebarShown(page)).toBe(true);
  });

  test('keeps what the user typed on a page when they switch section and come back', async ({ launchApp }) => {
    const { page } = await launchApp();
    await page.getByTestId('nav-diagnostics').click();
    await page.getByTestId('ccid').fill('acme-kept');
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('cert-tab-bundle').click();
    await page.getByTestId('bundle-cert-path').fill('/tmp/kept.crt');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('nav-diagnostics').click();
    expect(await page.getByTestId('ccid').inputValue()).toBe('acme-kept');
    await page.getByTestId('nav-certificates').click();
    expect(await page.getByTestId('bundle-cert-path').inputValue()).toBe('/tmp/kept.crt');
  });

  test('says there is no file picker outside the desktop app, and keeps the typed path', async ({ launchApp }) => {
    const { page } = await launchApp();
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('cert-tab-bundle').click();
    await page.getByTestId('bundle-key-path').fill('/tmp/typed.key');
    await page.getByTestId('bundle-key-path-browse').click();
    await expect.poll(() => page.getByText('No file picker here: type the full path of the file.').count()).toBe(1);
    expect(await page.getByTestId('bundle-key-path').inputValue()).toBe('/tmp/typed.key');
    // One answer is enough: every other Browse button knows too.
    expect(await page.getByTestId('bundle-cert-path-browse').isDisabled()).toBe(true);
  });

  test('shows whole verdicts at the smallest window (900 px) and never needs a sideways scroll', async ({ launchApp, lab }) => {
    const { page } = await launchApp({ diagnostics: lab, viewport: { width: 900, height: 700 } });
    await openDiagnostics(page);
    await runCheck(page);
    await page.getByTestId(`row-${REFUSED_HOST}`).click();
    await page.getByTestId('endpoint-detail').waitFor();
    expect(await page.getByTestId(`row-${REFUSED_HOST}`).getByTestId('verdict').textContent()).toBe('Not Reachable');
    expect(await clippedBadges(page)).toEqual([]);
    expect(await sidewaysScroll(page)).toBe(false);

    for (const section of ['cloud-connect', 'certificates', 'settings', 'allowlist']) {
      await page.getByTestId(`nav-${section}`).click();
      await page.locator(`[data-page="${section}"] h2`).waitFor();
      expect({ section, clipped: await clippedBadges(page), sideways: await sidewaysScroll(page) }).toEqual({
        section,
        clipped: [],
        sideways: false,
      });
    }
  });
});
