import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { WORKFLOWS } from '../../shared/cloud-connect-guide.ts';
import { createTestPki, publicLeaf, scenarioCatalog, type TestPki } from '../support/diagnostics-fixtures.ts';
import { receiverPki, startSlackReceiver, type SlackReceiver } from '../support/notification-receivers.ts';
import { describeWithPart } from '../support/real-parts.ts';
import { createRootCa } from '../support/test-pki.ts';
import { closedPort, startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';
import { test as appTest, type App, type AppOptions } from './app-fixture.ts';
import { LOOKS, shot } from './looks.ts';
import { browserParts } from './e2e-parts.ts';
import { chooseFile } from './file-steps.ts';
import { clippedBadges, sidewaysScroll } from './layout-checks.ts';

/**
 * A site from nothing to Connected, as an admin on site does it: add the
 * site, answer the two workflow questions (workflow 2), check the network
 * prerequisites (one required endpoint refuses, then comes back after the
 * "fix"), confirm the rest, tick the steps, and confirm Connected; then
 * watch it: a Slack channel added in the window hears when the endpoint
 * goes down again.
 */

const TRUST_HOST = 'trust.fieldkit.test';
const ADM_HOST = 'adm.fieldkit.test';

interface SitesLab {
  pki: TestPki;
  trust: LocalServer;
  /** Where the Console service endpoint listens once it is "fixed"; nothing listens there at first. */
  admPort: number;
  diagnostics: NonNullable<AppOptions['diagnostics']>;
}

/** Two required endpoints on loopback: one healthy, one refusing until the test brings it up. */
const test = appTest.extend<{ sitesLab: SitesLab }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
  sitesLab: async ({}, use) => {
    const pki = await createTestPki();
    const trust = await startHttpsOrigin(await publicLeaf(pki, [TRUST_HOST]));
    const admPort = await closedPort();
    try {
      await use({
        pki,
        trust,
        admPort,
        diagnostics: {
          catalog: scenarioCatalog([TRUST_HOST, ADM_HOST]),
          resolverOverrides: { [TRUST_HOST]: '127.0.0.1', [ADM_HOST]: '127.0.0.1' },
          portOverrides: { [TRUST_HOST]: trust.port, [ADM_HOST]: admPort },
          extraTrustAnchors: [pki.publicRoot.certPem],
        },
      });
    } finally {
      await trust.close();
    }
  },
});

async function addSite(page: Page, site: { name: string; ccid: string; build: string }): Promise<void> {
  await page.getByTestId('site-add').click();
  await page.getByTestId('site-name').fill(site.name);
  await page.getByTestId('site-ccid').fill(site.ccid);
  await page.getByTestId('site-console-build').fill(site.build);
  await page.getByTestId('site-save').click();
  await expect.poll(() => page.getByTestId('site-select').inputValue()).toBe(site.name);
}

async function checkPrerequisites(page: Page): Promise<void> {
  await page.getByTestId('prereq-check').click();
  await expect.poll(() => page.getByTestId('prereq-result').count(), { timeout: 15_000 }).toBe(1);
}

const met = (page: Page, id: string) => page.getByTestId(`prereq-${id}`).getAttribute('data-met');

/** Ticks a checkbox the engine saves: it shows ticked once the site is saved. */
async function tick(page: Page, testId: string): Promise<void> {
  const box = page.getByTestId(testId);
  await box.click();
  await expect.poll(() => box.isChecked()).toBe(true);
}

/** "Refresh Cloud Connect Status" on the Status tab, until the site's card shows this state. */
async function refreshStatus(page: Page, siteName: string, state: string): Promise<void> {
  await page.getByTestId('cc-tab-status').click();
  await page.getByTestId('cc-status-refresh').click();
  const card = page.locator(`[data-testid="cc-status-site"][data-site="${siteName}"]`);
  await expect.poll(() => card.getAttribute('data-state'), { timeout: 15_000 }).toBe(state);
}

/**
 * After Connected is confirmed, the status monitor and a Slack channel: the
 * first refresh finds every endpoint up (Connected), a Slack channel is added
 * and tested in the window, then the Console service endpoint goes down: the
 * refresh shows Error, Slack gets the problem in words that name the site and
 * the host, the event log has the transition and the outbox says it was sent.
 */
