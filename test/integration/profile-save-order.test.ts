import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startTestEngine } from '../support/test-engine.ts';

const proxy = { id: 'site-a', type: 'explicit' as const, host: 'proxy.site-a.test', port: 3128, username: 'alice' };
const account = 'proxy-password:site-a';

/** A keychain that refuses to store anything, as a locked one does. */
class RefusingVault extends MemoryVault {
  override set(): Promise<void> {
    return Promise.reject(new Error('the keychain is locked'));
  }
}

describe('saving a profile with its password', () => {
  it('leaves the keychain untouched when the profiles file is from a newer Fieldkit and the save is refused', async () => {
    const dataFolder = mkdtempSync(join(tmpdir(), 'fk-order-'));
    writeFileSync(join(dataFolder, 'profiles.json'), JSON.stringify({ version: 99, proxies: [] }));
    const vault = new MemoryVault('test');
    await vault.set(account, 'old-password');
    const t = await startTestEngine({ dataFolder, vault });
    await expect(t.engine.profiles.proxies.save(proxy, 'new-password')).rejects.toMatchObject({ code: 'PROFILES_TOO_NEW' });
    expect(await vault.get(account)).toBe('old-password');
    expect(JSON.parse(readFileSync(join(dataFolder, 'profiles.json'), 'utf8'))).toEqual({ version: 99, proxies: [] });
    t.close();
  });

  it('says the profile was saved without a password when the keychain refuses it', async () => {
    const t = await startTestEngine({ vault: new RefusingVault('test') });
    await expect(t.engine.profiles.proxies.save(proxy, 'new-password')).rejects.toMatchObject({
      code: 'PASSWORD_NOT_SAVED',
      message: 'The profile "site-a" was saved without a password: the keychain refused it (the keychain is locked).',
    });
    expect(await t.engine.profiles.proxies.list()).toEqual([{ profile: proxy, passwordSaved: false }]);
    t.close();
  });
});
