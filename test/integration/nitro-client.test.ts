import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrustStore } from '../../electron/services/network/trust-store.ts';
import { fetchPresentedCertificate } from '../../electron/services/nitro/appliance-trust.ts';
import { testApplianceConnection } from '../../electron/services/nitro/connection-test.ts';
import { NitroClient } from '../../electron/services/nitro/nitro-client.ts';
import { ApplianceProfile, ConnectionTestResult, PresentedCertificate } from '../../shared/schemas/certificates.ts';
import { FAST_CLIENT, getPassword, profileFor, startSim, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

const { world: w, sim } = simulatorHarness();

async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; hint?: string; step?: string; errorcode?: number; appliance?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('test connection', () => {
  it('logs in, reads version and HA state, logs out', async () => {
    const s = await sim({ name: 'lab-adc', version: 'NetScaler NS14.1: Build 99.1.nc' });
    const r = await testApplianceConnection(await profileFor(s), getPassword, FAST_CLIENT);
    expect(ConnectionTestResult.parse(r)).toEqual(r);
    expect(r).toMatchObject({
      ok: true,
      version: 'NetScaler NS14.1: Build 99.1.nc',
      haState: 'standalone',
      appliance: expect.stringMatching(/^lab-adc \(127\.0\.0\.1:\d+\)$/) as unknown,
    });
    expect(s.requests.map((q) => q.path)).toEqual([
      '/nitro/v1/config/login',
      '/nitro/v1/config/nsversion',
      '/nitro/v1/config/hanode',
      '/nitro/v1/config/logout',
    ]);
  });

  it('reports an HA node and its peer, and switches to the partition of the profile', async () => {
    const a = await sim({ name: 'a', haState: 'primary', partitions: ['p1'] });
    const b = await sim({ name: 'b', haState: 'secondary' });
    a.setPeer(b);
    const r = await testApplianceConnection(await profileFor(a, { partition: 'p1' }), getPassword, FAST_CLIENT);
    expect(r).toMatchObject({ haState: 'primary', haPeer: '127.0.0.1', partition: 'p1' });
    expect(a.requests[1]).toMatchObject({ path: '/nitro/v1/config/nspartition', query: { action: 'Switch' }, partition: 'p1' });
    expect((await testApplianceConnection(await profileFor(b), getPassword, FAST_CLIENT)).haState).toBe('secondary');
  });

  it('names the appliance and the user, never the password, when the login is refused', async () => {
    const s = await sim();
    const e = await failure(testApplianceConnection(await profileFor(s), () => 'wrong-password-123', FAST_CLIENT));
    expect(e).toMatchObject({ code: 'APPLIANCE_LOGIN_FAILED', step: 'login', errorcode: 354 });
    expect(e.message).toMatch(
      /^adc \(127\.0\.0\.1:\d+\): login as "nsroot" was refused: Invalid username or password \(NITRO errorcode 354, HTTP 401\)\.$/,
    );
    expect(JSON.stringify(e)).not.toContain('wrong-password-123');
    const missing = await failure(testApplianceConnection(await profileFor(s), () => null, FAST_CLIENT));
    expect(missing.code).toBe('APPLIANCE_PASSWORD_MISSING');
  });

  it('says an appliance cannot be reached, and times out on one that does not answer', async () => {
    const gone = await startSim();
    const profile = await profileFor(gone);
    await gone.close();
    const e = await failure(testApplianceConnection(profile, getPassword, FAST_CLIENT));
    expect(e.code).toBe('APPLIANCE_UNREACHABLE');
    expect(e.message).toMatch(/^adc \(127\.0\.0\.1:\d+\): could not connect to https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\.$/);
    const s = await sim();
    s.faults.hang({ resource: 'nsversion' });
    const t0 = Date.now();
    const slow = await failure(testApplianceConnection(await profileFor(s), getPassword, { ...FAST_CLIENT, timeoutMs: 300 }));
    expect(slow).toMatchObject({ code: 'APPLIANCE_TIMEOUT', step: 'read version' });
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('answer size', () => {
  it('stops reading an answer that never ends, fails promptly with RESPONSE_TOO_LARGE, and hangs up', async () => {
    const s = await sim();
    s.faults.flood({ resource: 'nsversion' });
    const t0 = Date.now();
    const e = await failure(testApplianceConnection(await profileFor(s), getPassword, { ...FAST_CLIENT, maxResponseBytes: 256 * 1024 }));
    expect(e).toMatchObject({ code: 'RESPONSE_TOO_LARGE', step: 'read version' });
    expect(e.message).toMatch(
      /^adc \(127\.0\.0\.1:\d+\): read version got an answer larger than 256 KiB \(HTTP 200\); Fieldkit stopped reading it\.$/,
    );
    expect(Date.now() - t0).toBeLessThan(1_000);
    // The connection is closed: the server stops sending instead of streaming on into a socket nobody reads.
    const sent = s.floodedBytes;
    await new Promise((r) => setTimeout(r, 200));
    expect(s.floodedBytes).toBe(sent);
  });
});

describe('TLS trust of the management interface', () => {
  it('shows the presented certificate for trust on first use, then connects pinned to it', async () => {
    const s = await sim();
    const url = new URL(s.url);
    const presented = await fetchPresentedCertificate(url.hostname, Number(url.port));
    expect(PresentedCertificate.parse(presented)).toEqual(presented);
    expect(presented).toMatchObject({
      fingerprint256: w.mgmtLeaf.fingerprint256,
      subject: 'CN=ns-mgmt.test',
      issuer: 'CN=Fieldkit Test Management CA',
      selfSigned: false,
      trustedBySystem: false,
    });
    expect(s.requests).toEqual([]);
    const r = await testApplianceConnection(
      await profileFor(s, { trust: { mode: 'pinned', fingerprint256: presented.fingerprint256.replace(/:/g, '').toLowerCase() } }),
      getPassword,
      FAST_CLIENT,
    );
    expect(r.ok).toBe(true);
  });

  it("pins an appliance's own self-signed certificate", async () => {
    const self = await createRootCa({ commonName: 'ns-selfsigned' });
    const s = await sim({ tls: { certPem: self.certPem, keyPem: self.keyPem } });
    const url = new URL(s.url);
    expect((await fetchPresentedCertificate(url.hostname, Number(url.port))).selfSigned).toBe(true);
    const r = await testApplianceConnection(
      await profileFor(s, { trust: { mode: 'pinned', fingerprint256: self.fingerprint256 } }),
      getPassword,
      FAST_CLIENT,
    );
    expect(r.ok).toBe(true);
  });

  it('stops before sending anything when the pinned certificate changed', async () => {
    const other = await createRootCa({ commonName: 'ns-replaced' });
    const s = await sim({ tls: { certPem: other.certPem, keyPem: other.keyPem } });
    const e = await failure(
      testApplianceConnection(
        await profileFor(s, { trust: { mode: 'pinned', fingerprint256: w.mgmtLeaf.fingerprint256 } }),
        getPassword,
        FAST_CLIENT,
      ),
    );
    expect(e.code).toBe('APPLIANCE_FINGERPRINT_CHANGED');
    expect(e.message).toContain(`Pinned ${w.mgmtLeaf.fingerprint256}, presented ${other.fingerprint256}`);
    expect(e.hint).toMatch(/intercepting/);
    expect(s.requests).toEqual([]);
  });

  it('refuses a management certificate the profile CA did not issue', async () => {
    const s = await sim();
    const e = await failure(
      testApplianceConnection(await profileFor(s, { trust: { mode: 'ca', caPem: w.root.certPem } }), getPassword, FAST_CLIENT),
    );
    expect(e.code).toBe('APPLIANCE_TLS_UNTRUSTED');
    expect(s.requests).toEqual([]);
  });

  it('has no way to turn verification off: the profile takes a CA or a pin, nothing else', () => {
    const base = { id: 'x', host: '127.0.0.1', username: 'nsroot' };
    expect(ApplianceProfile.safeParse({ ...base, trust: { mode: 'insecure' } }).success).toBe(false);
    expect(ApplianceProfile.safeParse({ ...base, trust: { mode: 'pinned', fingerprint256: 'abc' } }).success).toBe(false);
    expect(ApplianceProfile.parse({ ...base, trust: { mode: 'pinned', fingerprint256: 'ab'.repeat(32) } }).trust).toEqual({
      mode: 'pinned',
      fingerprint256: Array(32).fill('AB').join(':'),
    });
    expect(ApplianceProfile.safeParse({ ...base, password: 'x', trust: { mode: 'ca', caPem: w.mgmtCa.certPem } }).success).toBe(false);
  });
});

describe('one trust for appliance connections', () => {
  /** A trust whose only "system" root is the management CA, as an enterprise CA in the OS store would be. */
  const systemTrusting = (pem: string) => buildTrustStore({ systemCertificates: () => [pem], env: {} });
  const nothingTrusted = () => buildTrustStore({ includeSystem: false, env: {} });

  function withNodeExtraFile<T>(pem: string, run: (path: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), 'fieldkit-node-extra-'));
    const path = join(dir, 'extra.pem');
    writeFileSync(path, pem);
    return run(path).finally(() => rmSync(dir, { recursive: true, force: true }));
  }

  it('"trusted by the system" means the OS store, not only the bundled roots', async () => {
    const s = await sim();
    const url = new URL(s.url);
    const fetch = async (trustStore: Awaited<ReturnType<typeof buildTrustStore>>) =>
      (await fetchPresentedCertificate(url.hostname, Number(url.port), { trustStore })).trustedBySystem;
    expect(await fetch(await systemTrusting(w.mgmtCa.certPem))).toBe(true);
    expect(await fetch(await nothingTrusted())).toBe(false);
    expect(s.requests).toEqual([]);
  });

  it('"trusted by the system" includes a CA given only through NODE_EXTRA_CA_CERTS, read when the app asks, not at start', async () => {
    const s = await sim();
    const url = new URL(s.url);
    await withNodeExtraFile(w.mgmtCa.certPem, async (path) => {
      const store = await buildTrustStore({ includeSystem: false, env: { NODE_EXTRA_CA_CERTS: path } });
      expect((await fetchPresentedCertificate(url.hostname, Number(url.port), { trustStore: store })).trustedBySystem).toBe(true);
      const before = process.env['NODE_EXTRA_CA_CERTS'];
      process.env['NODE_EXTRA_CA_CERTS'] = path;
      try {
        // No trust given: the process's own, which must see NODE_EXTRA_CA_CERTS as it is now.
        expect((await fetchPresentedCertificate(url.hostname, Number(url.port))).trustedBySystem).toBe(true);
      } finally {
        if (before === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
        else process.env['NODE_EXTRA_CA_CERTS'] = before;
      }
    });
  });

  it('CA mode accepts a management certificate the system trusts, and still refuses it without that trust', async () => {
    const s = await sim();
    // The profile names another CA: only the system's trust can make this connection work.
    const profile = await profileFor(s, { trust: { mode: 'ca', caPem: w.root.certPem } });
    const r = await testApplianceConnection(profile, getPassword, { ...FAST_CLIENT, trustStore: systemTrusting(w.mgmtCa.certPem) });
    expect(r.ok).toBe(true);
    const e = await failure(testApplianceConnection(profile, getPassword, { ...FAST_CLIENT, trustStore: nothingTrusted() }));
    expect(e.code).toBe('APPLIANCE_TLS_UNTRUSTED');
  });

  it('CA mode still checks the host name, whichever source trusts the CA', async () => {
    const wrongName = await issueCertificate(w.mgmtCa, { commonName: 'elsewhere.test', altNames: ['elsewhere.test'] });
    const s = await sim({ tls: { certPem: wrongName.certPem, keyPem: wrongName.keyPem } });
    const viaProfile = await failure(
      testApplianceConnection(await profileFor(s), getPassword, { ...FAST_CLIENT, trustStore: nothingTrusted() }),
    );
    expect(viaProfile.code).toBe('APPLIANCE_TLS_UNTRUSTED');
    expect(viaProfile.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    const viaSystem = await failure(
      testApplianceConnection(await profileFor(s, { trust: { mode: 'ca', caPem: w.root.certPem } }), getPassword, {
        ...FAST_CLIENT,
        trustStore: systemTrusting(w.mgmtCa.certPem),
      }),
    );
    expect(viaSystem.code).toBe('APPLIANCE_TLS_UNTRUSTED');
    const url = new URL(s.url);
    const presented = await fetchPresentedCertificate(url.hostname, Number(url.port), {
      trustStore: await systemTrusting(w.mgmtCa.certPem),
    });
    expect(presented.trustedBySystem).toBe(false);
    expect(s.requests).toEqual([]);
  });

  it('a pin is not overruled by system trust: a changed certificate stops the connection', async () => {
    const replaced = await issueCertificate(w.mgmtCa, { commonName: 'ns-mgmt.test', altNames: ['127.0.0.1', 'localhost'] });
    const s = await sim({ tls: { certPem: replaced.certPem, keyPem: replaced.keyPem } });
    const e = await failure(
      testApplianceConnection(await profileFor(s, { trust: { mode: 'pinned', fingerprint256: w.mgmtLeaf.fingerprint256 } }), getPassword, {
        ...FAST_CLIENT,
        trustStore: systemTrusting(w.mgmtCa.certPem),
      }),
    );
    expect(e.code).toBe('APPLIANCE_FINGERPRINT_CHANGED');
    expect(e.message).toContain(`Pinned ${w.mgmtLeaf.fingerprint256}, presented ${replaced.fingerprint256}`);
    expect(s.requests).toEqual([]);
  });
});

describe('sessions', () => {
  it('renews an expired session once and retries the call', async () => {
    const s = await sim();
    const client = new NitroClient({ profile: ApplianceProfile.parse(await profileFor(s)), getPassword, ...FAST_CLIENT });
    try {
      await client.login();
      s.faults.expireSessions();
      expect(await client.version()).toContain('NetScaler');
      expect(s.requests.map((q) => `${q.path}:${q.errorcode}`)).toEqual([
        '/nitro/v1/config/login:0',
        '/nitro/v1/config/nsversion:444',
        '/nitro/v1/config/login:0',
        '/nitro/v1/config/nsversion:0',
      ]);
      s.faults.fail({ resource: 'nsversion' }, { status: 401, errorcode: 444, message: 'Session expired or killed' }, 2);
      const e = await failure(client.version());
      expect(e).toMatchObject({ code: 'APPLIANCE_SESSION_EXPIRED', step: 'read version' });
    } finally {
      await client.close();
    }
    expect(s.requests.at(-1)!.path).toBe('/nitro/v1/config/logout');
  });
});
