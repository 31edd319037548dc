import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/cli-context.ts';
import { PASSWORD_ENV, registerCertCommand } from '../../electron/cli/commands/cert.ts';
import { pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import { CERT_PUSH_MIGRATIONS } from '../../electron/services/certificates/push-history.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { DEFAULT_USER, type NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { bundleOf, FAST_CLIENT, getPassword, profileFor, seedRenewalScenario, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { ansibleStatus, describeWithPart } from '../support/real-parts.ts';
import { runCli } from '../support/cli-runner.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/**
 * The exported playbook run by Debian's ansible-core against the NITRO
 * simulator: the same calls as the app's push, and on a failure the
 * appliance left as it was.
 */

const exec = promisify(execFile);
/** About 10 s on an idle machine; each uri task starts a Python, which takes seconds on a loaded one. */
const PLAYBOOK_TIMEOUT_MS = 100_000;
const { world: w, sim } = simulatorHarness();

let dir: string;
let te: TestEngine;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fk-ansible-'));
  const put = (name: string, text: string) => {
    files[name] = join(dir, name);
    writeFileSync(files[name], text);
  };
  put('cert.pem', w.renewed.certPem);
  put('key.pem', w.renewed.keyPem);
  put('chain.pem', w.inter.certPem + w.interHigh.certPem + w.root.certPem);
  put('mgmt-ca.pem', w.mgmtCa.certPem);
  te = await startTestEngine({ vault: new MemoryVault('test'), migrations: [CERT_PUSH_MIGRATIONS] });
});
afterAll(() => {
  te?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exportFor(s: NitroSimulator, out: string, extra: string[] = []): Promise<void> {
  const argv = ['cert', 'plan', '--appliance', s.url, '--user', DEFAULT_USER.username, '--ca', files['mgmt-ca.pem']!];
  argv.push('--cert', files['cert.pem']!, '--key', files['key.pem']!, '--chain', files['chain.pem']!, '--vserver', 'vs1');
  argv.push('--format', 'ansible', '--out', out, ...extra);
  const r = await runCli(registerCertCommand, argv, { [PASSWORD_ENV]: getPassword() }, te);
  expect(r.err).toEqual([]);
  expect(r.out.join('\n')).toMatch(/Wrote the Ansible playbook/);
  expect(r.code).toBe(EXIT.OK);
  s.resetRequestLog();
}

/** ansible-playbook with the credentials, the key and the management CA as an admin gives them: variables, not files in the export. */
async function runPlaybook(out: string, overrides: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const home = mkdtempSync(join(dir, 'ansible-home-'));
  const vars = join(home, 'vars.json');
  writeFileSync(
    vars,
    JSON.stringify({
      nitro_user: DEFAULT_USER.username,
      nitro_password: DEFAULT_USER.password,
      fieldkit_key_file: files['key.pem'],
      nitro_ca_path: files['mgmt-ca.pem'],
      nitro_timeout: 5,
      ...overrides,
    }),
  );
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    ANSIBLE_HOME: home,
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_PIPELINING: '1',
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
  };
  try {
    const r = await exec('ansible-playbook', ['-i', 'inventory.yml', 'playbook.yml', '-e', `@${vars}`], {
      cwd: out,
      env,
      timeout: PLAYBOOK_TIMEOUT_MS,
    });
    return { code: 0, output: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const changes = (s: NitroSimulator) => s.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

function exportedText(out: string): string {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  return walk(out)
    .map((f) => `== ${relative(out, f)}\n${readFileSync(f, 'utf8')}`)
    .join('\n');
}

describe('cert plan --format ansible, refusing bad input before any work', () => {
  it('needs --out, a known format, and a new or empty folder; nothing is sent to the appliance otherwise', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    const base = ['cert', 'plan', '--appliance', s.url, '--user', DEFAULT_USER.username, '--ca', files['mgmt-ca.pem']!];
    const bundle = ['--cert', files['cert.pem']!, '--key', files['key.pem']!, '--chain', files['chain.pem']!];
    const env = { [PASSWORD_ENV]: getPassword() };
    const noOut = await runCli(registerCertCommand, [...base, ...bundle, '--format', 'ansible'], env, te);
    expect(noOut.code).toBe(EXIT.USAGE);
    expect(noOut.err.join('\n')).toMatch(/needs a folder[\s\S]*--out/);
    const yaml = await runCli(registerCertCommand, [...base, ...bundle, '--format', 'yaml', '--out', join(dir, 'x')], env, te);
    expect(yaml.code).toBe(EXIT.USAGE);
    expect(yaml.err.join('\n')).toMatch(/--format yaml is not a plan format/);
    const used = join(dir, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'mine.txt'), 'keep');
    const taken = await runCli(registerCertCommand, [...base, ...bundle, '--format', 'ansible', '--out', used], env, te);
    expect(taken.code).toBe(EXIT.USAGE);
    expect(taken.err.join('\n')).toMatch(/"used" already holds files/);
    expect(readdirSync(used)).toEqual(['mine.txt']);
    expect(s.requests).toEqual([]);
  });
});

describe('Export as Ansible playbook, in the app', () => {
  it('saves where the main process dialog says, answers file names only, and saves nothing when the dialog is cancelled', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    const chosen: Array<string | undefined> = [join(dir, 'from-app'), undefined];
    const app = await startTestEngine({
      vault: new MemoryVault('app'),
      migrations: [CERT_PUSH_MIGRATIONS],
      shell: { chooseExportFolder: () => Promise.resolve(chosen.shift()) },
    });
    try {
      const ctx = { emit: () => undefined };
      await app.dispatcher.dispatch(
        'applianceProfileSave',
        { profile: await profileFor(s, { id: 'adc-1' }), password: getPassword() },
        ctx,
      );
      const grant = (name: string) => ({ token: app.engine.grantFile(files[name]!).token });
      const loaded = await app.dispatcher.dispatch(
        'bundleLoad',
        { files: { cert: grant('cert.pem'), key: grant('key.pem'), chain: grant('chain.pem') } },
        ctx,
      );
      if (!loaded.ok) throw new Error(loaded.error.message);
      const { bundleId } = loaded.value as { bundleId: string };
      const input = { bundleId, applianceIds: ['adc-1'], options: { vservers: [{ name: 'vs1' }] } };

      const saved = await app.dispatcher.dispatch('certExportAnsible', input, ctx);
      expect(saved).toEqual({
        ok: true,
        value: {
          saved: true,
          files: expect.arrayContaining(['playbook.yml', 'inventory.yml', 'README.md', `plans/${s.name}.yml`]),
          appliances: [expect.stringContaining('127.0.0.1')],
          failures: [],
        },
      });
      expect(JSON.stringify(saved)).not.toContain(dir);
      expect(readdirSync(join(dir, 'from-app'))).toEqual(expect.arrayContaining(['playbook.yml', 'inventory.yml', 'plans', 'files']));

      s.resetRequestLog();
      expect(await app.dispatcher.dispatch('certExportAnsible', input, ctx)).toEqual({
        ok: true,
        value: { saved: false, files: [], appliances: [], failures: [] },
      });
      expect(s.requests).toEqual([]);
    } finally {
      app.close();
    }
  });
});

describeWithPart('ansible-core', ansibleStatus(), 'the Ansible export run by ansible-playbook', () => {
  it(
    'installs, links, binds and saves as the app would, with the same NITRO calls in the same order; the export holds no secret',
    async () => {
      const s = await sim({ vservers: [{ name: 'vs1' }] });
      const twin = await sim({ vservers: [{ name: 'vs1' }] });
      const out = join(dir, 'install');
      await exportFor(s, out);

      const text = exportedText(out);
      const keyBody = w.renewed.keyPem.replace(/-----[^-]+-----|\s/g, '');
      expect(text).not.toContain(keyBody.slice(0, 64));
      expect(text).not.toContain(Buffer.from(w.renewed.keyPem).toString('base64').slice(0, 64));
      expect(text).not.toContain(DEFAULT_USER.password);
      expect(text).toContain(w.inter.certPem);

      const run = await runPlaybook(out);
      expect(run.output).toMatch(/failed=0/);
      expect(run.code).toBe(0);

      const p = s.snapshot().partitions.find((x) => x.name === 'default')!;
      const leaf = p.certkeys.find((c) => c.loadedCertSerial === w.renewed.serialHex.toUpperCase())!;
      expect(leaf).toBeDefined();
      expect(p.bindings).toEqual([{ vservername: 'vs1', certkeyname: leaf.certkey, snicert: false, ca: false }]);
      expect(p.saves).toMatchObject({ count: 1, unsavedChanges: false });
      expect(leaf.linkcertkeyname).not.toBeNull();

      // The app's own push to an identical appliance: the same changes, in the same order, between the same login and logout.
      const r = await pushToAppliance(
        { profile: await profileFor(twin) },
        bundleOf(w.renewed, [w.inter, w.interHigh, w.root]),
        { vservers: [{ name: 'vs1' }] },
        { getPassword, client: FAST_CLIENT },
      );
      expect(r.outcome).toBe('succeeded');
      expect(changes(s)).toEqual(changes(twin));
      expect(changes(s)[0]).toBe('POST /nitro/v1/config/login');
      expect(changes(s).at(-1)).toBe('POST /nitro/v1/config/logout');
      const state = (x: NitroSimulator) => x.snapshot().partitions.map((p) => ({ ...p, saves: { ...p.saves, lastSavedAt: 'when' } }));
      expect(state(s)).toEqual(state(twin));
    },
    2 * PLAYBOOK_TIMEOUT_MS,
  );

  it(
    'undoes what it applied when a step fails, leaving the appliance as it was, and logs out',
    async () => {
      const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }] }), w);
      const out = join(dir, 'renewal');
      await exportFor(s, out, ['--preserve', '--certkey', 'web']);
      expect(readFileSync(join(out, 'plans', '127.0.0.1.yml'), 'utf8')).toMatch(/Undo step/);
      const before = s.snapshot();

      // Certificates are verified: with a CA that did not issue the management certificate, nothing reaches NITRO.
      writeFileSync(join(dir, 'other-ca.pem'), w.root.certPem);
      const refused = await runPlaybook(out, { nitro_ca_path: join(dir, 'other-ca.pem') });
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/The login as nsroot to https:\/\/127\.0\.0\.1:\d+ failed: .*CERTIFICATE_VERIFY_FAILED/);
      expect(s.requests).toEqual([]);

      s.faults.fail({ resource: 'nsconfig', action: 'save' }, { status: 599, errorcode: 1, message: 'Injected failure' });
      const run = await runPlaybook(out);
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/Injected failure/);
      expect(run.output).toMatch(/Every step applied before it was undone/);
      expect(changes(s).filter((c) => /action=update|PUT|POST \/nitro\/v1\/config\/systemfile/.test(c)).length).toBeGreaterThan(0);
      expect(s.snapshot()).toEqual(before);
      expect(s.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
    },
    2 * PLAYBOOK_TIMEOUT_MS,
  );
});
