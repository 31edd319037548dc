import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { troubleshootingEntry } from '../../shared/cloud-connect-guide.ts';
import type { EndpointCatalog } from '../../shared/schemas/endpoint-catalog.ts';
import { CCID_IN_A_CHECK } from '../../shared/schemas/diagnostics.ts';
import { loadEndpointCatalog } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import { createTestPki, publicLeaf } from '../support/diagnostics-fixtures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { issueCertificate } from '../support/test-pki.ts';
import { closedPort, startHttpsOrigin } from '../support/tls-origins.ts';
import { test as appTest, type AppOptions } from './app-fixture.ts';
import { openDiagnostics, runCheck } from './diagnostics-steps.ts';
import { browserParts } from './e2e-parts.ts';
import { clippedBadges, sidewaysScroll } from './layout-checks.ts';

/** Set FIELDKIT_SHOTS_DIR to keep a screenshot of the page at each size and scheme (for looking at the layout); nothing is written otherwise. */
const SHOTS_DIR = process.env['FIELDKIT_SHOTS_DIR'];

const SHARED_HOST = 'ok.fieldkit.test';
const INSPECTED_HOST = 'inspected.fieldkit.test';
const SIGN_IN_HOST = 'sign-in.fieldkit.test';

/** A catalog like the real one where it matters: a wildcard and a name checked on one host, an intercepted host, a sign-in host. */
function secondPassCatalog(): EndpointCatalog {
  const base = loadEndpointCatalog();
  const entry = (
    id: string,
    group: EndpointCatalog['endpoints'][number]['group'],
    listed: string,
    probe: EndpointCatalog['endpoints'][number]['probe'],
  ) => ({
    id,
    region: 'commercial' as const,
    group,
    listed,
    probe,
    port: 443,
    required: true,
    why: `test scenario ${listed}`,
  });
  return {
    ...base,
    endpoints: [
      entry('ok-wildcard', 'console-service', '*.ok.fieldkit.test', { kind: 'representative', host: SHARED_HOST }),
      entry('ok', 'console-service', SHARED_HOST, { kind: 'exact', host: SHARED_HOST }),
      entry('inspected', 'trust-service', INSPECTED_HOST, { kind: 'exact', host: INSPECTED_HOST }),
      entry('sign-in', 'cloud-sign-in', SIGN_IN_HOST, { kind: 'exact', host: SIGN_IN_HOST }),
    ],
  };
}

const test = appTest.extend<{ lab: NonNullable<AppOptions['diagnostics']> }>({
  lab: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const pki = await createTestPki();
      const ok = await startHttpsOrigin(await publicLeaf(pki, [SHARED_HOST]));
      const zLeaf = await issueCertificate(pki.zscalerRoot, { commonName: INSPECTED_HOST, altNames: [INSPECTED_HOST] });
      const inspected = await startHttpsOrigin({ chainPem: zLeaf.certPem + pki.zscalerRoot.certPem, keyPem: zLeaf.keyPem });
      try {
        await use({
          catalog: secondPassCatalog(),
          resolverOverrides: { [SHARED_HOST]: '127.0.0.1', [INSPECTED_HOST]: '127.0.0.1', [SIGN_IN_HOST]: '127.0.0.1' },
          portOverrides: { [SHARED_HOST]: ok.port, [INSPECTED_HOST]: inspected.port, [SIGN_IN_HOST]: await closedPort() },
          extraTrustAnchors: [pki.publicRoot.certPem],
        });
      } finally {
        await ok.close();
        await inspected.close();
      }
    },
    { scope: 'file' },
  ],
});

const rowVerdict = (page: Page, host: string) => page.getByTestId(`row-${host}`).getAttribute('data-verdict');

