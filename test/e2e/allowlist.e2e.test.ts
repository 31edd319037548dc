import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startAllowlistFake, type AllowlistFake } from '../support/allowlist-api-fake.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';
import { test as appTest } from './app-fixture.ts';
import { LOOKS, shot } from './looks.ts';
import { browserParts } from './e2e-parts.ts';

interface AllowlistFixtures {
  api: { fake: AllowlistFake; trust: string };
}

const test = appTest.extend<AllowlistFixtures>({
  api: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const root = await createRootCa({ commonName: 'Fieldkit Test Public Root' });
      const leaf = await issueCertificate(root, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', '127.0.0.1'] });
      const fake = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1000 });
      await use({ fake, trust: root.certPem });
      await fake.close();
    },
    { scope: 'file' },
  ],
});

describeWithPart('Chromium and the built renderer', browserParts(), 'Allowlist page', () => {
  for (const look of LOOKS) {
    test(`baseline at a first start, a fetch from the API, its services, an export preview and a save (${look.name})`, async ({
      launchApp,
      api,
    }) => {
      const saveDir = mkdtempSync(join(tmpdir(), 'fk-allowlist-e2e-'));
      try {
        const { page, fileDialog } = await launchApp({
          ...look.options,
          allowlist: { connection: { extraTrustAnchors: [api.trust], includeSystemTrust: false, env: {} } },
        });
        // The CCID typed for a check is the customer ID the allowlist asks for.
        await page.getByTestId('nav-diagnostics').click();
        await page.getByTestId('ccid').fill('acme42');
        await page.getByTestId('nav-allowlist').click();
        await expect.poll(() => page.getByTestId('allowlist-baseline-label').count()).toBe(1);
        expect(await page.getByTestId('allowlist-version-row').count()).toBe(1);
        await shot(page, `allowlist-baseline-${look.name}`);

        // Government: no documented address, so the fetch waits for a base URL.
        await page.getByTestId('allowlist-region').getByText('Government', { exact: false }).click();
        await expect.poll(() => page.getByTestId('allowlist-no-base-url').textContent()).toMatch(/documents no AllowList API address/);
        expect(await page.getByTestId('allowlist-fetch').isDisabled()).toBe(true);

        expect(await page.getByTestId('allowlist-customer-id').inputValue()).toBe('acme42');
        await page.getByTestId('allowlist-base-url').fill(api.fake.baseUrl);
        await page.getByTestId('allowlist-fetch').click();
        await expect.poll(() => page.getByTestId('allowlist-fetch-result').textContent()).toMatch(/^Stored as version #2/);
        expect(api.fake.requests.at(-1)!.query).toMatchObject({ customerId: 'acme42', format: 'json' });
        await expect.poll(() => page.getByTestId('allowlist-version-row').count()).toBe(2);
        expect(await page.getByTestId('allowlist-baseline-label').count()).toBe(0);
        // Right after, the answer is fresh by its Cache-Control: nothing is asked, unless the user insists (then a 304).
        const asked = api.fake.requests.length;
        await page.getByTestId('allowlist-fetch').click();
        await expect.poll(() => page.getByTestId('allowlist-fetch-result').textContent()).toMatch(/^Version #2 is still fresh/);
        expect(api.fake.requests.length).toBe(asked);
        await page.getByTestId('allowlist-fetch-force').click();
        await expect.poll(() => page.getByTestId('allowlist-fetch-result').textContent()).toMatch(/^Unchanged since version #2/);
        expect(api.fake.requests.at(-1)!.status).toBe(304);
        // "Check these endpoints": the Diagnostics page takes the version's outbound hosts for its next check, and says so.
        await page.getByTestId('allowlist-check-endpoints').click();
        await expect.poll(() => page.getByTestId('diagnostics-allowlist-source').textContent()).toMatch(/outbound hosts of allowlist/);
        await page.getByTestId('diagnostics-allowlist-clear').click();
        expect(await page.getByTestId('diagnostics-allowlist-source').count()).toBe(0);
        await page.getByTestId('nav-allowlist').click();

        const gateway = page.locator('[data-testid="allowlist-service-row"][data-service="Gateway Service"]');
        await expect.poll(() => gateway.count()).toBe(1);
        await gateway.getByRole('button').click();
        await expect.poll(() => page.getByTestId('allowlist-service-endpoints').textContent()).toContain('global-s.g.nssvc.net');

        await page.getByTestId('allowlist-export-kind').click();
        await page.getByRole('option', { name: 'FQDN list' }).click();
        const preview = page.getByTestId('allowlist-export-preview');
        await expect.poll(() => preview.getAttribute('data-stale')).toBe('false');
        // The FQDN list: one host a line, no CSV header, the customer ID in place of CUSTOMER_ID.
        await expect.poll(() => preview.textContent()).toMatch(/^\*\.cloud\.com\n/);
        expect(await preview.textContent()).toContain('acme42.xendesktop.net\n');
        expect(await preview.textContent()).not.toContain('CUSTOMER_ID');
        await shot(page, `allowlist-fetched-${look.name}`);

        // The compare: the baseline against the fetched version.
        await page.locator('[data-version-id="1"]').getByTestId('allowlist-compare-from').click();
        await page.locator('[data-version-id="2"]').getByTestId('allowlist-compare-to').click();
        await expect.poll(() => page.getByTestId('allowlist-diff').count()).toBe(1);
        await shot(page, `allowlist-diff-${look.name}`);

        const target = join(saveDir, 'citrix-cloud.txt');
        fileDialog.saveFileNext(target);
        await page.getByTestId('allowlist-export-save').click();
        await expect.poll(() => page.getByTestId('allowlist-export-saved').textContent()).toBe('Saved citrix-cloud.txt.');
        expect(readFileSync(target, 'utf8')).toBe(await preview.textContent());
        expect(fileDialog.savesOffered.at(-1)?.defaultName).toMatch(/\.txt$/);
      } finally {
        rmSync(saveDir, { recursive: true, force: true });
      }
    });
  }

  test('a fetch the API asks to slow down says how many seconds it waits, then stores the version', async ({ launchApp, api }) => {
    const { page } = await launchApp({ allowlist: { connection: { extraTrustAnchors: [api.trust], includeSystemTrust: false, env: {} } } });
    await page.getByTestId('nav-allowlist').click();
    await page.getByTestId('allowlist-format').getByText('Zscaler').click();
    await page.getByTestId('allowlist-base-url').fill(api.fake.baseUrl);
    api.fake.failNext(429, '', { 'Retry-After': '3' });
    await page.getByTestId('allowlist-fetch').click();
    await expect
      .poll(() => page.getByTestId('allowlist-progress').textContent())
      .toMatch(/The API asked to slow down: trying again in [1-3] s\./);
    await expect.poll(() => page.getByTestId('allowlist-fetch-result').textContent(), { timeout: 15_000 }).toMatch(/^Stored as version #2/);
    expect(api.fake.requests.at(-1)!.query).toMatchObject({ format: 'zscaler' });
  });
});
