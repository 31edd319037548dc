import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noInterrupts } from '../../electron/cli/cli-context.ts';
import { PASSWORD_ENV } from '../../electron/cli/commands/cert.ts';
import { runCli } from '../../electron/cli/run-cli.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { FleetSummary } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator, RequestLogEntry } from '../nitro-sim/nitro-simulator.ts';
import { certWorld, getPassword, seedCertkey, startSim, type CertWorld } from '../support/cert-push-fixtures.ts';
import { startTestEngine } from '../support/test-engine.ts';

/**
 * Ctrl-C, SIGTERM and SIGKILL during "fieldkit cert push": in-process with an
 * aborted signal, and the real command in a child process receiving signals.
 */

let w: CertWorld;
let dir: string;
let s: NitroSimulator | undefined;
let child: ChildProcess | undefined;
const files: Record<string, string> = {};

beforeAll(async () => {
  w = await certWorld();
  dir = mkdtempSync(join(tmpdir(), 'fk-cert-interrupt-'));
  for (const [name, text] of Object.entries({
    'cert.pem': w.renewed.certPem,
    'key.pem': w.renewed.keyPem,
    'chain.pem': w.inter.certPem + w.interHigh.certPem + w.root.certPem,
    'mgmt-ca.pem': w.mgmtCa.certPem,
  })) {
    files[name] = join(dir, name);
    writeFileSync(files[name], text);
  }
});
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await s?.close();
  s = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appliance(opts: { latencyMs?: number } = {}): Promise<string[]> {
  s = await startSim({ vservers: [{ name: 'vs1' }], ...opts });
  seedCertkey(s, 'inter-high', w.interHigh);
  seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
  seedCertkey(s, 'web', w.leaf, { withKey: true, linkTo: 'inter' });
  s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'web' }));
  s.resetRequestLog();
  return ['--appliance', s.url, '--user', 'nsroot', '--ca', files['mgmt-ca.pem']!, '--vserver', 'vs1', '--timeout', '60'];
}
const bundleArgs = () => ['--cert', files['cert.pem']!, '--key', files['key.pem']!, '--chain', files['chain.pem']!];

