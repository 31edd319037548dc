import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';
import { DEFAULT_USER, startNitroSimulator, type NitroSimulator, type SimOptions } from './nitro-simulator.ts';

/**
 * Runs simulated NetScaler appliances until Ctrl-C, for trying Fieldkit by hand:
 *
 *   npm run nitro-sim -- --count 2 --tls --vserver vs-web --vserver vs-api
 *   npm run nitro-sim -- --ha --tls --state-file /tmp/adc-state.json
 *
 * Credentials default to nsroot / nsroot-test (`--user`, and `--password` or the
 * NITRO_SIM_PASSWORD environment variable). These are test credentials for a
 * fake appliance, not secrets.
 */
const USAGE = `Usage: run-simulator [options]
  --host ADDR          listen address (loopback only; default 127.0.0.1)
  --port N             first port (default: random); appliance i listens on N+i
  --count N            number of standalone appliances (default 1)
  --ha                 start an HA pair (adc-1 primary, adc-2 secondary) instead
  --tls                serve HTTPS with a generated certificate; prints its SHA-256 fingerprint
  --ca-out FILE        with --tls: write the issuing CA certificate (PEM) to FILE
  --user NAME          NITRO user (default ${DEFAULT_USER.username})
  --password PW        NITRO password (default ${DEFAULT_USER.password}, or $NITRO_SIM_PASSWORD)
  --vserver NAME       pre-existing SSL vserver (repeatable)
  --partition NAME     admin partition besides default (repeatable)
  --latency MS         delay before every response
  --disk-free BYTES    free disk space for uploads
  --ns-version TEXT    what \`show ns version\` answers, e.g. "NetScaler NS12.1: Build 65.25.nc"
                       (before 13.0, certkey names are limited to 31 characters)
  --state-file FILE    write every appliance's state as JSON on exit
  --help`;

function fail(message: string): never {
  process.stderr.write(`run-simulator: ${message}\n`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        count: { type: 'string' },
        ha: { type: 'boolean', default: false },
        tls: { type: 'boolean', default: false },
        'ca-out': { type: 'string' },
        user: { type: 'string', default: DEFAULT_USER.username },
        password: { type: 'string' },
        vserver: { type: 'string', multiple: true, default: [] },
        partition: { type: 'string', multiple: true, default: [] },
        latency: { type: 'string' },
        'disk-free': { type: 'string' },
        'ns-version': { type: 'string' },
        'state-file': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const host = v.host;
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) fail(`--host must be a loopback address, got "${host}"`);
  const basePort = intOption(v.port, 'port', 0) ?? 0;
  const count = v.ha ? 2 : (intOption(v.count, 'count', 1) ?? 1);
  if (count > 16) fail('--count is limited to 16');
  const latencyMs = intOption(v.latency, 'latency', 0);
  const diskFreeBytes = intOption(v['disk-free'], 'disk-free', 0);
  const password = v.password ?? process.env.NITRO_SIM_PASSWORD ?? DEFAULT_USER.password;

  let tls: SimOptions['tls'];
  if (v.tls) {
    const ca = await createRootCa({ commonName: 'Fieldkit NITRO Simulator CA' });
    const server = await issueCertificate(ca, { commonName: 'nitro-sim.localhost', altNames: ['localhost', '127.0.0.1', '::1'] });
    tls = { certPem: server.certPem, keyPem: server.keyPem };
    process.stdout.write(`TLS certificate SHA-256 fingerprint: ${server.fingerprint256}\n`);
    if (v['ca-out']) {
      writeFileSync(v['ca-out'], ca.certPem);
      process.stdout.write(`CA certificate written to ${v['ca-out']}\n`);
    }
  } else if (v['ca-out']) {
    fail('--ca-out needs --tls');
  }

  const sims: NitroSimulator[] = [];
  for (let i = 0; i < count; i++) {
    const opts: SimOptions = {
      name: `adc-${i + 1}`,
      host,
      port: basePort === 0 ? 0 : basePort + i,
      users: [{ username: v.user, password }],
      partitions: v.partition,
      vservers: v.vserver.map((name) => ({ name })),
      ...(tls ? { tls } : {}),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      ...(diskFreeBytes !== undefined ? { diskFreeBytes } : {}),
      ...(v['ns-version'] !== undefined ? { version: v['ns-version'] } : {}),
    };
    if (v.ha) {
      opts.haState = i === 0 ? 'primary' : 'secondary';
      if (i === 1) opts.peer = sims[0];
    }
    sims.push(await startNitroSimulator(opts));
  }
  for (const s of sims) {
    const role = v.ha ? ` (${s.snapshot().haState})` : '';
    process.stdout.write(`${s.name}${role}: ${s.url}  user ${v.user}\n`);
  }
  process.stdout.write('Press Ctrl-C to stop.\n');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (v['state-file']) {
      const state = { savedAt: new Date().toISOString(), appliances: sims.map((s) => s.snapshot()) };
      writeFileSync(v['state-file'], `${JSON.stringify(state, null, 2)}\n`);
      process.stdout.write(`State written to ${v['state-file']}\n`);
    }
    await Promise.all(sims.map((s) => s.close()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

await main();
