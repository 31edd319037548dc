import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { Result } from '../../shared/ipc-contract.ts';
import type { GrantedFile } from '../../shared/schemas/files.ts';
import { FileDialogStandIn } from '../support/file-dialog-stand-in.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/** Files through the channels, as the window sees them: chosen in the dialog, handed back as tokens, never as paths. */

let te: TestEngine;
let dialog: FileDialogStandIn;
let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'fieldkit-ipc-files-'));
  dialog = new FileDialogStandIn();
  te = await startTestEngine({ vault: new MemoryVault('Session-only vault for this test.'), shell: dialog });
});
afterAll(() => {
  te.close();
  rmSync(folder, { recursive: true, force: true });
});

function send(channel: string, input: unknown): Promise<Result<unknown>> {
  return te.dispatcher.dispatch(channel, input, { emit: () => undefined });
}

async function choose(path: string): Promise<GrantedFile> {
  dialog.chooseNext(path);
  const r = await send('openFileDialog', { title: 'Certificate file' });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { file: GrantedFile }).file;
}

describe('files the window hands to the engine', () => {
  it('gets a token and the name from the dialog, never the path; a cancelled dialog gives nothing', async () => {
    const file = await choose(join(folder, 'site.pem'));
    expect(file).toEqual({ token: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'site.pem' });
    expect(await send('openFileDialog', { title: 'Certificate file' })).toEqual({ ok: true, value: {} });
  });

  it('refuses any path the page names, whatever the file', async () => {
    for (const files of [
      { certPath: '/etc/hostname', keyPath: '/etc/hostname' },
      { cert: { path: '/etc/hostname' }, key: { path: '/etc/hostname' } },
      { pfx: { token: '/etc/hostname' } },
    ]) {
      expect(await send('bundleLoad', { files })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const run = await send('diagnosticsRun', { taskId: 'task-files-1', region: 'commercial', caFiles: ['/etc/hostname'] });
    expect(run).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('reads a chosen file through its token, and names it by its name only', async () => {
    writeFileSync(join(folder, 'not-a-cert.pem'), 'hello');
    writeFileSync(join(folder, 'not-a-key.pem'), 'hello');
    const cert = await choose(join(folder, 'not-a-cert.pem'));
    const key = await choose(join(folder, 'not-a-key.pem'));
    const r = await send('bundleLoad', { files: { cert: { token: cert.token }, key: { token: key.token } } });
    expect(r).toMatchObject({ ok: false, error: { code: 'BUNDLE_NOT_PEM' } });
    const gone = await choose(join(folder, 'missing.pfx'));
    const missing = await send('bundleLoad', { files: { pfx: { token: gone.token } } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'BUNDLE_FILE_UNREADABLE', field: 'pfx' } });
    expect(JSON.stringify(missing)).not.toContain(folder);
  });

  it('refuses a device at once, and a token it never gave', async () => {
    const zero = await choose('/dev/zero');
    const r = await send('bundleLoad', { files: { pfx: { token: zero.token } } });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'BUNDLE_FILE_UNREADABLE',
        message: 'The PFX file zero could not be read: it is not a regular file (a device, a pipe or a socket).',
      },
    });
    const unknown = await send('bundleLoad', { files: { pfx: { token: 'f'.repeat(32) } } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'FILE_NOT_GRANTED', field: 'pfx' } });
  });
});