describeWithPart('Chromium and the built renderer', browserParts(), 'Check Connectivity, second pass, in a real browser', () => {
  test('shows a host once for every listed name it stands for, and interception as a failed TLS phase with its troubleshooting', async ({
    launchApp,
    lab,
  }) => {
    const { page } = await launchApp({ diagnostics: lab });
    await openDiagnostics(page);
    await runCheck(page);

    expect(await page.locator('[data-testid="results-table"] tbody tr').count()).toBe(3);
    expect(await rowVerdict(page, SHARED_HOST)).toBe('reachable');
    expect(await page.getByTestId(`row-${SHARED_HOST}`).getByTestId('stands-for').textContent()).toBe(
      `stands for *.ok.fieldkit.test and ${SHARED_HOST}`,
    );
    expect(await page.getByTestId('summary-headline').textContent()).toContain(
      '2 of 3 required hosts are not reachable (they stand for 2 of the 4 listed names)',
    );

    await page.getByTestId(`row-${INSPECTED_HOST}`).click();
    const detail = page.getByTestId('endpoint-detail');
    expect(await detail.getByTestId('failure').getAttribute('data-failure-code')).toBe('tls_intercepted_untrusted');
    expect(await detail.locator('[data-phase="tls"]').getAttribute('data-status')).toBe('failed');
    expect(await detail.locator('[data-phase="http"]').getAttribute('data-unverified')).toBe('true');
    expect(await detail.getByTestId('console-wording').textContent()).toBe(
      'NetScaler Console shows this as “SSL certificate verification failed”.',
    );
    const linked = await detail
      .locator('[data-troubleshooting-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-troubleshooting-id')));
    expect(linked).toEqual(['ssl-certificate-verification-failed', 'las-grace-period']);
    expect(await detail.getByTestId('troubleshooting').textContent()).toContain(troubleshootingEntry('las-grace-period').fix);

    await page.getByTestId(`row-${SIGN_IN_HOST}`).click();
    expect(await detail.locator('[data-troubleshooting-id="popup-blocked"]').count()).toBe(1);
  });

  test('says what the CCID does, lists it in the history, says which run is shown when an old one is opened, and compares in words', async ({
    launchApp,
    lab,
  }) => {
    const { page } = await launchApp({ diagnostics: lab });
    await openDiagnostics(page);
    expect(await page.getByTestId('ccid-role').textContent()).toBe(CCID_IN_A_CHECK.long);
    await page.getByTestId('ccid').fill('acme01');
    await runCheck(page);
    await page.getByTestId('ccid').fill('');
    await runCheck(page);
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);
    expect(await page.getByTestId('history-site').allTextContents()).toEqual(['no CCID · no service URL', 'CCID acme01 · no service URL']);

    await page.getByTestId('history-row').nth(1).getByRole('button', { name: 'Open' }).click();
    const heading = page.getByTestId('run-heading');
    await expect.poll(() => heading.textContent()).toContain('opened from the history');
    expect(await heading.textContent()).toContain('CCID acme01');
    expect(await heading.textContent()).toContain('Commercial (US, EU, APAC)');
    expect(await page.getByTestId('history-row').nth(1).getAttribute('data-shown')).toBe('true');

    for (const row of await page.getByTestId('history-row').all()) await row.getByRole('checkbox').check();
    await page.getByTestId('compare').click();
    const comparison = page.getByTestId('comparison');
    await expect.poll(() => comparison.getByTestId('comparison-counts').textContent()).toBe('4 unchanged.');
    const text = (await comparison.textContent()) ?? '';
    expect(text).not.toMatch(/not-reachable|failure-changed|\b0 /);
    expect(text).toContain('Not Reachable: TLS intercepted by Zscaler');
    expect(text).toContain('No change');

    if (SHOTS_DIR) {
      mkdirSync(SHOTS_DIR, { recursive: true });
      await page.screenshot({ path: join(SHOTS_DIR, 'history-compare.png'), fullPage: true });
    }
  });

  test('at the smallest window (900 px), an opened run, a host detail and a comparison cut no badge and need no sideways scroll', async ({
    launchApp,
    lab,
  }) => {
    const { page } = await launchApp({ diagnostics: lab, viewport: { width: 900, height: 700 } });
    await openDiagnostics(page);
    await page.getByTestId('ccid').fill('acme01');
    await runCheck(page);
    await runCheck(page);
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);
    await page.getByTestId('history-row').nth(1).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByTestId('run-heading').textContent()).toContain('opened from the history');
    await page.getByTestId(`row-${INSPECTED_HOST}`).click();
    for (const row of await page.getByTestId('history-row').all()) await row.getByRole('checkbox').check();
    await page.getByTestId('compare').click();
    await page.getByTestId('comparison').waitFor();
    expect(await clippedBadges(page)).toEqual([]);
    expect(await sidewaysScroll(page)).toBe(false);
  });

  const looks: Array<{ name: string; options: Pick<AppOptions, 'viewport' | 'colorScheme'> }> = SHOTS_DIR
    ? [
        { name: '1280-light', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'light' } },
        { name: '1280-dark', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' } },
        { name: '900-light', options: { viewport: { width: 900, height: 800 }, colorScheme: 'light' } },
        { name: '900-dark', options: { viewport: { width: 900, height: 800 }, colorScheme: 'dark' } },
      ]
    : [];
  for (const look of looks) {
    test(`looks right at ${look.name}`, async ({ launchApp, lab }) => {
      const { page } = await launchApp({ diagnostics: lab, ...look.options });
      await openDiagnostics(page);
      await page.getByTestId('ccid').fill('acme01');
      await runCheck(page);
      await page.getByTestId(`row-${INSPECTED_HOST}`).click();
      await page.screenshot({ path: join(SHOTS_DIR!, `diagnostics-${look.name}.png`), fullPage: true });
      await runCheck(page);
      await page.getByTestId(`row-${SHARED_HOST}`).click();
      await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);
      await page.getByTestId('history-row').nth(1).getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.getByTestId('run-heading').textContent()).toContain('opened from the history');
      await page.screenshot({ path: join(SHOTS_DIR!, `diagnostics-${look.name}-opened.png`), fullPage: true });
    });
  }
});
