import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/cli-context.ts';
import { registerCertCommand } from '../../electron/cli/commands/cert.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { SyncRun } from '../../shared/schemas/syncs.ts';
import { simulatorHarness } from '../support/cert-push-fixtures.ts';
import { removeSourceFolders, saveApplianceFor, seedCas, sourceFolder } from '../support/sync-fixtures.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/** `fieldkit cert sync`, run in-process as the CLI entry runs it: exit 0 pushed or unchanged (a deploy hook), 1 failed, 2 bad input. */

function run(argv: string[], te: TestEngine, env: NodeJS.ProcessEnv = {}, interrupt?: AbortSignal, out?: string[]) {
  return runCli(registerCertCommand, argv, env, te, { ...(interrupt ? { interrupt } : {}), ...(out ? { out } : {}) });
}

const { world: w, sim } = simulatorHarness();
let te: TestEngine | undefined;
afterEach(() => {
  te?.close();
  te = undefined;
  removeSourceFolders();
});

describe('fieldkit cert sync', () => {
  it('add, list, show, run as a deploy hook (pushed, then unchanged), remove', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCas(s, w);
    const applianceId = await saveApplianceFor(te.engine, s);
    const src = sourceFolder(w, w.leaf);

    const add = await run(
      [
        'cert',
        'sync',
        'add',
        'web',
        '--cert',
        src.cert,
        '--key',
        src.key,
        '--chain',
        src.chain,
        '--appliance',
        applianceId,
        '--vserver',
        'vs1',
        '--remove-expired',
      ],
      te,
      { FIELDKIT_PFX_PASSPHRASE: 'not-needed-but-kept' },
    );
    expect(add).toMatchObject({ code: 0 });
    expect(add.out.join('\n')).toMatch(/Saved sync web/);

    const list = await run(['cert', 'sync', 'list'], te);
    expect(list.out.join('\n')).toMatch(/^web: cert\.pem \+ privkey\.pem \+ chain\.pem → .*never run/);

    const first = await run(['cert', 'sync', 'run', 'web', '--json'], te);
    expect(first.code).toBe(0);
    expect(SyncRun.parse(JSON.parse(first.out.join('')))).toMatchObject({ outcome: 'succeeded', serialHex: w.leaf.serialHex });
    const again = await run(['cert', 'sync', 'run', 'web'], te);
    expect(again.code).toBe(0);
    expect(again.out.join('\n')).toMatch(/^web: unchanged, certificate /);

    const show = await run(['cert', 'sync', 'show', 'web'], te);
    expect(show.out.join('\n')).toContain(`cert:  ${src.cert}`);
    expect(show.out.join('\n')).toMatch(/preserve: yes; remove expired: yes/);
    expect(show.out.join('\n')).not.toContain('not-needed-but-kept');

    // A change by name keeps what the flags leave out.
    expect((await run(['cert', 'sync', 'save', 'web', '--description', 'www via certbot'], te)).code).toBe(0);
    expect(await te.engine.syncs.definition({ sync: 'web' })).toMatchObject({ description: 'www via certbot', source: { cert: src.cert } });

    // The whole sync as JSON, as a configuration tool would write it.
    const json = join(src.dir, 'shop.json');
    writeFileSync(
      json,
      JSON.stringify({
        description: 'from JSON',
        source: { kind: 'pem', cert: src.cert, key: src.key },
        destinations: [{ applianceId }],
        vservers: [{ name: 'vs1', sni: true }],
        options: { preserve: false, removeExpired: true },
      }),
    );
    expect((await run(['cert', 'sync', 'add', 'shop', '--from-json', json], te)).code).toBe(0);
    expect(await te.engine.syncs.definition({ sync: 'shop' })).toMatchObject({
      name: 'shop',
      source: { kind: 'pem', cert: src.cert, key: src.key },
      vservers: [{ name: 'vs1', sni: true }],
      options: { preserve: false, removeExpired: true },
    });
    writeFileSync(json, '{"source": {"kind": "pem", "cert": 42}}');
    expect((await run(['cert', 'sync', 'add', 'bad', '--from-json', json], te)).code).toBe(EXIT.USAGE);

    expect((await run(['cert', 'sync', 'remove', 'web'], te)).code).toBe(0);
    expect((await run(['cert', 'sync', 'run', 'web'], te)).code).toBe(EXIT.USAGE);
  });

  it('exits 1 when the push fails, and 2 for a sync without files', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCas(s, w);
    const applianceId = await saveApplianceFor(te.engine, s);
    const src = sourceFolder(w, w.leaf);
    expect((await run(['cert', 'sync', 'add', 'web', '--appliance', applianceId], te)).code).toBe(EXIT.USAGE);
    const unknown = await run(['cert', 'sync', 'add', 'web', '--appliance', 'nosuch', '--cert', src.cert, '--key', src.key], te);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.err.join('\n')).toMatch(/No saved appliance nosuch: the sync was not saved/);
    expect(
      (
        await run(
          [
            'cert',
            'sync',
            'add',
            'web',
            '--cert',
            src.cert,
            '--key',
            src.key,
            '--chain',
            src.chain,
            '--appliance',
            applianceId,
            '--vserver',
            'nosuchvs',
          ],
          te,
        )
      ).code,
    ).toBe(0);
    const failed = await run(['cert', 'sync', 'run', 'web'], te);
    expect(failed.code).toBe(EXIT.FAILED);
    expect(failed.out.join('\n')).toMatch(/failed/);
  });

  it('watch prints its events until interrupted, pushing a renewal once', async () => {
    te = await startTestEngine({ vault: new MemoryVault('test') });
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCas(s, w);
    const applianceId = await saveApplianceFor(te.engine, s);
    const src = sourceFolder(w, w.leaf);
    await run(
      [
        'cert',
        'sync',
        'add',
        'web',
        '--cert',
        src.cert,
        '--key',
        src.key,
        '--chain',
        src.chain,
        '--appliance',
        applianceId,
        '--vserver',
        'vs1',
      ],
      te,
    );
    const stop = new AbortController();
    const out: string[] = [];
    const watching = run(['cert', 'sync', 'watch', 'web', '--settle', '100'], te, {}, stop.signal, out);
    const seen = (re: RegExp) => expect.poll(() => out.filter((l) => re.test(l)).length, { timeout: 8_000 });
    // Never pushed before: the first look pushes the current certificate.
    await seen(/\[web\] run-finished: succeeded/).toBe(1);
    src.replace(w.renewed);
    await seen(/\[web\] run-finished: succeeded/).toBe(2);
    stop.abort();
    const r = await watching;
    expect(r.code).toBe(0);
    expect(out.some((l) => /\[web\] stopped/.test(l))).toBe(true);
    expect(out.filter((l) => /run-started/.test(l))).toHaveLength(2);
  });
});
