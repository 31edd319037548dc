import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIAGNOSTIC_CATALOG } from '../../shared/diagnostics-failures.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startBridge, type Bridge } from '../support/bridge-server.ts';
import { launchChromium } from '../support/browser.ts';
import { createTestPki, publicLeaf, scenarioCatalog } from '../support/diagnostics-fixtures.ts';
import { chromiumStatus, describeWithPart } from '../support/real-parts.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { closedPort, startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';

const built = existsSync(resolve('out/renderer/index.html'));
const parts = {
  available: chromiumStatus().available && built,
  reason: [chromiumStatus().reason, built ? undefined : 'renderer not built (npx electron-vite build)'].filter(Boolean).join('; '),
};

const OK_HOST = 'ok.fieldkit.test';
const REFUSED_HOST = 'refused.fieldkit.test';

/** The catalog's fix template as a pattern: the words are the catalog's, the {placeholders} are filled by the engine. */
function catalogPattern(template: string): RegExp {
  const escaped = template.split(/\{[a-zA-Z]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.+')}$`);
}

describeWithPart('Chromium and the built renderer', parts, 'Diagnostics page in a real browser against the real engine', () => {
  let te: TestEngine;
  let bridge: Bridge;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let origin: LocalServer;

  beforeAll(async () => {
    const pki = await createTestPki();
    origin = await startHttpsOrigin(await publicLeaf(pki, [OK_HOST]));
    const refusedPort = await closedPort();
    te = await startTestEngine({
      vault: new MemoryVault('test'),
      diagnosticsOverrides: {
        catalog: scenarioCatalog([OK_HOST, REFUSED_HOST]),
        resolverOverrides: { [OK_HOST]: '127.0.0.1', [REFUSED_HOST]: '127.0.0.1' },
        portOverrides: { [OK_HOST]: origin.port, [REFUSED_HOST]: refusedPort },
        extraTrustAnchors: [pki.publicRoot.certPem],
      },
    });
    bridge = await startBridge(te.dispatcher);
    const chromium = await launchChromium();
    closeBrowser = chromium.close;
    page = await chromium.browser.newPage();
    await page.goto(bridge.url);
    await page.getByTestId('nav-diagnostics').click();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await bridge?.close();
    te?.close();
    await origin?.close();
  });

  it('runs a check through the bridge and shows the failure with the catalog fix', async () => {
    await page.getByTestId('run').click();

    const ok = page.getByTestId(`row-${OK_HOST}`);
    const refused = page.getByTestId(`row-${REFUSED_HOST}`);
    await expect.poll(() => ok.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('reachable');
    await expect.poll(() => refused.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('not-reachable');
    expect(await ok.getByTestId('verdict').textContent()).toBe('Reachable');
    expect(await refused.getByTestId('verdict').textContent()).toBe('Not Reachable');

    await expect.poll(() => page.getByTestId('summary').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('not-met');
    expect(await page.getByTestId('summary').textContent()).toContain('Prerequisites not met');

    await refused.click();
    const detail = page.getByTestId('endpoint-detail');
    expect(await detail.getByTestId('failure').getAttribute('data-failure-code')).toBe('tcp_refused');
    const fix = (await detail.getByTestId('failure-fix').textContent()) ?? '';
    expect(fix).toMatch(catalogPattern(DIAGNOSTIC_CATALOG.tcp_refused.fix));
    expect(fix).toContain(REFUSED_HOST);
    expect(await detail.locator('[data-phase="tcp"]').getAttribute('data-status')).toBe('failed');
  });

  it("shows the healthy endpoint's phases and certificate chain, and keeps the run in history", async () => {
    await page.getByTestId(`row-${OK_HOST}`).click();
    const detail = page.getByTestId('endpoint-detail');
    await expect.poll(() => detail.locator('h4').textContent()).toBe(OK_HOST);
    expect(await detail.getByTestId('failure').count()).toBe(0);
    expect(
      await detail
        .locator('[data-phase]')
        .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-phase')}:${e.getAttribute('data-status')}`)),
    ).toEqual(['dns:ok', 'tcp:ok', 'tls:ok', 'http:ok']);
    expect(await detail.getByTestId('cert-chain').textContent()).toContain(`CN=${OK_HOST}`);
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);

    const order = () =>
      page.locator('[data-testid="results-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    await page.getByTestId('sort-verdict').click();
    expect(await order()).toEqual(['not-reachable', 'reachable']);
    await page.getByTestId('sort-verdict').click();
    expect(await order()).toEqual(['reachable', 'not-reachable']);
  });

  it('saves a proxy profile with its password in the keychain only, and tests the proxy', async () => {
    const deadProxyPort = await closedPort();
    await page.getByTestId('proxy-new').click();
    await page.getByTestId('proxy-name').fill('Lab proxy');
    await page.getByTestId('proxy-host').fill('127.0.0.1');
    await page.getByTestId('proxy-port').fill(String(deadProxyPort));
    await page.getByTestId('proxy-username').fill('alice');
    await page.getByTestId('proxy-password').fill('pr0xy-e2e-secret');
    await page.getByTestId('proxy-save').click();
    await expect.poll(() => page.getByTestId('proxy-password-state').textContent()).toMatch(/password saved/i);
    expect(await page.getByTestId('proxy-password').inputValue()).toBe('');
    expect(await page.content()).not.toContain('pr0xy-e2e-secret');
    const saved = (await te.engine.profiles.proxies.list()).map((s) => s.profile).find((p) => p.name === 'Lab proxy');
    expect(saved).toMatchObject({ type: 'explicit', host: '127.0.0.1', port: deadProxyPort, username: 'alice' });
    expect(JSON.stringify(saved)).not.toContain('pr0xy-e2e-secret');
    expect(await te.engine.secrets.reveal({ kind: 'proxy-password', profileId: saved!.id })).toBe('pr0xy-e2e-secret');

    await page.getByTestId('proxy-test').click();
    const result = page.getByTestId('proxy-test-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain(DIAGNOSTIC_CATALOG.proxy_unreachable.title);
  });

  it('exports the run as JSON that names both endpoints', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const exported = JSON.parse(readFileSync(path, 'utf8')) as { results?: Array<{ host: string; verdict: string }> };
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    expect(JSON.stringify(exported)).toContain(REFUSED_HOST);
  });
});
