import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPackCommand } from '../../electron/cli/commands/pack.ts';
import { PackImportResult, PackInspection, PackPreview } from '../../shared/schemas/site-packs.ts';
import { runCli } from '../support/cli-runner.ts';
import { PLANTED, packEngine, removePackFolders, seedSite, tempFolder } from '../support/site-pack-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';

/** fieldkit pack export | inspect | import [--dry-run] [--on-conflict], between two data folders. */

let a: TestEngine;
let b: TestEngine;
let dir: string;
/** The keychain is the user's, shared by every data folder: b's and c's stand for two FIELDKIT_HOME folders. */
const keychain = new MemoryVault('one user keychain');
const env = { FIELDKIT_PACK_PASSPHRASE: PLANTED.passphrase };

beforeAll(async () => {
  a = await packEngine('cli-a');
  b = await packEngine('cli-b', { vault: keychain });
  await seedSite(a.engine);
  dir = tempFolder();
});
afterAll(() => {
  a?.close();
  b?.close();
  removePackFolders();
});

describe('fieldkit pack', () => {
  it('exports a site with its sync, secrets sealed, and says what the pack holds', async () => {
    const out = join(dir, 'acme.fieldkit');
    const r = await runCli(
      registerPackCommand,
      ['pack', 'export', '--site', 'Acme Berlin', '--sync', 'web', '--include-secrets', '--out', out],
      env,
      a,
    );
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/Sites: Acme Berlin[\s\S]*private keys not included[\s\S]*sealed with a passphrase/);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const out = join(dir, 'none.fieldkit');
    const noSite = await runCli(registerPackCommand, ['pack', 'export', '--out', out], env, a);
    expect(noSite.code).toBe(2);
    const noPass = await runCli(registerPackCommand, ['pack', 'export', '--site', 'Acme Berlin', '--include-secrets', '--out', out], {}, a);
    expect(noPass).toMatchObject({ code: 2, err: [expect.stringMatching(/FIELDKIT_PACK_PASSPHRASE/)] });
    const unknown = await runCli(registerPackCommand, ['pack', 'export', '--site', 'Nowhere', '--out', out], env, a);
    expect(unknown).toMatchObject({ code: 2, err: [expect.stringMatching(/no site "Nowhere"/)] });
    expect(existsSync(out)).toBe(false);
  });

  it('inspects a pack, with and without the passphrase', async () => {
    const file = join(dir, 'acme.fieldkit');
    const sealed = await runCli(registerPackCommand, ['pack', 'inspect', file], {}, b);
    expect(sealed.out.join('\n')).toMatch(/format 1[\s\S]*sealed; set FIELDKIT_PACK_PASSPHRASE/);
    const opened = await runCli(registerPackCommand, ['pack', 'inspect', file, '--json'], env, b);
    const inspection = PackInspection.parse(JSON.parse(opened.out.join('')));
    expect(inspection.secretKinds).toMatchObject({ 'proxy-password': 1, 'appliance-password': 2 });
    const wrong = await runCli(registerPackCommand, ['pack', 'inspect', file], { FIELDKIT_PACK_PASSPHRASE: 'not it at all' }, b);
    expect(wrong).toMatchObject({ code: 2, err: [expect.stringMatching(/passphrase does not open/)] });
    // Inspect imports nothing, so it does not say so.
    expect(wrong.err.join('\n')).not.toMatch(/imported/i);
  });

  it('refuses a missing file, a file that is not a pack and a cut-short pack as bad input (exit 2), in the words of a terminal', async () => {
    const missing = await runCli(registerPackCommand, ['pack', 'inspect', join(dir, 'nowhere.fieldkit')], {}, b);
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/Check the path of the \.fieldkit file/);
    expect(missing.err.join('\n')).not.toMatch(/Choose/);
    const notAPack = join(dir, 'hello.fieldkit');
    writeFileSync(notAPack, 'hello\n');
    const inspected = await runCli(registerPackCommand, ['pack', 'inspect', notAPack], {}, b);
    expect(inspected.code).toBe(2);
    expect(inspected.err.join('\n')).not.toMatch(/imported/i);
    const imported = await runCli(registerPackCommand, ['pack', 'import', notAPack], {}, b);
    expect(imported).toMatchObject({ code: 2, err: [expect.stringMatching(/Nothing was imported/)] });
  });

  it('does not overwrite an existing file on export unless --force', async () => {
    const out = join(dir, 'acme.fieldkit');
    const again = await runCli(registerPackCommand, ['pack', 'export', '--site', 'Acme Berlin', '--out', out], env, a);
    expect(again).toMatchObject({ code: 2, err: [expect.stringMatching(/exists already; nothing was written.*--force/)] });
    const plain = join(dir, 'plain.fieldkit');
    expect((await runCli(registerPackCommand, ['pack', 'export', '--site', 'Acme Berlin', '--out', plain], env, a)).code).toBe(0);
    const forced = await runCli(registerPackCommand, ['pack', 'export', '--site', 'Acme Berlin', '--out', plain, '--force'], env, a);
    expect(forced.code).toBe(0);
  });

  it('previews with --dry-run and writes nothing, then imports; a second import wants a resolution for a changed item', async () => {
    const file = join(dir, 'acme.fieldkit');
    const dry = await runCli(registerPackCommand, ['pack', 'import', file, '--dry-run'], env, b);
    expect(dry.code).toBe(0);
    expect(dry.out.join('\n')).toMatch(/add\s+site\s+Acme Berlin[\s\S]*Dry run: nothing was written/);
    const json = await runCli(registerPackCommand, ['pack', 'import', file, '--dry-run', '--json'], env, b);
    expect(PackPreview.parse(JSON.parse(json.out.join(''))).items.every((i) => i.action === 'add')).toBe(true);
    expect(await b.engine.sites.list()).toEqual([]);

    const done = await runCli(registerPackCommand, ['pack', 'import', file, '--json'], env, b);
    expect(done.code).toBe(0);
    expect(PackImportResult.parse(JSON.parse(done.out.join(''))).secretsSaved).toBe(4);
    expect(await b.engine.profiles.appliances.password('adc-a')).toBe(PLANTED.appliancePassword);

    await b.engine.sites.save({ id: (await b.engine.sites.get('Acme Berlin')).id, name: 'Acme Berlin', region: 'gov' });
    const conflict = await runCli(registerPackCommand, ['pack', 'import', file], env, b);
    expect(conflict).toMatchObject({ code: 2, err: [expect.stringMatching(/same name as one here but different \(site "Acme Berlin"\)/)] });
    expect(conflict.err.join('\n')).not.toMatch(/site:/);
    const preview = await runCli(registerPackCommand, ['pack', 'import', file, '--dry-run', '--on-conflict', 'take-theirs'], env, b);
    expect(preview.out.join('\n')).toMatch(/replace\s+site\s+Acme Berlin/);
    expect(preview.out.join('\n')).not.toMatch(/CONFLICT|conflict:/);
    expect((await b.engine.sites.get('Acme Berlin')).region).toBe('gov');
    const bad = await runCli(registerPackCommand, ['pack', 'import', file, '--on-conflict', 'mine'], env, b);
    expect(bad.code).toBe(2);
    const theirs = await runCli(registerPackCommand, ['pack', 'import', file, '--on-conflict', 'take-theirs'], env, b);
    expect(theirs.out.join('\n')).toMatch(/replaced\s+site\s+Acme Berlin/);
    expect((await b.engine.sites.get('Acme Berlin')).region).toBe('commercial');
  });

  it('says in a dry run when an import would replace a secret the keychain already holds for another data folder', async () => {
    const c = await packEngine('cli-c', { vault: keychain });
    try {
      const dry = await runCli(registerPackCommand, ['pack', 'import', join(dir, 'acme.fieldkit'), '--dry-run'], env, c);
      expect(dry.code).toBe(0);
      expect(dry.out.join('\n')).toMatch(/add\s+appliance[\s\S]*Would replace the password already saved in this computer's keychain/);
    } finally {
      c.close();
    }
  });
});