async function afterConnectedConfirmed(app: App, siteName: string, slack: SlackReceiver, endpointDown: () => Promise<void>): Promise<void> {
  const { page } = app;
  const site = await app.engine.sites.get(siteName);
  expect(site.onboarding.confirmedAt).toBeDefined();
  expect(site.actions.map((a) => a.kind)).toEqual(['connected']);
  await refreshStatus(page, siteName, 'connected');

  await page.getByTestId('cc-tab-notifications').click();
  expect(await page.getByTestId('notify-new-kind').inputValue()).toBe('Slack');
  await page.getByTestId('notify-add').click();
  await page.getByTestId('notify-name').fill('#netscaler-ops');
  await page.getByTestId('notify-secret').fill(slack.webhookUrl);
  await page.getByTestId('notify-save').click();
  await expect.poll(() => page.getByTestId('notify-channel-row').count()).toBe(1);
  await page.getByTestId('notify-test').click();
  await expect.poll(() => page.getByTestId('notify-test-result').textContent()).toBe('Test sentSlack accepted the message.');
  expect(slack.messages.map((m) => m.text)).toEqual([expect.stringContaining('#netscaler-ops')]);
  // The webhook URL is the secret: the window shows that one is saved, never the URL.
  expect(await page.content()).not.toContain(slack.webhookUrl);
  await shot(page, 'walk-slack-test');

  await endpointDown();
  await refreshStatus(page, siteName, 'error');
  await expect.poll(() => slack.messages.length).toBe(2);
  const problem = slack.messages[1]!;
  expect(problem.text).toContain(siteName);
  expect(JSON.stringify(problem.blocks)).toContain(`Not reachable: ${ADM_HOST} (Required service URL not reachable`);
  const newest = page.getByTestId('cc-event').first();
  expect(await newest.textContent()).toMatch(new RegExp(`${siteName}Connected→Error`));
  await shot(page, 'walk-status-error');

  await page.getByTestId('cc-tab-notifications').click();
  const newestSent = page.getByTestId('notify-outbox-row').first();
  // The outbox reads itself again every 15 s: the notification may still have been on its way when the tab opened.
  await expect.poll(() => newestSent.getAttribute('data-status'), { timeout: 20_000 }).toBe('sent');
  expect(await newestSent.textContent()).toMatch(new RegExp(`^Sent#netscaler-ops${siteName} went to Error`));
  await shot(page, 'walk-notifications');
}

