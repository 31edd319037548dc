import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KeytarVault, openKeytar } from '../../electron/services/vault/keytar-vault.ts';
import { SecretRedactor } from '../../electron/services/log/secret-redactor.ts';
import { Secrets } from '../../electron/services/vault/secrets.ts';
import { describeWithPart } from '../support/real-parts.ts';

const opened = await openKeytar();

describeWithPart(
  'a Secret Service',
  'reason' in opened ? { available: false, reason: opened.reason } : { available: true },
  'keychain vault (real Secret Service)',
  () => {
    it('saves, reads, and deletes through the real keychain, keyed by kind and profile', async () => {
      if ('reason' in opened) throw new Error('unreachable');
      const service = `Fieldkit-test-vault-${process.pid}`;
      const redactor = new SecretRedactor();
      const secrets = new Secrets(new KeytarVault(opened.keytar, service), redactor);
      const a = { kind: 'proxy-password' as const, profileId: 'site-a' };
      const b = { kind: 'appliance-password' as const, profileId: 'site-a' };
      expect(await secrets.status(a)).toEqual({ ref: a, saved: false });
      await secrets.save(a, 'proxy-pass-1');
      await secrets.save(b, 'adc-pass-1');
      expect(await opened.keytar.getPassword(service, 'proxy-password:site-a')).toBe('proxy-pass-1');
      expect(await secrets.reveal(b)).toBe('adc-pass-1');
      expect(redactor.redact('x proxy-pass-1 y')).toBe('x [redacted] y');
      await secrets.delete(a);
      expect(await secrets.status(a)).toEqual({ ref: a, saved: false });
      expect(await secrets.reveal(b)).toBe('adc-pass-1');
      await secrets.delete(b);
    });
  },
);

describe('without a Secret Service', () => {
  it('says plainly that secrets are kept in memory only, and does not crash', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FIELDKIT_HOME: '/tmp/fieldkit-no-dbus-test' };
    delete env['DBUS_SESSION_BUS_ADDRESS'];
    delete env['DISPLAY'];
    const out = execFileSync(process.execPath, ['bin/fieldkit.mjs', 'info', '--json'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const info = JSON.parse(out) as { vault: { backend: string; persistent: boolean; reason: string } };
    expect(info.vault.backend).toBe('memory');
    expect(info.vault.persistent).toBe(false);
    expect(info.vault.reason).toMatch(/Secret Service|keychain/);
  });
});
