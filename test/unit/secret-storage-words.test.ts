import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whereSecretsAreKept } from '../../shared/secret-storage-words.ts';

/** One sentence for where a saved secret is, said from the vault's status; no screen or command says it on its own. */
describe('where secrets are kept', () => {
  it('names the keychain only when there is one', () => {
    expect(whereSecretsAreKept({ persistent: true }, 'cli')).toBe("in this computer's keychain");
    expect(whereSecretsAreKept({ persistent: true }, 'app')).toBe("in this computer's keychain");
    expect(whereSecretsAreKept({ persistent: false }, 'cli')).toBe(
      'in the memory of this process only (no keychain: it is gone when the command ends)',
    );
    expect(whereSecretsAreKept({ persistent: false }, 'app')).toBe(
      'in memory for this session only (no keychain: it is gone when Fieldkit closes)',
    );
  });

  it('is the only place the app and the CLI claim a secret is saved in the keychain', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const claims = [...files('renderer/src'), ...files('electron/cli')]
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) =>
        /saved in (the|this (computer|machine)['’]s) keychain|Saved in the keychain|Kept in the keychain/.test(readFileSync(f, 'utf8')),
      );
    expect(claims).toEqual([]);
  });
});
