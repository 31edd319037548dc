import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../electron/services/ipc/dispatch.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { allMigrations } from '../../electron/services/migrations.ts';
import { PLANTED, removePackFolders, seedSite, tempFolder } from '../support/site-pack-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { unzipFile } from '../support/unzip-file.ts';

/**
 * Site packs through the app's channels: the save dialog's stand-in picks the
 * file, imports take granted tokens. Passwords are planted in every kind of
 * secret; a pack without secrets holds none, a sealed one holds none in
 * clear, and no channel's answer or log line carries one.
 */

let a: TestEngine;
let b: TestEngine;
let dir: string;
let saves = 0;
const logs: string[] = [];
const answers: string[] = [];
const SIGNING_KEY = 'PlantedSigningKey-8Zq2';
const WEBHOOK = 'https://hooks.example.test/PlantedWebhook-3Xw';

async function ipc(
  te: TestEngine,
  channel: string,
  input: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const ctx: HandlerContext = { emit: () => undefined };
  const r = (await te.dispatcher.dispatch(channel, input, ctx)) as {
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string };
  };
  answers.push(JSON.stringify(r));
  return r;
}

/** Every planted secret, as is, in base64 and URL-encoded, and every line of the private key. */
function needles(keyPem: string): string[] {
  const values = [
    ...Object.entries(PLANTED)
      .filter(([k]) => k !== 'passphrase')
      .map(([, v]) => v),
    SIGNING_KEY,
    WEBHOOK,
  ];
  return [
    ...values.flatMap((v) => [v, Buffer.from(v).toString('base64'), encodeURIComponent(v)]),
    ...keyPem.split('\n').filter((l) => l.length >= 32 && !l.startsWith('-----')),
  ];
}

async function packText(path: string): Promise<string> {
  return [...(await unzipFile(path))].map(([name, data]) => `${name}\n${data.toString('latin1')}`).join('\n');
}

let keyPem = '';
beforeAll(async () => {
  dir = tempFolder();
  const shell = { chooseSaveFile: ({ defaultName }: { defaultName: string }) => Promise.resolve(join(dir, `${++saves}-${defaultName}`)) };
  a = await startTestEngine({ vault: new MemoryVault('ch-a'), migrations: allMigrations, shell, logSink: (l) => logs.push(l.msg) });
  b = await startTestEngine({ vault: new MemoryVault('ch-b'), migrations: allMigrations, logSink: (l) => logs.push(l.msg) });
  const seeded = await seedSite(a.engine);
  keyPem = seeded.keyPem;
  await a.engine.notifications.save({
    channel: {
      kind: 'webhook',
      name: 'Acme hook',
      enabled: true,
      cloudConnectStatus: true,
      signatureHeader: 'X-Sig',
      siteIds: [seeded.siteId],
    },
    secret: WEBHOOK,
    signingKey: SIGNING_KEY,
  });
});
afterAll(() => {
  a?.close();
  b?.close();
  removePackFolders();
});

describe('site packs in the app', () => {
  it('offers the saved items by name, and saves a pack without secrets that holds none', async () => {
    const choices = await ipc(a, 'packChoices', {});
    expect(choices.ok).toBe(true);
    const c = choices.value as {
      sites: Array<{ id: string; name: string }>;
      syncs: Array<{ id: string }>;
      channels: Array<{ id: string }>;
    };
    expect(c.sites.map((s) => s.name)).toEqual(['Acme Berlin']);
    const r = await ipc(a, 'packExportSave', {
      siteIds: [c.sites[0]!.id],
      syncIds: c.syncs.map((s) => s.id),
      channelIds: c.channels.map((ch) => ch.id),
      include: { privateKeys: false, secrets: false, allowlistVersions: false },
    });
    expect(r).toMatchObject({
      ok: true,
      value: { saved: true, result: { fileName: '1-acme-berlin-' + new Date().toISOString().slice(0, 10) + '.fieldkit' } },
    });
    const text = await packText(
      join(
        dir,
        readdirSync(dir).find((f) => f.startsWith('1-'))!,
      ),
    );
    expect(text).toContain('Acme hook');
    for (const n of needles(keyPem)) expect(text).not.toContain(n);
  });

  it('saves a sealed pack that holds every secret, none in clear; another machine opens it by token', async () => {
    const c = (await ipc(a, 'packChoices', {})).value as {
      sites: Array<{ id: string }>;
      syncs: Array<{ id: string }>;
      channels: Array<{ id: string }>;
    };
    const r = await ipc(a, 'packExportSave', {
      siteIds: [c.sites[0]!.id],
      syncIds: c.syncs.map((s) => s.id),
      channelIds: c.channels.map((ch) => ch.id),
      include: { privateKeys: true, secrets: true, allowlistVersions: false },
      passphrase: PLANTED.passphrase,
    });
    expect(r.ok).toBe(true);
    const path = join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('2-'))!,
    );
    const text = await packText(path);
    // The private key travels (opted in) as a file; every secret only sealed.
    expect(text).toContain('PRIVATE KEY');
    for (const n of needles('')) expect(text).not.toContain(n);
    expect(text).not.toContain(PLANTED.passphrase);

    const file = b.engine.grantFile(path);
    const wrong = await ipc(b, 'packPreviewImport', { file: { token: file.token }, passphrase: 'not the passphrase' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PACK_PASSPHRASE_WRONG' } });
    const inspect = await ipc(b, 'packInspect', { file: { token: file.token } });
    expect(inspect).toMatchObject({ ok: true, value: { secrets: 'sealed' } });
    const preview = await ipc(b, 'packPreviewImport', { file: { token: file.token }, passphrase: PLANTED.passphrase });
    expect(preview).toMatchObject({ ok: true, value: { secrets: 'opened' } });
    const done = await ipc(b, 'packImport', { file: { token: file.token }, passphrase: PLANTED.passphrase });
    expect(done).toMatchObject({ ok: true, value: { secretsSaved: 7 } });
    const hook = await b.engine.notifications.channel('Acme hook');
    expect(hook).toMatchObject({ secretSaved: true, signingKeySaved: true });
  });

  it('no channel answer, log line or data-folder file carries a secret', () => {
    const haystacks = [...answers, ...logs];
    for (const n of needles(keyPem)) for (const h of haystacks) expect(h).not.toContain(n);
    for (const h of haystacks) expect(h).not.toContain(PLANTED.passphrase);
    for (const te of [a, b]) {
      for (const rel of readdirSync(te.dataFolder, { recursive: true, encoding: 'utf8' })) {
        const p = join(te.dataFolder, rel);
        if (!statSync(p).isFile() || rel.endsWith('key.pem')) continue;
        const text = readFileSync(p).toString('latin1');
        for (const n of needles('')) expect(text, rel).not.toContain(n);
      }
    }
  });

  it('refuses a token it did not grant', async () => {
    const r = await ipc(b, 'packInspect', { file: { token: '0'.repeat(32) } });
    expect(r).toMatchObject({ ok: false, error: { code: 'FILE_NOT_GRANTED' } });
  });
});
