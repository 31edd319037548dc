import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Squid (Debian's squid-openssl) on loopback for integration tests:
 * one plain explicit port, one Basic-auth port and one SSL-bump port, with
 * its own hosts file so the real Citrix names resolve to 127.0.0.1 and no DNS
 * query ever leaves the machine.
 */
export const SQUID_BINARY = '/usr/sbin/squid';
const BASIC_AUTH_HELPER = '/usr/lib/squid/basic_ncsa_auth';
const CERTGEN_HELPER = '/usr/lib/squid/security_file_certgen';

export interface SquidOptions {
  /** Names Squid resolves to 127.0.0.1 (its hosts_file). */
  hosts: string[];
  /** Destination ports Squid lets CONNECT through to, besides 443. */
  allowedPorts: number[];
  /** Destinations every port refuses (http_access deny), to stand for "not on the allowlist". */
  deniedHosts?: string[];
  /** Basic-auth users for the auth port: name → password. */
  users?: Record<string, string>;
  /** The CA that signs the origin servers, so the bump port can verify them. */
  originCaPem: string;
  /** The interception CA the bump port mints certificates with. */
  bumpCa: { certPem: string; keyPem: string };
}

export interface SquidHandle {
  plainPort: number;
  authPort: number;
  bumpPort: number;
  dir: string;
  /** Squid's own access log, for test diagnostics. */
  accessLog(): string;
  stop(): Promise<void>;
}

/** Why Squid cannot run here, or null when it can. */
export function squidUnavailableReason(): string | null {
  for (const file of [SQUID_BINARY, BASIC_AUTH_HELPER, CERTGEN_HELPER]) {
    if (!existsSync(file)) return `${file} is missing (install the squid-openssl package)`;
  }
  if (!commandExists('openssl')) return 'openssl is missing (needed for the htpasswd file)';
  return null;
}

function commandExists(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function apr1(password: string): string {
  const r = spawnSync('openssl', ['passwd', '-apr1', '-stdin'], { input: `${password}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl passwd failed: ${r.stderr}`);
  return r.stdout.trim();
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

function proxyUser(): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', 'proxy'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'proxy'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

async function waitForPort(port: number, deadline: number, child: ChildProcess, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`squid exited with ${child.exitCode}: ${tail(join(dir, 'cache.log'))}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`squid did not listen on ${port} in time: ${tail(join(dir, 'cache.log'))}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no cache.log)';
  }
}

export async function startSquid(opts: SquidOptions): Promise<SquidHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldkit-squid-'));
  const [plainPort, authPort, bumpPort] = [await freePort(), await freePort(), await freePort()];
  const isRoot = process.getuid?.() === 0;
  const owner = isRoot ? proxyUser() : null;

  writeFileSync(join(dir, 'hosts'), opts.hosts.map((h) => `127.0.0.1 ${h}\n`).join(''));
  writeFileSync(
    join(dir, 'htpasswd'),
    Object.entries(opts.users ?? {})
      .map(([u, p]) => `${u}:${apr1(p)}\n`)
      .join(''),
  );
  writeFileSync(join(dir, 'bump-ca.pem'), opts.bumpCa.certPem);
  writeFileSync(join(dir, 'bump-ca.key'), opts.bumpCa.keyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'origin-ca.pem'), opts.originCaPem);
  const db = join(dir, 'ssl_db');
  const init = spawnSync(CERTGEN_HELPER, ['-c', '-s', db, '-M', '4MB'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`security_file_certgen -c failed: ${init.stderr}`);

  const denied = opts.deniedHosts ?? [];
  const conf = [
    `pid_filename ${dir}/squid.pid`,
    `cache_log ${dir}/cache.log`,
    `access_log stdio:${dir}/access.log`,
    'cache_store_log none',
    'cache deny all',
    'cache_mem 8 MB',
    `coredump_dir ${dir}`,
    'netdb_filename none',
    'pinger_enable off',
    'icp_port 0',
    'htcp_port 0',
    'visible_hostname fieldkit-test-proxy',
    'shutdown_lifetime 0 seconds',
    'max_filedescriptors 1024',
    // Loopback only: a name missing from the hosts file fails fast instead of leaving the machine.
    'dns_nameservers 127.0.0.1',
    'dns_timeout 2 seconds',
    `hosts_file ${dir}/hosts`,
    ...(owner ? ['cache_effective_user proxy', 'cache_effective_group proxy'] : []),
    `auth_param basic program ${BASIC_AUTH_HELPER} ${dir}/htpasswd`,
    'auth_param basic children 2 startup=1 idle=1',
    'auth_param basic realm Fieldkit test proxy',
    `acl SSL_ports port 443 ${opts.allowedPorts.join(' ')}`,
    'acl CONNECT method CONNECT',
    `acl auth_port localport ${authPort}`,
    'acl authenticated proxy_auth REQUIRED',
    ...(denied.length ? [`acl denied_dst dstdomain ${denied.join(' ')}`] : []),
    'http_access deny CONNECT !SSL_ports',
    'http_access deny auth_port !authenticated',
    ...(denied.length ? ['http_access deny denied_dst'] : []),
    'http_access allow localhost',
    'http_access deny all',
    `http_port 127.0.0.1:${plainPort}`,
    `http_port 127.0.0.1:${authPort}`,
    `http_port 127.0.0.1:${bumpPort} ssl-bump tls-cert=${dir}/bump-ca.pem tls-key=${dir}/bump-ca.key generate-host-certificates=on dynamic_cert_mem_cache_size=4MB`,
    `sslcrtd_program ${CERTGEN_HELPER} -s ${db} -M 4MB`,
    'sslcrtd_children 2 startup=1 idle=1',
    'acl step1 at_step SslBump1',
    'ssl_bump peek step1',
    'ssl_bump bump all',
    `tls_outgoing_options cafile=${dir}/origin-ca.pem`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'squid.conf'), conf);
  if (owner) chownTree(dir, owner.uid, owner.gid);

  const child = spawn(SQUID_BINARY, ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString();
  });
  // Squid starts its helpers one after another; on a loaded two-core machine that alone has taken over 15 s.
  const deadline = Date.now() + 45_000;
  try {
    for (const port of [plainPort, authPort, bumpPort]) await waitForPort(port, deadline, child, dir);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }

  return {
    plainPort,
    authPort,
    bumpPort,
    dir,
    accessLog: () => (existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : ''),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
