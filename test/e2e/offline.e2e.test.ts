import { expect } from 'vitest';
import { WORKS_OFFLINE } from '../../shared/network-actions.ts';
import { cutNetwork } from '../support/no-network.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { test } from './app-fixture.ts';
import { browserParts } from './e2e-parts.ts';

/**
 * The window with no network: it loads only its own files, marks what needs the network beside the button, keeps
 * working with what is stored, and says so when a network action fails. The engine behind the window runs in this
 * process, where every name lookup fails as with no DNS server in reach.
 */
describeWithPart('Chromium and the built renderer', browserParts(), 'Offline', () => {
  test('loads only its own files, marks Fetch and Check Connectivity, exports the baseline and explains the failures', async ({
    launchApp,
  }) => {
    const { page } = await launchApp();
    const network = cutNetwork();
    try {
      const origin = new URL(page.url()).origin;
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).origin !== origin && !request.url().startsWith('data:')) elsewhere.push(request.url());
      });
      await page.reload();

      await page.getByTestId('nav-allowlist').click();
      await expect.poll(() => page.getByTestId('allowlist-version-row').count()).toBe(1);
      const mark = page.getByTestId('needs-network-allowlistFetch');
      expect(await mark.textContent()).toBe("Needs the customer's network");
      await mark.hover();
      await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('reaches the Citrix Cloud Connectivity AllowList API');

      // The stored baseline exports with no network.
      await page.getByTestId('allowlist-export-kind').click();
      await page.getByRole('option', { name: 'FQDN list' }).click();
      await expect.poll(() => page.getByTestId('allowlist-export-preview').textContent()).toContain('trust.citrixnetworkapi.net\n');

      await page.getByTestId('allowlist-customer-id').fill('acme42');
      await page.getByTestId('allowlist-fetch').click();
      const alert = page.getByRole('alert').filter({ hasText: 'The allowlist could not be fetched' });
      await expect.poll(() => alert.getByTestId('error-hint').textContent()).toMatch(/^The network is unreachable from here/);
      expect(await alert.getByTestId('error-hint').textContent()).toContain(WORKS_OFFLINE);

      await page.getByTestId('nav-diagnostics').click();
      await expect.poll(() => page.locator('[data-testid="needs-network-checkConnectivity"]:visible').count()).toBeGreaterThan(0);
      await page.getByTestId('run').click();
      await expect
        .poll(() => page.getByTestId('summary-headline').textContent(), { timeout: 30_000 })
        .toContain('the network is unreachable from here');
      expect(await page.getByTestId('next-steps').textContent()).toContain('No network from here');

      expect(elsewhere).toEqual([]);
    } finally {
      network.restore();
    }
  });
});