/** Waits (bounded) until the simulator has received a request like this one. */
async function requestSeen(sim: NitroSimulator, like: (r: RequestLogEntry) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (sim.requests.some(like)) return;
    await sleep(50);
  }
  throw new Error(
    `the request never reached the simulator: ${sim.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.status}`).join(', ')}`,
  );
}

interface Finished {
  code: number | null;
  out: string;
  err: string;
}

function startCli(args: string[], home: string): { child: ChildProcess; done: Promise<Finished> } {
  const c = spawn(process.execPath, ['bin/fieldkit.mjs', ...args], {
    env: { ...process.env, FIELDKIT_HOME: home, FIELDKIT_VAULT: 'memory', [PASSWORD_ENV]: getPassword() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  c.stdout.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<Finished>((resolve) => c.on('exit', (code) => resolve({ code, out, err })));
  return { child: c, done };
}

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

const isUpdate = (r: RequestLogEntry) => r.path === '/nitro/v1/config/sslcertkey' && r.query['action'] === 'update';
const isSave = (r: RequestLogEntry) => r.path === '/nitro/v1/config/nsconfig' && r.method === 'POST';

describe('fieldkit cert push, interrupted in-process', () => {
  it('an interrupt before the push starts: no appliance is touched, one line each, exit 130', async () => {
    const te = await startTestEngine({ vault: new MemoryVault('test') });
    try {
      const a = await appliance();
      const out: string[] = [];
      const code = await runCli({
        argv: ['cert', 'push', ...a, ...bundleArgs(), '--preserve', '--certkey', 'web'],
        env: { [PASSWORD_ENV]: getPassword() },
        io: { out: (t) => out.push(t), err: () => undefined },
        version: '0.0.0-test',
        engine: () => Promise.resolve(te.engine),
        interrupts: noInterrupts(AbortSignal.abort()),
      });
      expect(code).toBe(130);
      // After what the bundle is (its chain and root), one line per appliance.
      expect(out[0]).toMatch(/^Certificate www\.example\.test/);
      expect(out[1]).toMatch(/: interrupted$/);
      expect(out.at(-1)).toBe('0 succeeded, 0 unchanged, 0 rolled back, 0 failed, 1 interrupted');
      expect(s!.requests).toEqual([]);
    } finally {
      te.close();
    }
  });

  it('an interrupt mid-push: undone, logged out, --json says interrupted', async () => {
    const te = await startTestEngine({ vault: new MemoryVault('test') });
    try {
      const a = await appliance();
      const before = s!.snapshot();
      s!.faults.hang({ method: 'POST', resource: 'sslcertkey', action: 'update' });
      const controller = new AbortController();
      const out: string[] = [];
      const running = runCli({
        argv: ['cert', 'push', ...a, ...bundleArgs(), '--preserve', '--certkey', 'web', '--json'],
        env: { [PASSWORD_ENV]: getPassword() },
        io: { out: (t) => out.push(t), err: () => undefined },
        version: '0.0.0-test',
        engine: () => Promise.resolve(te.engine),
        interrupts: noInterrupts(controller.signal),
      });
      await requestSeen(s!, isUpdate);
      controller.abort();
      expect(await within(running, 10_000)).toBe(130);
      const summary = FleetSummary.parse(JSON.parse(out.join('')));
      expect(summary.interrupted).toHaveLength(1);
      expect(s!.snapshot()).toEqual(before);
      expect(s!.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
      expect(te.engine.certificates.history()[0]).toMatchObject({ outcome: 'interrupted' });
    } finally {
      te.close();
    }
  });
});

describe('fieldkit cert push to an appliance that dies mid-push', () => {
  it('one timeout and one short try, then each thing that may be left and how to check it', async () => {
    const te = await startTestEngine({ vault: new MemoryVault('test') });
    try {
      const a = await appliance();
      s!.faults.hang({ method: 'POST', resource: 'sslcertkey', action: 'update' });
      const out: string[] = [];
      const started = Date.now();
      const running = runCli({
        argv: ['cert', 'push', ...a, ...bundleArgs(), '--preserve', '--certkey', 'web', '--timeout', '2'],
        env: { [PASSWORD_ENV]: getPassword() },
        io: { out: (t) => out.push(t), err: () => undefined },
        version: '0.0.0-test',
        engine: () => Promise.resolve(te.engine),
      });
      await requestSeen(s!, isUpdate);
      for (const resource of ['sslcertkey', 'systemfile', 'logout']) s!.faults.hang({ resource }, 20);
      expect(await within(running, 15_000)).toBe(1);
      expect(Date.now() - started).toBeLessThan(2 * 2_000 + 2_000);
      const text = out.join('\n');
      expect(text).toMatch(/: failed \(certkey web\)/);
      expect(text).toMatch(/NOT restored: Delete file .*\.cer: .*was not tried: the appliance stopped answering/);
      expect(text).toMatch(/check: When it answers again, check it with "show ssl certkey"/);
    } finally {
      te.close();
    }
  });
});

describe('bin/fieldkit cert push receiving signals', () => {
  it('SIGINT mid-push, and a second one: undone, logged out, exit 130 with one line for the appliance', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    // Each answer takes a while, so the undo is still running when the second Ctrl-C comes.
    const a = await appliance({ latencyMs: 250 });
    const label = `127.0.0.1:${new URL(s!.url).port}`;
    const before = s!.snapshot();
    s!.faults.hang({ method: 'POST', resource: 'sslcertkey', action: 'update' });
    const run = startCli(['cert', 'push', ...a, ...bundleArgs(), '--preserve', '--certkey', 'web'], home);
    child = run.child;
    await requestSeen(s!, isUpdate);
    child.kill('SIGINT');
    await sleep(100);
    child.kill('SIGINT');
    const r = await within(run.done, 20_000);
    expect(r.err).toMatch(/SIGINT: stopping/);
    expect(r.err).toContain(`still undoing on ${label}`);
    expect(r.code).toBe(130);
    expect(r.out).toContain(`${label}: interrupted (certkey web)\n`);
    expect(r.out).toMatch(/1 interrupted$/m);
    expect(s!.snapshot()).toEqual(before);
    expect(s!.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
  }, 30_000);

  it('SIGINT while a command that changes nothing waits (cert plan): the process ends at once, as without Fieldkit', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const a = await appliance();
    s!.faults.hang({ method: 'GET', resource: 'hanode' });
    const run = startCli(['cert', 'plan', ...a, ...bundleArgs()], home);
    child = run.child;
    await requestSeen(s!, (r) => r.path === '/nitro/v1/config/hanode');
    const exited = new Promise<NodeJS.Signals | null>((resolve) => run.child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGINT');
    expect(await within(exited, 5_000)).toBe('SIGINT');
  }, 30_000);

  it("SIGKILL before the save: the next run says the push did not finish, saves, and the new certkey is Fieldkit's", async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const a = await appliance();
    s!.faults.hang({ method: 'POST', resource: 'nsconfig', action: 'save' });
    const run = startCli(['cert', 'push', ...a, ...bundleArgs(), '--certkey', 'web-2'], home);
    child = run.child;
    await requestSeen(s!, isSave);
    child.kill('SIGKILL');
    await within(run.done, 10_000);
    expect(s!.snapshot().partitions[0]!.saves.unsavedChanges).toBe(true);

    const te = await startTestEngine({ vault: new MemoryVault('test'), dataFolder: home });
    try {
      const out: string[] = [];
      const code = await runCli({
        argv: ['cert', 'push', ...a, ...bundleArgs(), '--certkey', 'web-2', '--json'],
        env: { [PASSWORD_ENV]: getPassword() },
        io: { out: (t) => out.push(t), err: () => undefined },
        version: '0.0.0-test',
        engine: () => Promise.resolve(te.engine),
      });
      expect(code).toBe(0);
      const result = FleetSummary.parse(JSON.parse(out.join(''))).results[0]!;
      expect(result.outcome).toBe('succeeded');
      expect(result.plan!.warnings.join(' ')).toMatch(/did not finish.*It had done: .*Add certkey web-2/);
      expect(result.plan!.steps.map((st) => st.kind)).toEqual(['save-config']);
      expect(s!.snapshot().partitions[0]!.saves.unsavedChanges).toBe(false);
      const killed = te.engine.certificates.history().find((p) => p.id !== result.historyId)!;
      expect(killed).toMatchObject({ outcome: 'interrupted', certkey: 'web-2' });
      const inventory = await te.engine.certificates.inventory({
        appliance: {
          profile: {
            id: 'cli-1',
            host: '127.0.0.1',
            port: Number(new URL(s!.url).port),
            username: 'nsroot',
            trust: { mode: 'ca', caPem: w.mgmtCa.certPem },
          },
          password: getPassword(),
        },
      });
      expect(inventory.entries.find((e) => e.certkey === 'web-2')).toMatchObject({ createdByFieldkit: true });
    } finally {
      te.close();
    }
  }, 30_000);
});
