import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../electron/services/ipc/dispatch.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { ALLOWLIST_PREVIEW_LINES } from '../../shared/ipc-contract.ts';
import type { TaskProgress } from '../../shared/schemas/tasks.ts';
import { startAllowlistFake, type AllowlistFake } from '../support/allowlist-api-fake.ts';
import { FileDialogStandIn } from '../support/file-dialog-stand-in.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

/**
 * The allowlist channels as the window calls them: a fetch whose rate-limit
 * wait comes as taskProgress, a preview cut to its first lines, and a save
 * written where the save dialog said, the window told the file name only.
 */

let fake: AllowlistFake;
let te: TestEngine;
let dir: string;
const dialog = new FileDialogStandIn();
const events: TaskProgress[] = [];
const ctx: HandlerContext = { emit: (e, payload) => void (e === 'taskProgress' && events.push(payload as TaskProgress)) };

beforeAll(async () => {
  const root = await createRootCa({ commonName: 'Fieldkit Test Public Root' });
  const leaf = await issueCertificate(root, { commonName: 'api.cloud.com', altNames: ['api.cloud.com', '127.0.0.1'] });
  fake = await startAllowlistFake({ chainPem: leaf.certPem, keyPem: leaf.keyPem, limit: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'fk-ipc-allowlist-'));
  te = await startTestEngine({
    shell: dialog,
    vault: new MemoryVault('ipc-allowlist'),
    allowlistOverrides: {
      connection: { extraTrustAnchors: [root.certPem], includeSystemTrust: false, env: {} },
      fetch: { maxRateLimitWaitMs: 5_000, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) },
    },
  });
});

afterAll(async () => {
  te?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await te.dispatcher.dispatch(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

describe('allowlist channels', () => {
  it('fetch stores a version, reports a 429 wait as progress, and makes it the one in use', async () => {
    fake.failNext(429, '', { 'Retry-After': '1' });
    const r = await ok<{ version: { id: number; source: string } }>('allowlistFetch', {
      taskId: 'task-al-0001',
      query: { customerId: 'acme42', format: 'json' },
      baseUrl: fake.baseUrl,
    });
    expect(r.version.source).toBe('api');
    expect(events).toContainEqual(
      expect.objectContaining({ taskId: 'task-al-0001', kind: 'allowlist', event: expect.objectContaining({ reason: 'server-429' }) }),
    );
    const v = await ok<{ current: { version: { id: number } } }>('allowlistVersions', undefined);
    expect(v.current.version.id).toBe(r.version.id);
    const doc = await ok<{ services: Array<{ name: string }> }>('allowlistDocument', {});
    expect(doc.services.map((s) => s.name)).toContain('Gateway Service');
  });

  it('a Gov fetch without a base URL says Citrix documents none, before any request', async () => {
    const before = fake.requests.length;
    const r = await te.dispatcher.dispatch('allowlistFetch', { taskId: 'task-al-0002', query: { format: 'zscaler' }, region: 'gov' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'ALLOWLIST_NO_BASE_URL' } });
    expect(fake.requests.length).toBe(before);
  });

  it('previews the first lines of an export and says how many there are', async () => {
    const p = await ok<{ content: string; totalLines: number; truncated: boolean; fileName: string }>('allowlistExportPreview', {
      kind: 'fqdn',
      customerId: 'acme42',
    });
    expect(p.content).toContain('acme42.xendesktop.net');
    expect(p.truncated).toBe(p.totalLines > ALLOWLIST_PREVIEW_LINES);
    const csv = await ok<{ content: string; totalLines: number; truncated: boolean }>('allowlistExportPreview', { kind: 'csv' });
    const whole = te.engine.allowlist.export({ kind: 'csv' }).content;
    expect(csv.totalLines).toBe(whole.trimEnd().split('\n').length);
    expect(csv.content.trimEnd().split('\n').length).toBe(Math.min(csv.totalLines, ALLOWLIST_PREVIEW_LINES));
  });

  it('saves the whole export where the save dialog says, and nothing when it is cancelled', async () => {
    const target = join(dir, 'proxy.pac');
    dialog.saveFileNext(target);
    const saved = await ok<{ saved: boolean; fileName: string }>('allowlistExportSave', {
      kind: 'pac',
      pacProxy: { host: 'proxy.example.test', port: 8080 },
      customerId: 'acme42',
    });
    expect(saved).toEqual({ saved: true, fileName: 'proxy.pac' });
    expect(dialog.savesOffered.at(-1)?.defaultName).toMatch(/\.pac$/);
    expect(readFileSync(target, 'utf8')).toBe(
      te.engine.allowlist.export({ kind: 'pac', proxy: { host: 'proxy.example.test', port: 8080 }, customerId: 'acme42' }).content,
    );
    expect(await ok('allowlistExportSave', { kind: 'csv' })).toEqual({ saved: false });
  });
});
