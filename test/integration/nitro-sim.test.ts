import { createPrivateKey, X509Certificate } from 'node:crypto';
import { Agent, request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, issueCertificate, type Issued } from '../support/test-pki.ts';
import { startNitroSimulator, type NitroSimulator, type SimOptions } from '../nitro-sim/nitro-simulator.ts';

// ---------- a tiny NITRO client for the tests ----------

interface Answer {
  status: number;
  body: Record<string, any>;
  headers: Record<string, string | string[] | undefined>;
}

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  cookie?: string;
  headers?: Record<string, string>;
  dispatcher?: Agent;
  signal?: AbortSignal;
}

async function call(sim: NitroSimulator, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.cookie) headers.cookie = `NITRO_AUTH_TOKEN=${opts.cookie}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    body = opts.rawBody ?? JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(`${sim.url}/nitro/v1/${path}`, {
    method: method as 'GET',
    headers,
    body,
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

async function login(sim: NitroSimulator, username = 'nsroot', password = 'nsroot-test'): Promise<string> {
  const r = await call(sim, 'POST', 'config/login', { body: { login: { username, password } } });
  expect(r.status).toBe(201);
  return r.body.sessionid as string;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const enc = encodeURIComponent;

async function upload(
  sim: NitroSimulator,
  token: string,
  filename: string,
  content: string | Buffer,
  filelocation = '/nsconfig/ssl/',
  override = false,
) {
  return call(sim, 'POST', `config/systemfile${override ? '?override=yes' : ''}`, {
    cookie: token,
    body: { systemfile: { filename, filelocation, filecontent: b64(content), fileencoding: 'BASE64' } },
  });
}

async function addCertKey(sim: NitroSimulator, token: string, o: Record<string, unknown>) {
  return call(sim, 'POST', 'config/sslcertkey', { cookie: token, body: { sslcertkey: o } });
}

function expectError(r: Answer, status: number, errorcode: number) {
  expect({ status: r.status, errorcode: r.body.errorcode, severity: r.body.severity }).toEqual({ status, errorcode, severity: 'ERROR' });
}

function expectDone(r: Answer, status = 200) {
  expect({ status: r.status, errorcode: r.body.errorcode, message: r.body.message }).toEqual({ status, errorcode: 0, message: 'Done' });
}

// ---------- fixtures ----------

let root: Issued;
let inter: Issued;
let leaf: Issued;
let renewed: Issued;
let otherDomain: Issued;
let expired: Issued;
let future: Issued;
let strangerRoot: Issued;

const sims: NitroSimulator[] = [];
async function sim(opts: SimOptions = {}): Promise<NitroSimulator> {
  const s = await startNitroSimulator({ vservers: [{ name: 'vs-web' }, { name: 'vs-api' }], ...opts });
  sims.push(s);
  return s;
}

beforeAll(async () => {
  root = await createRootCa({ commonName: 'Sim Test Root' });
  inter = await issueCertificate(root, { commonName: 'Sim Test Intermediate', ca: true });
  leaf = await issueCertificate(inter, { commonName: 'www.example.test' });
  renewed = await issueCertificate(inter, { commonName: 'www.example.test' });
  otherDomain = await issueCertificate(inter, { commonName: 'shop.example.test' });
  expired = await issueCertificate(inter, { commonName: 'old.example.test', validFromDays: -400, validForDays: 30 });
  future = await issueCertificate(inter, { commonName: 'soon.example.test', validFromDays: 10 });
  strangerRoot = await createRootCa({ commonName: 'Unrelated Root' });
});

afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/** Leaf, intermediate and root uploaded and added as certkeys 'www', 'inter', 'root'. */
async function withChain(s: NitroSimulator, token: string) {
  expectDone(await upload(s, token, 'www.cer', leaf.certPem), 201);
  expectDone(await upload(s, token, 'www.key', leaf.keyPem), 201);
  expectDone(await upload(s, token, 'inter.cer', inter.certPem), 201);
  expectDone(await upload(s, token, 'root.cer', root.certPem), 201);
  expectDone(await addCertKey(s, token, { certkey: 'www', cert: 'www.cer', key: 'www.key' }), 201);
  expectDone(await addCertKey(s, token, { certkey: 'inter', cert: 'inter.cer' }), 201);
  expectDone(await addCertKey(s, token, { certkey: 'root', cert: '/nsconfig/ssl/root.cer' }), 201);
}

// ---------- session ----------

describe('NITRO simulator: sessions', () => {
  it('logs in with 201, a NITRO_AUTH_TOKEN cookie and the sessionid in the body', async () => {
    const s = await sim();
    const r = await call(s, 'POST', 'config/login', { body: { login: { username: 'nsroot', password: 'nsroot-test' } } });
    expectDone(r, 201);
    expect(r.body.severity).toBe('NONE');
    expect(r.body.sessionid).toMatch(/^##[0-9A-F]{64}$/);
    expect(String(r.headers['set-cookie'])).toContain(`NITRO_AUTH_TOKEN=${r.body.sessionid}; path=/nitro/v1`);
    expectDone(await call(s, 'GET', 'config/nsversion', { cookie: r.body.sessionid }));
  });

  it('refuses bad credentials (401/354), no credentials (401/1027) and accepts X-NITRO-USER/PASS', async () => {
    const s = await sim();
    expectError(await call(s, 'POST', 'config/login', { body: { login: { username: 'nsroot', password: 'wrong' } } }), 401, 354);
    expectError(await call(s, 'GET', 'config/sslcertkey'), 401, 1027);
    expectDone(await call(s, 'GET', 'config/nsversion', { headers: { 'x-nitro-user': 'nsroot', 'x-nitro-pass': 'nsroot-test' } }));
    expectError(await call(s, 'GET', 'config/nsversion', { headers: { 'x-nitro-user': 'nsroot', 'x-nitro-pass': 'nope' } }), 401, 354);
  });

  it('ends a session on logout, then answers 401/444', async () => {
    const s = await sim();
    const token = await login(s);
    const out = await call(s, 'POST', 'config/logout', { cookie: token, body: { logout: {} } });
    expect(out.status).toBe(201);
    expect(out.body.errorcode).toBe(0);
    expectError(await call(s, 'GET', 'config/sslcertkey', { cookie: token }), 401, 444);
  });

  it('expires idle sessions after the timeout (default or from the login body)', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const s = await sim({ now: () => now, sessionTimeoutSec: 600 });
    const long = await login(s);
    const short = (await call(s, 'POST', 'config/login', { body: { login: { username: 'nsroot', password: 'nsroot-test', timeout: 60 } } }))
      .body.sessionid;
    now = new Date(now.getTime() + 59_000);
    expectDone(await call(s, 'GET', 'config/nsversion', { cookie: short }));
    now = new Date(now.getTime() + 61_000);
    expectError(await call(s, 'GET', 'config/nsversion', { cookie: short }), 401, 444);
    expectDone(await call(s, 'GET', 'config/nsversion', { cookie: long }));
    now = new Date(now.getTime() + 601_000);
    expectError(await call(s, 'GET', 'config/nsversion', { cookie: long }), 401, 444);
  });

  it('kills every session on expireSessions()', async () => {
    const s = await sim();
    const a = await login(s);
    const b = await login(s);
    s.faults.expireSessions();
    expectError(await call(s, 'GET', 'config/nsversion', { cookie: a }), 401, 444);
    expectError(await call(s, 'GET', 'config/nsversion', { cookie: b }), 401, 444);
    expect(await login(s)).toBeTruthy();
  });

  it('serves HTTPS with the given certificate, trusted through a custom CA', async () => {
    const server = await issueCertificate(root, { commonName: 'adc.example.test', altNames: ['adc.example.test', '127.0.0.1'] });
    const s = await sim({ tls: { certPem: server.certPem, keyPem: server.keyPem } });
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const dispatcher = new Agent({ connect: { ca: root.certPem } });
    try {
      const r = await call(s, 'POST', 'config/login', { dispatcher, body: { login: { username: 'nsroot', password: 'nsroot-test' } } });
      expectDone(r, 201);
      expect(String(r.headers['set-cookie'])).toContain('Secure');
      const v = await call(s, 'GET', 'config/nsversion', { dispatcher, cookie: r.body.sessionid });
      expect(v.body.nsversion.version).toContain('NetScaler NS14.1');
    } finally {
      await dispatcher.close();
    }
    await expect(call(s, 'GET', 'config/nsversion')).rejects.toThrow();
  });
});

// ---------- systemfile ----------

describe('NITRO simulator: systemfile', () => {
  it('adds, refuses a duplicate with 409/1642, replaces with override=yes, reads back and lists', async () => {
    const s = await sim();
    const t = await login(s);
    expectDone(await upload(s, t, 'a.cer', 'one'), 201);
    expectError(await upload(s, t, 'a.cer', 'two'), 409, 1642);
    expectDone(await upload(s, t, 'a.cer', 'two', '/nsconfig/ssl/', true), 201);
    const got = await call(s, 'GET', `config/systemfile?args=filename:a.cer,filelocation:${enc('/nsconfig/ssl')}`, { cookie: t });
    expectDone(got);
    expect(Buffer.from(got.body.systemfile[0].filecontent, 'base64').toString()).toBe('two');
    expect(got.body.systemfile[0].filelocation).toBe('/nsconfig/ssl');
    // A fully URL-encoded args value works too.
    const got2 = await call(s, 'GET', `config/systemfile?args=${enc('filename:a.cer,filelocation:/nsconfig/ssl/')}`, { cookie: t });
    expect(got2.body.systemfile).toHaveLength(1);
    expectDone(await upload(s, t, 'b.key', 'k'), 201);
    expectDone(await upload(s, t, 'x.pem', 'x', '/nsconfig/ssl/sub'), 201);
    const listing = await call(s, 'GET', `config/systemfile?args=filelocation:${enc('/nsconfig/ssl')}`, { cookie: t });
    expect(listing.body.systemfile.map((f: any) => [f.filename, f.filemode ?? null])).toEqual([
      ['a.cer', null],
      ['b.key', null],
      ['sub', ['DIRECTORY']],
    ]);
    expect(listing.body.systemfile[0].filecontent).toBeUndefined();
  });

  it('enforces filename and filelocation limits (1106, 278)', async () => {
    const s = await sim();
    const t = await login(s);
    expectError(await upload(s, t, `${'n'.repeat(64)}`, 'x'), 400, 1106);
    expectDone(await upload(s, t, `${'n'.repeat(63)}`, 'x'), 201);
    expectError(await upload(s, t, 'dir/x.cer', 'x'), 400, 278);
    expectError(await upload(s, t, 'x.cer', 'x', `/${'l'.repeat(127)}`), 400, 1106);
    expectError(await upload(s, t, 'x.cer', 'x', 'nsconfig/ssl'), 400, 278);
    const notB64 = await call(s, 'POST', 'config/systemfile', {
      cookie: t,
      body: { systemfile: { filename: 'y', filelocation: '/nsconfig/ssl', filecontent: '!!!' } },
    });
    expectError(notB64, 400, 278);
  });

  it('deletes by name and location; a missing file is 404/258', async () => {
    const s = await sim();
    const t = await login(s);
    expectDone(await upload(s, t, 'gone.cer', 'x'), 201);
    expectDone(await call(s, 'DELETE', `config/systemfile/gone.cer?args=filelocation:${enc('/nsconfig/ssl')}`, { cookie: t }));
    expectError(
      await call(s, 'GET', `config/systemfile?args=filename:gone.cer,filelocation:${enc('/nsconfig/ssl')}`, { cookie: t }),
      404,
      258,
    );
    expectError(await call(s, 'DELETE', `config/systemfile/gone.cer?args=filelocation:${enc('/nsconfig/ssl')}`, { cookie: t }), 404, 258);
  });

  it('fails uploads beyond the free disk space and leaves the disk as it was', async () => {
    const s = await sim({ diskFreeBytes: 100 });
    const t = await login(s);
    expectDone(await upload(s, t, 'small', 'x'.repeat(60)), 201);
    const before = s.snapshot();
    const r = await upload(s, t, 'big', 'y'.repeat(41));
    expectError(r, 599, 28);
    expect(r.body.message).toContain('No space left on device');
    expect(s.snapshot()).toEqual(before);
    expectDone(await upload(s, t, 'fits', 'y'.repeat(40)), 201);
    expect(s.snapshot().diskFreeBytes).toBe(0);
    expectDone(await call(s, 'DELETE', `config/systemfile/small?args=filelocation:${enc('/nsconfig/ssl')}`, { cookie: t }));
    expect(s.snapshot().diskFreeBytes).toBe(60);
  });
});

// ---------- sslcertkey ----------

describe('NITRO simulator: sslcertkey', () => {
  it('adds a certkey from uploaded files and shows the computed fields, never key content', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    const r = await call(s, 'GET', 'config/sslcertkey/www', { cookie: t });
    expectDone(r);
    const ck = r.body.sslcertkey[0];
    const x = new X509Certificate(leaf.certPem);
    expect(ck).toMatchObject({
      certkey: 'www',
      cert: '/nsconfig/ssl/www.cer',
      key: '/nsconfig/ssl/www.key',
      inform: 'PEM',
      serial: leaf.serialHex.toUpperCase(),
      subject: 'CN=www.example.test',
      issuer: 'CN=Sim Test Intermediate',
      clientcertnotbefore: x.validFrom,
      clientcertnotafter: x.validTo,
      status: 'Valid',
      certificatetype: ['SRVR_CERT'],
      expirymonitor: 'DISABLED',
    });
    expect(ck.daystoexpiration).toBeGreaterThanOrEqual(363);
    expect(JSON.stringify(r.body)).not.toContain('PRIVATE KEY');
    const all = await call(s, 'GET', 'config/sslcertkey', { cookie: t });
    expect(all.body.sslcertkey.map((c: any) => [c.certkey, c.certificatetype[0]])).toEqual([
      ['inter', 'INTM_CERT'],
      ['root', 'ROOT_CERT'],
      ['www', 'SRVR_CERT'],
    ]);
    const filtered = await call(s, 'GET', 'config/sslcertkey?filter=status:Valid,certkey:inter', { cookie: t });
    expect(filtered.body.sslcertkey).toHaveLength(1);
    const count = await call(s, 'GET', 'config/sslcertkey?count=yes', { cookie: t });
    expect(count.body.sslcertkey[0].__count).toBe(3);
  });

  it('answers an empty GET without the resource key, and a missing one with 404/1540', async () => {
    const s = await sim();
    const t = await login(s);
    const r = await call(s, 'GET', 'config/sslcertkey', { cookie: t });
    expectDone(r);
    expect(r.body).not.toHaveProperty('sslcertkey');
    expectError(await call(s, 'GET', 'config/sslcertkey/nope', { cookie: t }), 404, 1540);
  });

  it('refuses a duplicate name (409/273), missing files (1647), a foreign key (1538) and a non-certificate (1536)', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectError(await addCertKey(s, t, { certkey: 'www', cert: 'www.cer', key: 'www.key' }), 409, 273);
    expectError(await addCertKey(s, t, { certkey: 'x', cert: 'missing.cer' }), 599, 1647);
    expectError(await addCertKey(s, t, { certkey: 'x', cert: 'www.cer', key: 'missing.key' }), 599, 1647);
    expectDone(await upload(s, t, 'shop.key', otherDomain.keyPem), 201);
    expectError(await addCertKey(s, t, { certkey: 'x', cert: 'www.cer', key: 'shop.key' }), 599, 1538);
    expectDone(await upload(s, t, 'junk.cer', 'hello'), 201);
    expectError(await addCertKey(s, t, { certkey: 'x', cert: 'junk.cer' }), 599, 1536);
    expectError(await addCertKey(s, t, { certkey: 'x', cert: 'www.cer', key: 'junk.cer' }), 599, 1537);
    expect(s.snapshot().partitions[0]!.certkeys.map((c) => c.certkey)).toEqual(['inter', 'root', 'www']);
  });

  it('needs passplain for an encrypted PEM key (1537) and keeps it out of the snapshot', async () => {
    const s = await sim();
    const t = await login(s);
    const encrypted = createPrivateKey(leaf.keyPem).export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'Secret#Phrase1',
    }) as string;
    expectDone(await upload(s, t, 'www.cer', leaf.certPem), 201);
    expectDone(await upload(s, t, 'www-enc.key', encrypted), 201);
    expectError(await addCertKey(s, t, { certkey: 'enc', cert: 'www.cer', key: 'www-enc.key' }), 599, 1537);
    expectError(await addCertKey(s, t, { certkey: 'enc', cert: 'www.cer', key: 'www-enc.key', passplain: 'wrong' }), 599, 1537);
    expectDone(await addCertKey(s, t, { certkey: 'enc', cert: 'www.cer', key: 'www-enc.key', passplain: 'Secret#Phrase1' }), 201);
    const snap = s.snapshot();
    expect(snap.partitions[0]!.certkeys[0]!.hasPassplain).toBe(true);
    expect(JSON.stringify(snap)).not.toContain('Secret#Phrase1');
    const got = await call(s, 'GET', 'config/sslcertkey/enc', { cookie: t });
    expect(JSON.stringify(got.body)).not.toContain('Secret#Phrase1');
  });

  it('accepts DER, and expired or not-yet-valid certificates with the matching status', async () => {
    const s = await sim();
    const t = await login(s);
    const der = new X509Certificate(leaf.certPem).raw;
    const keyDer = createPrivateKey(leaf.keyPem).export({ format: 'der', type: 'pkcs8' });
    expectDone(await upload(s, t, 'www.der', der), 201);
    expectDone(await upload(s, t, 'www-key.der', keyDer), 201);
    expectDone(await addCertKey(s, t, { certkey: 'der', cert: 'www.der', key: 'www-key.der', inform: 'DER' }), 201);
    expectError(await addCertKey(s, t, { certkey: 'der-as-pem', cert: 'www.der' }), 599, 1536);
    expectDone(await upload(s, t, 'old.cer', expired.certPem), 201);
    expectDone(await upload(s, t, 'soon.cer', future.certPem), 201);
    expectDone(await addCertKey(s, t, { certkey: 'old', cert: 'old.cer' }), 201);
    expectDone(await addCertKey(s, t, { certkey: 'soon', cert: 'soon.cer' }), 201);
    const all = (await call(s, 'GET', 'config/sslcertkey', { cookie: t })).body.sslcertkey;
    const byName = Object.fromEntries(all.map((c: any) => [c.certkey, c]));
    expect(byName.der.status).toBe('Valid');
    expect(byName.old.status).toBe('Expired');
    expect(byName.old.daystoexpiration).toBe(0);
    expect(byName.soon.status).toBe('Not yet valid');
  });

  it('updates in place (?action=update) keeping bindings; a file overwrite alone changes nothing loaded', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectDone(
      await call(s, 'PUT', 'config/sslvserver_sslcertkey_binding', {
        cookie: t,
        body: { sslvserver_sslcertkey_binding: { vservername: 'vs-web', certkeyname: 'www' } },
      }),
      201,
    );
    const fpOld = s.snapshot().partitions[0]!.certkeys.find((c) => c.certkey === 'www')!.loadedCertFingerprint256;
    expect(fpOld).toBe(leaf.fingerprint256);
    expectDone(await upload(s, t, 'www.cer', renewed.certPem, '/nsconfig/ssl/', true), 201);
    expect(s.snapshot().partitions[0]!.certkeys.find((c) => c.certkey === 'www')!.loadedCertFingerprint256).toBe(leaf.fingerprint256);
    // Renewed cert with the old key: mismatch.
    expectError(
      await call(s, 'POST', 'config/sslcertkey?action=update', { cookie: t, body: { sslcertkey: { certkey: 'www', cert: 'www.cer' } } }),
      599,
      1538,
    );
    expectDone(await upload(s, t, 'www.key', renewed.keyPem, '/nsconfig/ssl/', true), 201);
    expectDone(
      await call(s, 'POST', 'config/sslcertkey/www?action=update', {
        cookie: t,
        body: { sslcertkey: { certkey: 'www', cert: 'www.cer', key: 'www.key' } },
      }),
    );
    const snap = s.snapshot().partitions[0]!;
    expect(snap.certkeys.find((c) => c.certkey === 'www')!.loadedCertFingerprint256).toBe(renewed.fingerprint256);
    expect(snap.bindings).toEqual([{ vservername: 'vs-web', certkeyname: 'www', snicert: false, ca: false }]);
    expectError(
      await call(s, 'POST', 'config/sslcertkey?action=update', { cookie: t, body: { sslcertkey: { certkey: 'nope', cert: 'www.cer' } } }),
      404,
      1540,
    );
  });

  it('refuses an update to another domain with 3585 unless nodomaincheck is set', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectDone(await upload(s, t, 'shop.cer', otherDomain.certPem), 201);
    expectDone(await upload(s, t, 'shop.key', otherDomain.keyPem), 201);
    const before = s.snapshot();
    const body = { sslcertkey: { certkey: 'www', cert: 'shop.cer', key: 'shop.key' } };
    expectError(await call(s, 'POST', 'config/sslcertkey?action=update', { cookie: t, body }), 599, 3585);
    expect(s.snapshot()).toEqual(before);
    expectDone(
      await call(s, 'POST', 'config/sslcertkey?action=update', {
        cookie: t,
        body: { sslcertkey: { ...body.sslcertkey, nodomaincheck: true } },
      }),
    );
    expect((await call(s, 'GET', 'config/sslcertkey/www', { cookie: t })).body.sslcertkey[0].subject).toBe('CN=shop.example.test');
  });

  it('turns an add of an existing certkey into an update with ?idempotent=yes', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectDone(await upload(s, t, 'www2.cer', renewed.certPem), 201);
    expectDone(await upload(s, t, 'www2.key', renewed.keyPem), 201);
    const r = await call(s, 'POST', 'config/sslcertkey?idempotent=yes', {
      cookie: t,
      body: { sslcertkey: { certkey: 'www', cert: 'www2.cer', key: 'www2.key' } },
    });
    expect([r.status, r.body.errorcode]).toEqual([200, 0]);
    expect(s.snapshot().partitions[0]!.certkeys.find((c) => c.certkey === 'www')!.loadedCertFingerprint256).toBe(renewed.fingerprint256);
  });

  it('changes only monitor settings with PUT', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectDone(
      await call(s, 'PUT', 'config/sslcertkey', {
        cookie: t,
        body: { sslcertkey: { certkey: 'www', expirymonitor: 'ENABLED', notificationperiod: 45 } },
      }),
    );
    const ck = (await call(s, 'GET', 'config/sslcertkey/www', { cookie: t })).body.sslcertkey[0];
    expect([ck.expirymonitor, ck.notificationperiod]).toEqual(['ENABLED', 45]);
    expectError(
      await call(s, 'PUT', 'config/sslcertkey', { cookie: t, body: { sslcertkey: { certkey: 'www', cert: 'other.cer' } } }),
      400,
      278,
    );
    expectError(
      await call(s, 'PUT', 'config/sslcertkey', {
        cookie: t,
        body: { sslcertkey: { certkey: 'www', expirymonitor: 'ENABLED', notificationperiod: 5 } },
      }),
      400,
      278,
    );
    expectError(
      await call(s, 'PUT', 'config/sslcertkey', { cookie: t, body: { sslcertkey: { certkey: 'nope', expirymonitor: 'ENABLED' } } }),
      404,
      1540,
    );
  });

  it('links only to the issuer (1540, 1543, 1544), unlinks (1545), and refuses deleting a linked CA (1541)', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectDone(await upload(s, t, 'stranger.cer', strangerRoot.certPem), 201);
    expectDone(await addCertKey(s, t, { certkey: 'stranger', cert: 'stranger.cer' }), 201);
    const link = (certkey: string, linkcertkeyname: string) =>
      call(s, 'POST', 'config/sslcertkey?action=link', { cookie: t, body: { sslcertkey: { certkey, linkcertkeyname } } });
    const unlink = (certkey: string) =>
      call(s, 'POST', 'config/sslcertkey?action=unlink', { cookie: t, body: { sslcertkey: { certkey } } });
    expectError(await link('www', 'nope'), 404, 1540);
    expectError(await link('nope', 'inter'), 404, 1540);
    expectError(await link('www', 'www'), 599, 1543);
    expectError(await link('www', 'root'), 599, 1544);
    expectError(await link('www', 'stranger'), 599, 1544);
    expectDone(await link('www', 'inter'));
    expectError(await link('www', 'inter'), 409, 273);
    expectDone(await link('inter', 'root'));
    expect((await call(s, 'GET', 'config/sslcertkey/www', { cookie: t })).body.sslcertkey[0].linkcertkeyname).toBe('inter');
    expectError(await call(s, 'DELETE', 'config/sslcertkey/inter', { cookie: t }), 599, 1541);
    expectDone(await unlink('www'));
    expectError(await unlink('www'), 599, 1545);
    expectError(await unlink('nope'), 404, 1540);
    expectDone(await call(s, 'DELETE', 'config/sslcertkey/www', { cookie: t }));
    expectError(await call(s, 'DELETE', 'config/sslcertkey/root', { cookie: t }), 599, 1541);
    expectDone(await call(s, 'DELETE', 'config/sslcertkey/inter', { cookie: t }));
    expectDone(await call(s, 'DELETE', 'config/sslcertkey/root', { cookie: t }));
  });

  it('deletes a certkey only when unbound (1541); a missing one is 404/1540; files can go too', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectDone(
      await call(s, 'PUT', 'config/sslvserver_sslcertkey_binding', {
        cookie: t,
        body: { sslvserver_sslcertkey_binding: { vservername: 'vs-web', certkeyname: 'www' } },
      }),
      201,
    );
    expectError(await call(s, 'DELETE', 'config/sslcertkey/www', { cookie: t }), 599, 1541);
    expectDone(await call(s, 'DELETE', 'config/sslvserver_sslcertkey_binding/vs-web?args=certkeyname:www', { cookie: t }));
    expectDone(await call(s, 'DELETE', 'config/sslcertkey/www?args=deletecertkeyfilesalso:true', { cookie: t }));
    expectError(await call(s, 'DELETE', 'config/sslcertkey/www', { cookie: t }), 404, 1540);
    expect(s.snapshot().files.map((f) => f.name)).toEqual(['inter.cer', 'root.cer']);
  });
});

// ---------- bindings ----------

describe('NITRO simulator: vservers and bindings', () => {
  it('lists SSL vservers and binds with PUT or POST (201 both), SNI included', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    const vs = await call(s, 'GET', 'config/sslvserver', { cookie: t });
    expect(vs.body.sslvserver.map((v: any) => v.vservername)).toEqual(['vs-api', 'vs-web']);
    expectError(await call(s, 'GET', 'config/sslvserver/nope', { cookie: t }), 404, 258);
    const bind = (method: string, o: Record<string, unknown>) =>
      call(s, method, 'config/sslvserver_sslcertkey_binding', { cookie: t, body: { sslvserver_sslcertkey_binding: o } });
    expectDone(await bind('PUT', { vservername: 'vs-web', certkeyname: 'www' }), 201);
    expectDone(await bind('POST', { vservername: 'vs-web', certkeyname: 'inter', snicert: true }), 201);
    expectError(await bind('PUT', { vservername: 'vs-web', certkeyname: 'www' }), 409, 273);
    expectError(await bind('PUT', { vservername: 'vs-web', certkeyname: 'root' }), 409, 273); // second default cert
    expectError(await bind('PUT', { vservername: 'nope', certkeyname: 'www' }), 404, 258);
    expectError(await bind('PUT', { vservername: 'vs-api', certkeyname: 'nope' }), 404, 1540);
    expectDone(await bind('PUT', { vservername: 'vs-api', certkeyname: 'www' }), 201);
    const onWeb = await call(s, 'GET', 'config/sslvserver_sslcertkey_binding/vs-web', { cookie: t });
    expect(onWeb.body.sslvserver_sslcertkey_binding).toEqual([
      { vservername: 'vs-web', certkeyname: 'inter', snicert: true, ca: false },
      { vservername: 'vs-web', certkeyname: 'www', snicert: false, ca: false },
    ]);
    const users = await call(s, 'GET', 'config/sslcertkey_sslvserver_binding/www', { cookie: t });
    expect(users.body.sslcertkey_sslvserver_binding.map((b: any) => b.servername)).toEqual(['vs-api', 'vs-web']);
    expectError(await call(s, 'GET', 'config/sslcertkey_sslvserver_binding/nope', { cookie: t }), 404, 1540);
    const none = await call(s, 'GET', 'config/sslcertkey_sslvserver_binding/root', { cookie: t });
    expectDone(none);
    expect(none.body).not.toHaveProperty('sslcertkey_sslvserver_binding');
  });

  it('unbinds with args certkeyname[,snicert:true]; a missing binding is 1542', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    await call(s, 'POST', 'config/sslvserver_sslcertkey_binding', {
      cookie: t,
      body: { sslvserver_sslcertkey_binding: { vservername: 'vs-web', certkeyname: 'www', snicert: true } },
    });
    expectError(await call(s, 'DELETE', 'config/sslvserver_sslcertkey_binding/vs-web?args=certkeyname:www', { cookie: t }), 599, 1542);
    expectError(await call(s, 'DELETE', 'config/sslvserver_sslcertkey_binding/nope?args=certkeyname:www', { cookie: t }), 404, 258);
    expectDone(await call(s, 'DELETE', 'config/sslvserver_sslcertkey_binding/vs-web?args=certkeyname:www,snicert:true', { cookie: t }));
    expect(s.snapshot().partitions[0]!.bindings).toEqual([]);
  });
});

// ---------- save, HA, partitions ----------

describe('NITRO simulator: save, HA and partitions', () => {
  it('records saves and unsaved changes; save can be made to fail with 1461', async () => {
    const s = await sim();
    const t = await login(s);
    expect(s.snapshot().partitions[0]!.saves).toEqual({ count: 0, lastSavedAt: null, unsavedChanges: false });
    await withChain(s, t);
    expect(s.snapshot().partitions[0]!.saves.unsavedChanges).toBe(true);
    s.faults.fail(
      { resource: 'nsconfig', action: 'save' },
      { status: 599, errorcode: 1461, message: 'Max concurrent save configs in progress' },
    );
    expectError(await call(s, 'POST', 'config/nsconfig?action=save', { cookie: t, body: { nsconfig: {} } }), 599, 1461);
    expect(s.snapshot().partitions[0]!.saves.count).toBe(0);
    expectDone(await call(s, 'POST', 'config/nsconfig?action=save', { cookie: t, body: { nsconfig: {} } }));
    expect(s.snapshot().partitions[0]!.saves).toMatchObject({ count: 1, unsavedChanges: false });
  });

  it('reports unsaved changes as nsconfig configchanged, true after a config change until the next save', async () => {
    const s = await sim();
    const t = await login(s);
    const changed = async () => (await call(s, 'GET', 'config/nsconfig', { cookie: t })).body.nsconfig as Record<string, unknown>;
    expect(await changed()).toEqual({ configchanged: false });
    await withChain(s, t);
    expect((await changed()).configchanged).toBe(true);
    expectDone(await call(s, 'POST', 'config/nsconfig?action=save', { cookie: t, body: { nsconfig: {} } }));
    expect(await changed()).toMatchObject({ configchanged: false, lastconfigsavetime: expect.any(String) });
  });

  it('reports HA state; a secondary refuses changes with 368; a primary passes commands on at once and files only on sync', async () => {
    const b = await sim({ name: 'adc-b', haState: 'secondary' });
    const a = await sim({ name: 'adc-a', haState: 'primary', peer: b });
    const ta = await login(a);
    const tb = await login(b);
    const haA = await call(a, 'GET', 'config/hanode', { cookie: ta });
    expect(haA.body.hanode.map((n: any) => [n.id, n.state])).toEqual([
      [0, 'Primary'],
      [1, 'Secondary'],
    ]);
    const haB = await call(b, 'GET', 'config/hanode', { cookie: tb });
    expect(haB.body.hanode[0].state).toBe('Secondary');
    expect((await call(b, 'GET', 'stat/hanode', { cookie: tb })).body.hanode.hacurmasterstate).toBe('Secondary');
    expectError(await upload(b, tb, 'x.cer', 'x'), 599, 368);
    expectError(await addCertKey(b, tb, { certkey: 'x', cert: 'x.cer' }), 599, 368);
    expectError(await call(b, 'POST', 'config/hafiles?action=sync', { cookie: tb, body: { hafiles: { mode: ['ssl'] } } }), 599, 368);
    expectDone(await call(b, 'POST', 'config/nsconfig?action=save', { cookie: tb, body: { nsconfig: {} } }));
    expectDone(await call(b, 'GET', 'config/sslcertkey', { cookie: tb }));
    expectError(await call(a, 'POST', 'config/hafiles?action=sync', { cookie: ta, body: { hafiles: { mode: ['nope'] } } }), 400, 278);

    // Uploaded, then added without a sync: each add reached the secondary, which lacks the files.
    await withChain(a, ta);
    expect(b.snapshot().files).toEqual([]);
    expect(b.snapshot().partitions[0]!.certkeys).toEqual([]);
    expect(b.snapshot().propagationErrors.map((e) => [e.command, e.errorcode])).toEqual([
      ['POST sslcertkey', 1647],
      ['POST sslcertkey', 1647],
      ['POST sslcertkey', 1647],
    ]);
    expect(a.snapshot().propagationErrors).toEqual([]);
    // The sync brings the files, not the commands that already failed there.
    expectDone(await call(a, 'POST', 'config/hafiles?action=sync', { cookie: ta, body: { hafiles: { mode: ['ssl'] } } }));
    expect(b.snapshot().files).toEqual(a.snapshot().files);
    expect(b.snapshot().partitions[0]!.certkeys).toEqual([]);
    expectDone(await call(a, 'POST', 'config/nsconfig?action=save', { cookie: ta, body: { nsconfig: {} } }));
    expect(b.snapshot().partitions[0]!.saves.count).toBe(2);

    // Failover: the other node takes over.
    a.setHaState('secondary');
    b.setHaState('primary');
    expectError(await upload(a, ta, 'y.cer', 'y'), 599, 368);
    expectDone(await upload(b, tb, 'y.cer', 'y'), 201);
  });

  it('refuses hafiles sync on a standalone appliance', async () => {
    const s = await sim();
    const t = await login(s);
    const r = await call(s, 'GET', 'config/hanode', { cookie: t });
    expect(r.body.hanode).toHaveLength(1);
    expect(r.body.hanode[0].state).toBe('Primary');
    expect(r.body.hanode[0].hacurstatus).toBe('NO');
    expect((await call(s, 'POST', 'config/hafiles?action=sync', { cookie: t, body: { hafiles: { mode: ['ssl'] } } })).body.severity).toBe(
      'ERROR',
    );
  });

  it('switches the session to an admin partition (2755 when absent) where files live under its own folder', async () => {
    const s = await sim({ partitions: ['p1'], vservers: [{ name: 'vs-p1', partition: 'p1' }] });
    const t = await login(s);
    const sw = (p: string) =>
      call(s, 'POST', 'config/nspartition?action=Switch', { cookie: t, body: { nspartition: { partitionname: p } } });
    expectError(await sw('nope'), 599, 2755);
    expectDone(await sw('p1'));
    expectError(await upload(s, t, 'www.cer', leaf.certPem), 599, 1647);
    expectDone(await upload(s, t, 'www.cer', leaf.certPem, '/nsconfig/partitions/p1/ssl/'), 201);
    expectDone(await upload(s, t, 'www.key', leaf.keyPem, '/nsconfig/partitions/p1/ssl/'), 201);
    expectError(await addCertKey(s, t, { certkey: 'www', cert: '/nsconfig/ssl/www.cer', key: 'www.key' }), 599, 1647);
    expectDone(await addCertKey(s, t, { certkey: 'www', cert: 'www.cer', key: 'www.key' }), 201);
    expectDone(
      await call(s, 'PUT', 'config/sslvserver_sslcertkey_binding', {
        cookie: t,
        body: { sslvserver_sslcertkey_binding: { vservername: 'vs-p1', certkeyname: 'www' } },
      }),
      201,
    );
    expect(s.requests.at(-1)!.partition).toBe('p1');
    const snap = s.snapshot();
    expect(snap.partitions.map((p) => [p.name, p.certkeys.map((c) => c.cert)])).toEqual([
      ['default', []],
      ['p1', ['/nsconfig/partitions/p1/ssl/www.cer']],
    ]);
    expectDone(await sw('default'));
    expectError(await call(s, 'GET', 'config/sslcertkey/www', { cookie: t }), 404, 1540);
    expectError(await addCertKey(s, t, { certkey: 'www', cert: '/nsconfig/partitions/p1/ssl/www.cer' }), 599, 1647);
  });
});

// ---------- protocol edges, faults, log, snapshot ----------

describe('NITRO simulator: protocol edges, faults and bookkeeping', () => {
  it('answers unknown resources with 404 and malformed JSON with 400/278, in a NITRO envelope', async () => {
    const s = await sim();
    const t = await login(s);
    const unknown = await call(s, 'GET', 'config/lbvserverx', { cookie: t });
    expect(unknown.status).toBe(404);
    expect(unknown.body.severity).toBe('ERROR');
    expect(unknown.body.errorcode).not.toBe(0);
    expectError(await call(s, 'POST', 'config/sslcertkey', { cookie: t, rawBody: '{"sslcertkey": {' }), 400, 278);
    expectError(await call(s, 'POST', 'config/sslcertkey', { cookie: t, body: { wrong: {} } }), 400, 278);
  });

  it('accepts the form-encoded object= body older clients send', async () => {
    const s = await sim();
    const r = await call(s, 'POST', 'config/login', {
      rawBody: `object=${enc(JSON.stringify({ login: { username: 'nsroot', password: 'nsroot-test' } }))}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectDone(r, 201);
  });

  it('injects failures a set number of times, by resource, method, action and name', async () => {
    const s = await sim();
    const t = await login(s);
    s.faults.fail({ resource: 'systemfile', method: 'POST', name: 'a.cer' }, { status: 503, errorcode: 9999, message: 'busy' }, 2);
    expectDone(await upload(s, t, 'b.cer', 'b'), 201);
    const r = await upload(s, t, 'a.cer', 'a');
    expect([r.status, r.body.errorcode, r.body.message]).toEqual([503, 9999, 'busy']);
    expect((await upload(s, t, 'a.cer', 'a')).status).toBe(503);
    expectDone(await upload(s, t, 'a.cer', 'a'), 201);
    s.faults.fail({ resource: 'login' }, { status: 401, errorcode: 354, message: 'Invalid username or password' });
    s.faults.clear();
    expect(await login(s)).toBeTruthy();
  });

  it('hangs a request until close, and drops a connection mid-request', async () => {
    const s = await sim();
    const t = await login(s);
    s.faults.hang({ resource: 'sslcertkey', method: 'GET' });
    await expect(call(s, 'GET', 'config/sslcertkey', { cookie: t, signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expectDone(await call(s, 'GET', 'config/sslcertkey', { cookie: t }));
    s.faults.drop({ resource: 'systemfile' });
    await expect(upload(s, t, 'x.cer', 'x')).rejects.toThrow();
    expect(s.snapshot().files).toEqual([]);
    expectDone(await upload(s, t, 'x.cer', 'x'), 201);
    s.faults.hang({ resource: 'nsversion' });
    const pending = call(s, 'GET', 'config/nsversion', { cookie: t }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('delays every response by latencyMs', async () => {
    const s = await sim({ latencyMs: 80 });
    const started = performance.now();
    await login(s);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('logs every request with method, path, query, status, errorcode and partition', async () => {
    const s = await sim();
    const t = await login(s);
    await call(s, 'GET', 'config/sslcertkey/nope', { cookie: t });
    await call(s, 'GET', `config/systemfile?args=filelocation:${enc('/nsconfig/ssl')}`, { cookie: t });
    expect(s.requests.map((r) => [r.method, r.path, r.status, r.errorcode, r.partition])).toEqual([
      ['POST', '/nitro/v1/config/login', 201, 0, 'default'],
      ['GET', '/nitro/v1/config/sslcertkey/nope', 404, 1540, 'default'],
      ['GET', '/nitro/v1/config/systemfile', 200, 0, 'default'],
    ]);
    expect(s.requests[2]!.query).toEqual({ args: 'filelocation:/nsconfig/ssl' });
    expect(Date.parse(s.requests[0]!.at)).not.toBeNaN();
    s.resetRequestLog();
    expect(s.requests).toEqual([]);
  });

  it('gives stable, JSON-serialisable snapshots, unchanged by failed or read-only requests', async () => {
    const s = await sim({ partitions: ['p2'] });
    const t = await login(s);
    await withChain(s, t);
    const a = s.snapshot();
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    await call(s, 'GET', 'config/sslcertkey', { cookie: t });
    await addCertKey(s, t, { certkey: 'www', cert: 'www.cer' });
    await call(s, 'DELETE', 'config/sslcertkey/nope', { cookie: t });
    const b = s.snapshot();
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    b.files.length = 0;
    expect(s.snapshot().files.length).toBe(4);
  });

  it('seeds files, certkeys, vservers and bindings directly', async () => {
    const s = await sim();
    s.seed((st) => {
      st.putFile('/nsconfig/ssl/seeded.cer', leaf.certPem);
      st.putFile('/nsconfig/ssl/seeded.key', leaf.keyPem);
      st.addVserver('vs-seeded');
      st.addCertKey({ certkey: 'seeded', cert: 'seeded.cer', key: 'seeded.key' });
      st.bind({ vservername: 'vs-seeded', certkeyname: 'seeded' });
    });
    const t = await login(s);
    const ck = (await call(s, 'GET', 'config/sslcertkey/seeded', { cookie: t })).body.sslcertkey[0];
    expect(ck.serial).toBe(leaf.serialHex.toUpperCase());
    expectError(await call(s, 'DELETE', 'config/sslcertkey/seeded', { cookie: t }), 599, 1541);
    expect(s.snapshot().partitions[0]!.saves.unsavedChanges).toBe(false);
    expect(() => s.seed((st) => st.addCertKey({ certkey: 'broken', cert: 'missing.cer' }))).toThrow(/missing\.cer/);
  });
});

// ---------- what real appliances refuse ----------

describe('NITRO simulator: held to real appliances', () => {
  it('refuses the same certificate under a second certkey name with 409/273, naming the certkey that holds it', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    expectDone(await upload(s, t, 'inter-copy.cer', inter.certPem), 201);
    expectDone(await upload(s, t, 'www-copy.cer', leaf.certPem), 201);
    const before = s.snapshot();
    const again = await addCertKey(s, t, { certkey: 'other-tool-ca', cert: 'inter-copy.cer' });
    expectError(again, 409, 273);
    expect(again.body.message).toBe('Resource already exists [certkeyName Contents, inter]');
    const leafAgain = await addCertKey(s, t, { certkey: 'www2', cert: 'www-copy.cer', key: 'www.key' });
    expectError(leafAgain, 409, 273);
    expect(leafAgain.body.message).toBe('Resource already exists [certkeyName Contents, www]');
    expect(s.snapshot()).toEqual(before);
  });

  it('needs nodomaincheck for an update that adds, drops or changes a DNS SAN, not for a renewal of the same names', async () => {
    const names = ['www.example.test', 'example.test'];
    const current = await issueCertificate(inter, { commonName: 'www.example.test', altNames: names });
    const sameNames = await issueCertificate(inter, { commonName: 'www.example.test', altNames: [...names].reverse() });
    const addsSan = await issueCertificate(inter, { commonName: 'www.example.test', altNames: [...names, 'api.example.test'] });
    const dropsSan = await issueCertificate(inter, { commonName: 'www.example.test', altNames: ['www.example.test'] });
    const changesSan = await issueCertificate(inter, {
      commonName: 'www.example.test',
      altNames: ['www.example.test', 'shop.example.test'],
    });
    const s = await sim();
    const t = await login(s);
    for (const [name, c] of Object.entries({ current, sameNames, addsSan, dropsSan, changesSan })) {
      expectDone(await upload(s, t, `${name}.cer`, c.certPem), 201);
      expectDone(await upload(s, t, `${name}.key`, c.keyPem), 201);
    }
    expectDone(await addCertKey(s, t, { certkey: 'www', cert: 'current.cer', key: 'current.key' }), 201);
    const update = (name: string, nodomaincheck?: boolean) =>
      call(s, 'POST', 'config/sslcertkey?action=update', {
        cookie: t,
        body: { sslcertkey: { certkey: 'www', cert: `${name}.cer`, key: `${name}.key`, ...(nodomaincheck ? { nodomaincheck } : {}) } },
      });
    for (const name of ['addsSan', 'dropsSan', 'changesSan']) expectError(await update(name), 599, 3585);
    expectDone(await update('sameNames'));
    expectDone(await update('addsSan', true));
    expect(s.snapshot().partitions[0]!.certkeys[0]!.loadedCertSerial).toBe(addsSan.serialHex.toUpperCase());
  });

  it('limits certkey names to 63 characters, and to 31 on builds before 13.0 (400/1106); nsversion tells which', async () => {
    const old = await sim({ version: 'NetScaler NS12.1: Build 65.25.nc, Date: Jan 12 2023, 10:11:12   (64-bit)' });
    const current = await sim();
    for (const [s, max] of [
      [old, 31],
      [current, 63],
    ] as const) {
      const t = await login(s);
      expectDone(await upload(s, t, 'inter.cer', inter.certPem), 201);
      const tooLong = await addCertKey(s, t, { certkey: 'c'.repeat(max + 1), cert: 'inter.cer' });
      expectError(tooLong, 400, 1106);
      expect(tooLong.body.message).toBe(`String length exceeds maximum [certkeyName, ${max}]`);
      expectDone(await addCertKey(s, t, { certkey: 'c'.repeat(max), cert: 'inter.cer' }), 201);
    }
    const t = await login(old);
    expect((await call(old, 'GET', 'config/nsversion', { cookie: t })).body.nsversion.version).toMatch(/^NetScaler NS12\.1: Build 65\.25/);
  });

  it('narrows binding reads by ?filter= and ?args=', async () => {
    const s = await sim();
    const t = await login(s);
    await withChain(s, t);
    const bind = (o: Record<string, unknown>) =>
      call(s, 'PUT', 'config/sslvserver_sslcertkey_binding', { cookie: t, body: { sslvserver_sslcertkey_binding: o } });
    expectDone(await bind({ vservername: 'vs-web', certkeyname: 'www' }), 201);
    expectDone(await bind({ vservername: 'vs-web', certkeyname: 'inter', snicert: true }), 201);
    expectDone(await bind({ vservername: 'vs-api', certkeyname: 'www' }), 201);
    const read = async (query: string) =>
      ((await call(s, 'GET', `config/sslvserver_sslcertkey_binding${query}`, { cookie: t })).body.sslvserver_sslcertkey_binding ?? []).map(
        (b: any) => `${b.vservername}:${b.certkeyname}`,
      );
    expect(await read('/vs-web')).toEqual(['vs-web:inter', 'vs-web:www']);
    expect(await read('/vs-web?filter=certkeyname:www')).toEqual(['vs-web:www']);
    expect(await read('/vs-web?filter=snicert:true')).toEqual(['vs-web:inter']);
    expect(await read('/vs-web?args=certkeyname:inter')).toEqual(['vs-web:inter']);
    expect(await read('/vs-web?filter=certkeyname:root')).toEqual([]);
    expect(await read('?args=vservername:vs-api')).toEqual(['vs-api:www']);
    expect(await read('?filter=certkeyname:www')).toEqual(['vs-api:www', 'vs-web:www']);
  });

  it('answers a missing required argument with 400/1095, naming it', async () => {
    const s = await sim();
    const t = await login(s);
    const noCert = await addCertKey(s, t, { certkey: 'x' });
    expectError(noCert, 400, 1095);
    expect(noCert.body.message).toBe('Required argument missing [cert]');
    const noCertkey = await call(s, 'PUT', 'config/sslvserver_sslcertkey_binding', {
      cookie: t,
      body: { sslvserver_sslcertkey_binding: { vservername: 'vs-web' } },
    });
    expectError(noCertkey, 400, 1095);
    expect(noCertkey.body.message).toBe('Required argument missing [certkeyname]');
  });

  it('HA: commands reach the secondary at once and use its files; upload, sync, then add leaves nothing broken', async () => {
    const b = await sim({ name: 'adc-b', haState: 'secondary' });
    const a = await sim({ name: 'adc-a', haState: 'primary', peer: b });
    const t = await login(a);
    const sync = () => call(a, 'POST', 'config/hafiles?action=sync', { cookie: t, body: { hafiles: { mode: ['ssl'] } } });
    const names = (s: NitroSimulator) => s.snapshot().partitions[0]!.certkeys.map((c) => `${c.certkey}:${c.loadedCertSerial}`);

    // Upload, sync, add: the secondary holds the same certkeys and bindings.
    expectDone(await upload(a, t, 'www.cer', leaf.certPem), 201);
    expectDone(await upload(a, t, 'www.key', leaf.keyPem), 201);
    expectDone(await sync());
    expectDone(await addCertKey(a, t, { certkey: 'www', cert: 'www.cer', key: 'www.key' }), 201);
    expectDone(
      await call(a, 'PUT', 'config/sslvserver_sslcertkey_binding', {
        cookie: t,
        body: { sslvserver_sslcertkey_binding: { vservername: 'vs-web', certkeyname: 'www' } },
      }),
      201,
    );
    expect(names(b)).toEqual(names(a));
    expect(b.snapshot().partitions[0]!.bindings).toEqual(a.snapshot().partitions[0]!.bindings);
    expect(b.snapshot().propagationErrors).toEqual([]);

    // Renewal files uploaded but not synced: the update reaches a secondary without them and fails there.
    expectDone(await upload(a, t, 'www-2.cer', renewed.certPem), 201);
    expectDone(await upload(a, t, 'www-2.key', renewed.keyPem), 201);
    const update = () =>
      call(a, 'POST', 'config/sslcertkey?action=update', {
        cookie: t,
        body: { sslcertkey: { certkey: 'www', cert: 'www-2.cer', key: 'www-2.key' } },
      });
    expectDone(await update());
    expect(names(a)).toEqual([`www:${renewed.serialHex.toUpperCase()}`]);
    expect(names(b)).toEqual([`www:${leaf.serialHex.toUpperCase()}`]);
    expect(b.snapshot().propagationErrors).toEqual([
      {
        command: 'POST sslcertkey?action=update',
        partition: 'default',
        errorcode: 1647,
        message: 'Input file(s) not present or not accessible in current partition [www-2.cer]',
      },
    ]);
    // After the sync, running the same update again brings the secondary level.
    expectDone(await sync());
    expectDone(await update());
    expect(names(b)).toEqual(names(a));

    // Deletes travel too; the files a sync copied stay on the secondary.
    expectDone(await call(a, 'DELETE', 'config/sslvserver_sslcertkey_binding/vs-web?args=certkeyname:www', { cookie: t }));
    expectDone(await call(a, 'DELETE', 'config/sslcertkey/www', { cookie: t }));
    expect(names(b)).toEqual([]);
    expect(b.snapshot().files.map((f) => f.name)).toEqual(['www-2.cer', 'www-2.key', 'www.cer', 'www.key']);
  });
});
