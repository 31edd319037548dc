import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticsRun } from '../../shared/schemas/diagnostics.ts';
import { noInterrupts, type CliContext } from '../../electron/cli/cli-context.ts';
import { registerDiagnoseCommand } from '../../electron/cli/commands/diagnose.ts';
import { catalogHosts, createTestPki, publicLeaf, type TestPki } from '../support/diagnostics-fixtures.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { closedPort, startHttpsOrigin, type LocalServer } from '../support/tls-origins.ts';

/** `fieldkit diagnose` in-process, against a real local HTTPS origin: exit codes, JSON shape, one-line bad input. */
interface CliRun {
  code: number;
  out: string;
  err: string[];
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const ctx: CliContext = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    env,
    engine: () => Promise.resolve(te.engine),
    interrupts: noInterrupts(),
    setExitCode: (c) => {
      code = c;
    },
  };
  const program = new Command('fieldkit').exitOverride().configureOutput({ writeOut: () => {}, writeErr: (t) => err.push(t) });
  registerDiagnoseCommand(program, ctx);
  await program.parseAsync(['diagnose', ...args], { from: 'user' });
  return { code, out: out.join(''), err };
}

let pki: TestPki;
let te: TestEngine;
let origin: LocalServer;
let tmp: string;
let caFile: string;
let refused: number;

const resolveAll = (overrides: Record<string, number> = {}) =>
  catalogHosts('commercial').flatMap((h) => ['--resolve', `${h}=127.0.0.1:${overrides[h] ?? origin.port}`]);

beforeAll(async () => {
  pki = await createTestPki();
  te = await startTestEngine({ vault: new MemoryVault('diagnose-cli') });
  origin = await startHttpsOrigin(await publicLeaf(pki, catalogHosts('commercial')));
  refused = await closedPort();
  tmp = mkdtempSync(join(tmpdir(), 'fieldkit-diagnose-cli-'));
  caFile = join(tmp, 'public-root.pem');
  writeFileSync(caFile, pki.publicRoot.certPem);
});

