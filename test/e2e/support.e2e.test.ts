import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeWithPart } from '../support/real-parts.ts';
import { unzipFile } from '../support/unzip-file.ts';
import { test } from './app-fixture.ts';
import { browserParts } from './e2e-parts.ts';

const PROXY_PASSWORD = 'E2e-Supp0rt-Proxy!';
const OLD_AUTHORIZATION = 'RTJFT2xkTG9nZ2VkQXV0aDE=';
/** A log line an older Fieldkit wrote before logs were scrubbed: only the bundle's redaction pass stands between it and the zip. */
const OLD_LOG = `${JSON.stringify({ time: '2026-01-01T00:00:00Z', level: 'debug', area: 'nitro', message: `Authorization: Basic ${OLD_AUTHORIZATION}` })}\n`;

describeWithPart('Chromium and the built renderer', browserParts(), 'The Support page in a real browser against the real engine', () => {
  test('shows what goes in, saves the bundle where the user says, and says what was removed', async ({ launchApp }) => {
    const { page, engine, fileDialog, invoke } = await launchApp({ files: { 'logs/app.1.jsonl': OLD_LOG } });
    await invoke('proxyProfileSave', {
      profile: { id: 'office', type: 'explicit', host: '127.0.0.1', port: 1, username: 'alice' },
      password: PROXY_PASSWORD,
    });
    const saveDir = mkdtempSync(join(tmpdir(), 'fk-e2e-support-'));
    try {
      await page.getByTestId('nav-support').click();
      const sections = page.getByTestId('support-sections');
      await expect.poll(() => sections.textContent()).toContain('logs/app.1.jsonl');
      const oldLog = page.getByTestId('support-file').filter({ hasText: 'logs/app.1.jsonl' });
      expect(await oldLog.getByTestId('support-file-redactions').textContent()).toBe('1 Authorization headers');
      expect(await sections.textContent()).toContain('settings/profiles.json');
      expect(await page.getByTestId('support-section-cloud-connect-events').textContent()).toContain(
        'No Cloud Connect status event has been recorded yet',
      );
      expect(await page.content()).not.toContain(OLD_AUTHORIZATION);

      const target = join(saveDir, 'ticket-4711.zip');
      fileDialog.saveFileNext(target);
      await page.getByTestId('support-create').click();
      await expect
        .poll(() => page.getByTestId('support-saved').textContent())
        .toMatch(/^Saved ticket-4711\.zip.*Removed: 1 Authorization headers/);
      expect(fileDialog.savesOffered.at(-1)).toMatchObject({
        title: 'Save the support bundle',
        defaultName: expect.stringMatching(/^fieldkit-support-\d{8}-\d{6}\.zip$/),
      });
      const entries = await unzipFile(target);
      expect(entries.get('logs/app.1.jsonl')?.toString()).toContain('Authorization: Basic [redacted]');
      for (const [name, data] of entries) {
        expect([name, data.toString('utf8').includes(OLD_AUTHORIZATION) || data.toString('utf8').includes(PROXY_PASSWORD)]).toEqual([
          name,
          false,
        ]);
      }

      // A cancelled dialog writes nothing and says nothing.
      await page.getByTestId('support-create').click();
      await expect.poll(() => page.getByTestId('support-saved').count()).toBe(0);

      await page.getByText('In detail (this session)').click();
      await expect.poll(() => engine.support.logLevel().level).toBe('debug');
    } finally {
      rmSync(saveDir, { recursive: true, force: true });
    }
  });
});