describeWithPart('Chromium and the built renderer', browserParts(), 'Cloud Connect sites and the guided onboarding', () => {
  test(
    'walks workflow 2 from a new site to Connected, then hears on Slack when it breaks: a failing prerequisite check, the fix, the steps, the status',
    { timeout: 90_000 },
    async ({ launchApp, sitesLab }) => {
      const { caPem } = await receiverPki();
      const slack = await startSlackReceiver();
      onTestFinished(() => slack.close());
      const app = await launchApp({
        diagnostics: sitesLab.diagnostics,
        notifications: { deliver: true, overrides: { connection: { extraTrustAnchors: [caPem], includeSystemTrust: false } } },
      });
      const { page } = app;
      await page.getByTestId('cc-tab-onboarding').click();
      expect(await page.getByTestId('no-site').count()).toBe(1);
      await shot(page, 'walk-no-site');

      await addSite(page, { name: 'Berlin DC', ccid: 'acme01', build: '14.1-66.12' });
      expect(await page.getByTestId('onboarding-state').textContent()).toContain('Onboarding not started');

      await page.getByTestId('workflow-account-yes').check();
      await page.getByTestId('workflow-tenant-no').check();
      await expect.poll(() => page.getByTestId('workflow-chosen').textContent()).toContain('Workflow 2');

      // The Console service endpoint refuses: the check says so in Console's words, and the network prerequisites stay unmet.
      await checkPrerequisites(page);
      expect(await met(page, 'endpoints-reachable')).toBe('false');
      const failure = (await page.getByTestId('prereq-failure').allTextContents()).join('\n');
      expect(failure).toContain(`${ADM_HOST}: Required service URL not reachable.`);
      await shot(page, 'walk-prerequisites-failing');

      // The firewall is fixed: the endpoint answers where it refused, and the same check ticks the prerequisites.
      const adm = await startHttpsOrigin({ ...(await publicLeaf(sitesLab.pki, [ADM_HOST])), port: sitesLab.admPort });
      onTestFinished(() => adm.close());
      await checkPrerequisites(page);
      await expect.poll(() => met(page, 'endpoints-reachable')).toBe('true');
      await expect.poll(() => met(page, 'port-443-out')).toBe('true');
      expect(await page.getByTestId('prereq-failure').count()).toBe(0);
      for (const id of ['laptop-internet', 'popup-blocker', 'service-account', 'cloud-account']) await tick(page, `prereq-${id}`);
      await expect.poll(() => page.getByTestId('prerequisites-count').textContent()).toBe('6 of 6 met');

      // Half-way through, the window is reloaded: the progress was saved on the site and the onboarding resumes.
      const steps = WORKFLOWS.find((w) => w.id === 2)!.steps;
      for (const s of steps.slice(0, 3)) await tick(page, `step-${s.id}`);
      await page.reload();
      await page.getByTestId('cc-tab-onboarding').click();
      await expect.poll(() => page.getByTestId(`step-${steps[2]!.id}`).isChecked()).toBe(true);
      expect(await page.getByTestId('workflow-chosen').textContent()).toContain('Workflow 2');
      expect(await page.getByTestId('confirm-connected-go').isDisabled()).toBe(true);

      for (const s of steps.slice(3)) await tick(page, `step-${s.id}`);
      await page.getByTestId('confirm-connected-go').click();
      await expect.poll(() => page.getByTestId('onboarding-state').textContent()).toContain('Login Successful');
      await shot(page, 'walk-connected');
      await afterConnectedConfirmed(app, 'Berlin DC', slack, () => adm.close());
    },
  );

  test('Check connectivity now on a Government site opens Diagnostics set to Government with its CCID', async ({ launchApp, sitesLab }) => {
    const app = await launchApp({ diagnostics: sitesLab.diagnostics });
    // The lab's catalog has no tenant-specific Government service URL, so the site gives none (a site's URL is checked against it).
    await app.invoke('siteSave', { name: 'Fort Meade', region: 'gov', ccid: 'gov042' });
    const { page } = app;
    // Diagnostics opened first and changed by hand: the button still starts from the site.
    await page.getByTestId('nav-diagnostics').click();
    await page.getByTestId('ccid').fill('typed1');
    await page.getByTestId('nav-cloud-connect').click();
    await page.getByTestId('cc-check').click();
    await expect.poll(() => page.getByTestId('region').locator('input:checked').getAttribute('value')).toBe('gov');
    expect(await page.getByTestId('ccid').inputValue()).toBe('gov042');
    expect(await page.getByTestId('diagnostics-site').textContent()).toContain('Fort Meade');

    // A value typed for one check stays while the onboarding goes on: ticking a step changes nothing a check takes.
    await page.getByTestId('ccid').fill('typed2');
    await page.getByTestId('nav-cloud-connect').click();
    await page.getByTestId('cc-tab-onboarding').click();
    await tick(page, 'prereq-popup-blocker');
    await page.getByTestId('nav-diagnostics').click();
    expect(await page.getByTestId('ccid').inputValue()).toBe('typed2');
  });

  for (const look of LOOKS) {
    // Full-page screenshots of a long page take a while on a shared machine.
    test(
      `shows a site's pages at ${look.name}: details, build features, the onboarding with its region and proxy steps`,
      { timeout: 60_000 },
      async ({ launchApp }) => {
        const app = await launchApp(look.options);
        await app.invoke('proxyProfileSave', {
          profile: { id: 'px-dc', name: 'DC proxy', type: 'explicit', host: 'proxy.dc.test', port: 80 },
        });
        const site = await app.invoke('siteSave', {
          name: 'Fort Meade',
          region: 'gov',
          ccid: 'gov042',
          consoleAddress: 'console.fm.test',
          consoleBuild: '14.1-56.20',
          proxyProfileId: 'px-dc',
          notes: 'Badge at the gate.\nRack 12.',
        });
        await app.invoke('siteChooseWorkflow', { siteId: site.id, workflow: 3 });
        await app.invoke('siteTick', { siteId: site.id, list: 'prerequisites', id: 'popup-blocker', done: true });
        await app.invoke('siteRecordAction', { siteId: site.id, kind: 'modify-proxy', note: 'New proxy after the firewall change' });
        const { page } = app;
        // Saved outside this window (as fieldkit site would): opening a tab reads the sites again.
        await page.getByTestId('cc-tab-reference').click();
        await page.getByTestId('cc-tab-onboarding').click();
        await expect.poll(() => page.getByTestId('workflow-chosen').textContent()).toContain('Workflow 3');
        expect(await page.getByTestId('prereq-popup-blocker').isChecked()).toBe(true);
        expect(await page.getByTestId('region-commands').textContent()).toBe('cd /mps/python/util/\npython consoleService.py --region gov');
        expect(await page.getByTestId('region-warning').textContent()).toContain('restarts the NetScaler Console processes');
        expect(await page.getByTestId('proxy-port').inputValue()).toBe('80');
        expect(await page.getByTestId('proxy-step').textContent()).toContain('Click to configure proxy server');
        // The proxy's CA from a file the user chose: its certificate goes into the profile's CA list.
        const caFile = join(app.dataFolder, 'corp-proxy-ca.pem');
        writeFileSync(caFile, (await createRootCa({ commonName: 'Corp Proxy CA' })).certPem);
        await chooseFile(app, 'proxy-ca-file', caFile);
        await expect.poll(() => page.getByTestId('proxy-ca').inputValue()).toContain('-----BEGIN CERTIFICATE-----');
        await shot(page, `${look.name}-onboarding`);

        await page.getByTestId('cc-tab-site').click();
        expect(await page.getByTestId('build-advice').textContent()).toContain('LAS-based licensing');
        expect(await page.getByTestId('build-advice').textContent()).not.toContain('Upgrade Advisory');
        await shot(page, `${look.name}-site`);
        await page.getByTestId('action-record-disconnect').click();
        await expect.poll(() => page.getByText('Every Cloud Connect feature stops').count()).toBe(1);
        await shot(page, `${look.name}-disconnect-confirm`);
        await page.getByTestId('action-disconnect-go').click();
        await expect.poll(() => page.getByTestId('site-disconnected').count()).toBe(1);
        expect((await app.engine.sites.get('Fort Meade')).actions.map((a) => a.kind)).toEqual(['modify-proxy', 'disconnect']);
        // Nothing left to modify in Console until the onboarding is done again.
        expect(await page.getByTestId('action-record-modify-tenant').isDisabled()).toBe(true);

        await page.getByTestId('site-edit').click();
        await expect.poll(() => page.getByTestId('site-name').inputValue()).toBe('Fort Meade');
        await shot(page, `${look.name}-site-editor`);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByTestId('site-name').count()).toBe(0);
      },
    );

    test(
      `shows every Cloud Connect tab at ${look.name} with a site in Error and a Slack channel, nothing cut or sideways`,
      { timeout: 60_000 },
      async ({ launchApp, sitesLab }) => {
        const { caPem } = await receiverPki();
        const slack = await startSlackReceiver();
        onTestFinished(() => slack.close());
        const app = await launchApp({
          ...look.options,
          diagnostics: sitesLab.diagnostics,
          notifications: { deliver: true, overrides: { connection: { extraTrustAnchors: [caPem], includeSystemTrust: false } } },
        });
        const site = await app.invoke('siteSave', {
          name: 'Berlin DC',
          region: 'commercial',
          ccid: 'acme01',
          consoleAddress: 'console.berlin.test',
          consoleBuild: '14.1-66.12',
        });
        await app.invoke('siteChooseWorkflow', { siteId: site.id, workflow: 2 });
        await app.invoke('siteRecordAction', { siteId: site.id, kind: 'connected' });
        await app.invoke('notifyChannelSave', {
          channel: { kind: 'slack', name: '#netscaler-ops', enabled: true, cloudConnectStatus: true },
          secret: slack.webhookUrl,
        });
        // Connected with every endpoint up, then Error once the Console service endpoint is gone: a problem for Slack.
        const adm = await startHttpsOrigin({ ...(await publicLeaf(sitesLab.pki, [ADM_HOST])), port: sitesLab.admPort });
        await app.invoke('cloudConnectRefresh', { taskId: randomUUID() });
        await adm.close();
        await app.invoke('cloudConnectRefresh', { taskId: randomUUID() });
        await expect.poll(() => slack.messages.length).toBe(1);

        const { page } = app;
        // All of that happened outside this window, which may have read the site half-way: it reads everything again.
        await page.reload();
        const ready: Record<string, () => Promise<unknown>> = {
          site: () => expect.poll(() => page.getByTestId('site-state').getAttribute('data-state')).toBe('error'),
          onboarding: () =>
            expect.poll(() => page.getByTestId('onboarding-state').textContent()).toContain('Cloud Connect is in Error now'),
          status: () => expect.poll(() => page.getByTestId('cc-event').count()).toBe(3),
          notifications: () =>
            expect.poll(() => page.getByTestId('notify-outbox-row').first().getAttribute('data-status'), { timeout: 20_000 }).toBe('sent'),
          reference: () => expect.poll(() => page.getByTestId('cc-workflow').count()).toBe(1),
        };
        for (const [tab, shown] of Object.entries(ready)) {
          await page.getByTestId(`cc-tab-${tab}`).click();
          await shown();
          expect(await sidewaysScroll(page), `${tab} scrolls sideways`).toBe(false);
          expect(await clippedBadges(page), `${tab} cuts a badge`).toEqual([]);
          await shot(page, `${look.name}-error-${tab}`);
        }
      },
    );
  }
});