afterAll(async () => {
  te?.close();
  await origin?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('fieldkit diagnose', () => {
  it('exits 0 with a JSON run when every required endpoint is reachable, and says which overrides were on', async () => {
    const r = await cli(['--region', 'commercial', '--ca', caFile, '--timeout', '2000', '--json', ...resolveAll()]);
    expect(r.code).toBe(0);
    const run = DiagnosticsRun.parse(JSON.parse(r.out));
    expect(run.summary.verdict).toBe('met');
    expect(run.timeouts.connectMs).toBe(2000);
    expect(run.overrides.extraTrustAnchors).toBe(1);
    expect(Object.keys(run.overrides.resolve)).toContain('trust.citrixnetworkapi.net');
    expect(r.err.some((l) => l.includes('--resolve overrides DNS'))).toBe(true);
    expect(r.err.some((l) => l.includes('--ca adds 1 certificate'))).toBe(true);
  });

  it('exits 1 and prints the failure and its fix when one is not reachable', async () => {
    const r = await cli([
      '--region',
      'commercial',
      '--ca',
      caFile,
      '--timeout',
      '2000',
      ...resolveAll({ 'netscalermas.cloud.com': refused }),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Not Reachable');
    expect(r.out).toContain('Connection refused');
    expect(r.out).toContain('Fix: ');
    expect(r.out).toContain('Cloud Connect prerequisites not met for Commercial');
    expect(r.out).toMatch(/Next steps:\n {2}1\. /);
  });

  it("prints a shared host once with the names it stands for, Console's wording, the troubleshooting it links, and what the CCID does", async () => {
    const r = await cli([
      '--region',
      'commercial',
      '--ccid',
      'acme01',
      '--ca',
      caFile,
      '--timeout',
      '2000',
      ...resolveAll({ 'adm.cloud.com': refused }),
    ]);
    expect(r.code).toBe(1);
    expect(r.out.match(/^ {2}Not Reachable +adm\.cloud\.com /gm)).toHaveLength(1);
    expect(r.out).toContain('      for *.agent.adm.cloud.com, *.adm.cloud.com and adm.cloud.com\n');
    expect(r.out).toContain('NetScaler Console shows this as "Required service URL not reachable".');
    expect(r.out).toMatch(
      /\nTroubleshooting \(NetScaler Console Cloud Connect documentation\):\n {2}"Required service URL not reachable": /,
    );
    expect(r.out).toContain('\n  Endpoints are blocked: ');
    expect(r.out).toContain('Licensing (LAS) grace-period warnings: ');
    expect(r.out).toContain(
      'CCID acme01: recorded with the check; fills in CUSTOMER_ID hosts of an allowlist; your tenant host cannot be derived from it.',
    );
    expect(r.out).toContain('citrix.cloud.com');
    expect(r.out).not.toMatch(/Citrix\.cloud|Accounts\.cloud/);
  });

  it('says in its help what the CCID does in a check', () => {
    const program = new Command('fieldkit').exitOverride();
    registerDiagnoseCommand(program, {
      io: { out: () => {}, err: () => {} },
      env: {},
      engine: () => Promise.resolve(te.engine),
      interrupts: noInterrupts(),
      setExitCode: () => {},
    });
    const help = program.commands.find((c) => c.name() === 'diagnose')!.helpInformation();
    expect(help.replace(/\s+/g, ' ')).toContain('your tenant host cannot be derived from it (use --service-url)');
  });

  it('reads the proxy password from FIELDKIT_PROXY_PASSWORD and never prints it', async () => {
    const port = await closedPort();
    const r = await cli(['--region', 'japan', '--proxy', `http://alice@127.0.0.1:${port}`, '--timeout', '500', '--json'], {
      FIELDKIT_PROXY_PASSWORD: 's3cret-pass',
    });
    expect(r.code).toBe(1);
    const run = DiagnosticsRun.parse(JSON.parse(r.out));
    expect(run.proxy).toMatchObject({ host: '127.0.0.1', port, username: 'alice', authentication: 'basic' });
    expect(run.results[0]!.failure?.code).toBe('proxy_unreachable');
    expect(r.out + r.err.join('')).not.toContain('s3cret-pass');
  });

  it.each([
    [['--region', 'mars'], '--region'],
    [[], '--region'],
    [['--region', 'gov', '--ccid', 'acme-corp'], '--ccid'],
    [['--region', 'commercial', '--service-url', 'acme.agent.adm.citrixcloud.jp'], '--service-url'],
    [['--region', 'commercial', '--proxy', 'http://alice:secret@proxy.example.com:8080'], '--proxy'],
    [['--region', 'commercial', '--proxy', 'proxy.example.com'], '--proxy'],
    [['--region', 'commercial', '--proxy', 'socks5://proxy.example.com:1080'], '--proxy'],
    [['--region', 'commercial', '--timeout', 'soon'], '--timeout'],
    [['--region', 'commercial', '--resolve', 'trust.citrixnetworkapi.net'], '--resolve'],
    [['--region', 'commercial', '--proxy-ca', '/nonexistent/ca.pem'], '--proxy-ca'],
  ])('exits 2 with one line naming the flag for %j', async (args, flag) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(new RegExp(`^fieldkit diagnose: ${flag.replace(/-/g, '\\-')}: `));
    expect(r.err[0]).not.toContain('secret');
  });

  it('exits 2 for a malformed CA file, naming the file', async () => {
    const bad = join(tmp, 'not-a-cert.pem');
    writeFileSync(bad, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    const r = await cli(['--region', 'commercial', '--ca', bad]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(
      /^fieldkit diagnose: --ca: The CA file .*not-a-cert\.pem holds no valid certificate: it is PEM but holds a "PRIVATE KEY" block/,
    );
  });
});
