import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DIAGNOSTIC_CATALOG } from '../../shared/diagnostics-failures.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { closedPort } from '../support/tls-origins.ts';
import { OK_HOST, REFUSED_HOST, test } from './diagnostics-lab.ts';
import { browserParts } from './e2e-parts.ts';
import { openDiagnostics, runCheck, saveProxyProfile } from './diagnostics-steps.ts';
import { chooseFile } from './file-steps.ts';

/** The catalog's fix template as a pattern: the words are the catalog's, the {placeholders} are filled by the engine. */
function catalogPattern(template: string): RegExp {
  const escaped = template.split(/\{[a-zA-Z]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.+')}$`);
}

describeWithPart('Chromium and the built renderer', browserParts(), 'Diagnostics page in a real browser against the real engine', () => {
  test('runs a check through the bridge and shows the failure with the catalog fix', async ({ launchApp, lab }) => {
    const { page } = await launchApp({ diagnostics: lab });
    await openDiagnostics(page);
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

  test('adds a CA file chosen in the dialog to the check, and names it by its name when it holds no certificate', async ({
    launchApp,
    lab,
  }) => {
    const app = await launchApp({ diagnostics: lab });
    const { page, dataFolder } = app;
    writeFileSync(join(dataFolder, 'corp-root.pem'), 'not a certificate');
    await openDiagnostics(page);
    await page.getByTestId('ca-file-add').click();
    await chooseFile(app, 'ca-file-0', join(dataFolder, 'corp-root.pem'));
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByText(/The CA file corp-root\.pem holds no valid certificate/).count()).toBe(1);
    expect(await page.content()).not.toContain(dataFolder);
  });

  test("shows the healthy endpoint's phases and certificate chain, and keeps the run in history", async ({ launchApp, lab }) => {
    const { page } = await launchApp({ diagnostics: lab });
    await openDiagnostics(page);
    await runCheck(page);

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

  test('saves a proxy profile with its password in the keychain only, and tests the proxy', async ({ launchApp, lab }) => {
    const { page, engine } = await launchApp({ diagnostics: lab });
    await openDiagnostics(page);
    const deadProxyPort = await closedPort();
    await saveProxyProfile(page, {
      name: 'Lab proxy',
      host: '127.0.0.1',
      port: deadProxyPort,
      username: 'alice',
      password: 'pr0xy-e2e-secret',
    });
    expect(await page.getByTestId('proxy-password').inputValue()).toBe('');
    expect(await page.content()).not.toContain('pr0xy-e2e-secret');
    const saved = (await engine.profiles.proxies.list()).map((s) => s.profile).find((p) => p.name === 'Lab proxy');
    expect(saved).toMatchObject({ type: 'explicit', host: '127.0.0.1', port: deadProxyPort, username: 'alice' });
    expect(JSON.stringify(saved)).not.toContain('pr0xy-e2e-secret');
    expect(await engine.secrets.reveal({ kind: 'proxy-password', profileId: saved!.id })).toBe('pr0xy-e2e-secret');

    await page.getByTestId('proxy-test').click();
    const result = page.getByTestId('proxy-test-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain(DIAGNOSTIC_CATALOG.proxy_unreachable.title);
  });

  test('exports the run as JSON that names both endpoints', async ({ launchApp, lab }) => {
    const { page } = await launchApp({ diagnostics: lab });
    await openDiagnostics(page);
    await runCheck(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { results?: Array<{ host: string; verdict: string }> };
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    expect(JSON.stringify(exported)).toContain(OK_HOST);
    expect(JSON.stringify(exported)).toContain(REFUSED_HOST);
  });
});
