import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from '../../electron/cli/run-cli.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startTestEngine } from '../support/test-engine.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('fieldkit CLI', () => {
  it('prints its version and help, exit 0', () => {
    expect(execFileSync(process.execPath, ['bin/fieldkit.mjs', '--version'], { encoding: 'utf8' }).trim()).toBe(version);
    expect(execFileSync(process.execPath, ['bin/fieldkit.mjs', '--help'], { encoding: 'utf8' })).toContain('Usage: fieldkit');
  });

  it('exits 2 with a one-line reason on bad usage', () => {
    const r = spawnSync(process.execPath, ['bin/fieldkit.mjs', 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('exits 2 on a bad secret kind, naming it, without opening the engine', async () => {
    const c = capture();
    let opened = false;
    const code = await runCli({
      argv: ['secret', 'status', 'password', 'lab'],
      io: c.io,
      version,
      engine: () => {
        opened = true;
        return Promise.reject(new Error('no'));
      },
    });
    expect(code).toBe(2);
    expect(opened).toBe(false);
    expect(c.err.join('\n')).toMatch(/^fieldkit: kind: /);
  });

  it('status --json exits 1 when the secret is not saved and 0 once saved', async () => {
    const te = await startTestEngine({ vault: new MemoryVault('test') });
    try {
      const c = capture();
      expect(
        await runCli({
          argv: ['secret', 'status', 'proxy-password', 'site-a', '--json'],
          io: c.io,
          version,
          engine: () => Promise.resolve(te.engine),
        }),
      ).toBe(1);
      expect(JSON.parse(c.out[0]!)).toEqual({ ref: { kind: 'proxy-password', profileId: 'site-a' }, saved: false });
      await te.engine.secrets.save({ kind: 'proxy-password', profileId: 'site-a' }, 'pw-123456');
      const c2 = capture();
      expect(
        await runCli({
          argv: ['secret', 'status', 'proxy-password', 'site-a', '--json'],
          io: c2.io,
          version,
          engine: () => Promise.resolve(te.engine),
        }),
      ).toBe(0);
      expect(c2.out.join('')).not.toContain('pw-123456');
    } finally {
      te.close();
    }
  });

  it('secret set reads the value from stdin, never argv', () => {
    const home = `/tmp/fieldkit-cli-test-${process.pid}`;
    const r = spawnSync(process.execPath, ['bin/fieldkit.mjs', 'secret', 'set', 'proxy-password', 'cli-lab', '--json'], {
      input: 'from-stdin-secret\n',
      encoding: 'utf8',
      env: { ...process.env, FIELDKIT_HOME: home, FIELDKIT_VAULT: 'memory' },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ref: { kind: 'proxy-password', profileId: 'cli-lab' }, saved: true, backend: 'memory' });
    expect(r.stdout + r.stderr).not.toContain('from-stdin-secret');
  });
  it('never shows a validator dump: a schema refusal that escapes the engine is one line naming the field, exit 2', async () => {
    const te = await startTestEngine({ vault: new MemoryVault('cli-basics') });
    try {
      // Stands for any engine input checked with a bare schema parse.
      Object.assign(te.engine.sites, {
        list: async () => {
          await Promise.resolve();
          return z
            .strictObject({ siteIds: z.array(z.string().regex(/^[a-z]+$/, 'A site id is lower-case letters.')) })
            .parse({ siteIds: ['Gov DC'] });
        },
      });
      const c = capture();
      const code = await runCli({ argv: ['site', 'list'], io: c.io, version, engine: () => Promise.resolve(te.engine) });
      expect(code).toBe(2);
      expect(c.err).toEqual([
        'fieldkit: siteIds.0: A site id is lower-case letters. (Correct the value named above and run the command again.)',
      ]);
    } finally {
      te.close();
    }
  });
});
