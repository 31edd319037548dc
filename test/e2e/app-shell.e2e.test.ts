import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { describeWithPart } from '../support/real-parts.ts';
import { REFUSED_HOST, test } from './diagnostics-lab.ts';
import { openDiagnostics, runCheck } from './diagnostics-steps.ts';
import { browserParts } from './e2e-parts.ts';
import { clippedBadges, sidewaysScroll } from './layout-checks.ts';
import { chooseFile, dropFile } from './file-steps.ts';

/** Collapsed, the sidebar is slid out of the window and out of reach of the keyboard. */
function sidebarShown(page: Page): Promise<boolean> {
  return page.getByRole('navigation', { name: 'Sections', includeHidden: true }).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.right > 0 && !el.hasAttribute('inert');
  });
}

/** Badge labels whose text does not fit, among those on screen. */
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
    const app = await launchApp();
    const { page } = app;
    await page.getByTestId('nav-diagnostics').click();
    await page.getByTestId('ccid').fill('acme-kept');
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('cert-tab-push').click();
    await page.getByTestId('flow-step-bundle').click();
    await chooseFile(app, 'bundle-cert-path', '/tmp/kept.crt');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('nav-diagnostics').click();
    expect(await page.getByTestId('ccid').inputValue()).toBe('acme-kept');
    await page.getByTestId('nav-certificates').click();
    expect(await page.getByTestId('bundle-cert-path').textContent()).toBe('kept.crt');
  });

  test('picks files through the dialog: the window shows the name, never the path, and a cancelled dialog changes nothing', async ({
    launchApp,
  }) => {
    const app = await launchApp();
    const { page, fileDialog } = app;
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('cert-tab-push').click();
    await page.getByTestId('flow-step-bundle').click();
    expect(await page.getByTestId('bundle-load').isDisabled()).toBe(true);
    await chooseFile(app, 'bundle-key-path', '/home/admin/secret-folder/site.key');
    expect(fileDialog.opened.at(-1)).toEqual({
      title: 'Private key file',
      filters: [{ name: 'Private key file', extensions: ['pem', 'key'] }],
    });
    expect(await page.content()).not.toContain('secret-folder');
    // Cancelled: the dialog answers nothing, and the chosen file stays.
    await page.getByTestId('bundle-key-path-choose').click();
    await expect.poll(() => fileDialog.opened.length).toBe(2);
    expect(await page.getByTestId('bundle-key-path').textContent()).toBe('site.key');
  });

  test('takes files dropped on the file inputs, by their names, and the engine reads them', async ({ launchApp }) => {
    const { page, dropFolder } = await launchApp();
    writeFileSync(join(dropFolder, 'dropped.crt'), 'not a certificate');
    writeFileSync(join(dropFolder, 'dropped.key'), 'not a key');
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('cert-tab-push').click();
    await page.getByTestId('flow-step-bundle').click();
    await dropFile(page, 'bundle-cert-path', 'dropped.crt');
    await dropFile(page, 'bundle-key-path', 'dropped.key');
    await expect.poll(() => page.getByTestId('bundle-key-path').textContent()).toBe('dropped.key');
    expect(await page.getByTestId('bundle-cert-path').textContent()).toBe('dropped.crt');
    expect(await page.content()).not.toContain(dropFolder);
    // The engine read the dropped certificate file through its token: what it says is about the content.
    await page.getByTestId('bundle-load').click();
    await expect.poll(() => page.getByText('The certificate file holds no PEM certificate.').count()).toBe(1);
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
