import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { pushToAppliance } from '../../electron/services/certificates/appliance-push.ts';
import { loadBundle } from '../../electron/services/certificates/bundle-loader.ts';
import { validateBundle } from '../../electron/services/certificates/bundle-validator.ts';
import type { ApplianceProfileInput, PushOptionsInput, PushResult } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import {
  bundleOf,
  FAST_CLIENT,
  getPassword,
  profileFor,
  startSim,
  simulatorHarness,
  seedRenewalScenario,
} from '../support/cert-push-fixtures.ts';
import { createRootCa } from '../support/test-pki.ts';

/**
 * Each bad input ends with a clear message that names the appliance and the
 * step, and with the appliance exactly as it was.
 */

const { world: w, sim } = simulatorHarness();

async function renewalSim(opts: Parameters<typeof startSim>[0] = {}): Promise<NitroSimulator> {
  const s = await sim({ vservers: [{ name: 'vs1' }], ...opts });
  return seedRenewalScenario(s, w, { withRoot: true });
}

const RENEW: PushOptionsInput = { certkeyName: 'web', preserve: true, vservers: [{ name: 'vs1' }] };
const writes = (s: NitroSimulator) => s.requests.filter((r) => r.method !== 'GET' && !/\/(login|logout)$/.test(r.path));

async function push(
  s: NitroSimulator,
  opts: {
    profile?: Partial<ApplianceProfileInput>;
    options?: PushOptionsInput;
    bundle?: ReturnType<typeof bundleOf>;
    password?: string;
    onStep?: (i: number) => void;
  } = {},
): Promise<PushResult> {
  return pushToAppliance(
    { profile: await profileFor(s, opts.profile) },
    opts.bundle ?? bundleOf(w.renewed, [w.inter]),
    opts.options ?? RENEW,
    {
      getPassword: () => opts.password ?? getPassword(),
      client: FAST_CLIENT,
      ...(opts.onStep ? { onProgress: (e) => e.phase === 'step' && e.status === 'running' && opts.onStep!(e.stepIndex) } : {}),
    },
  );
}

/** The appliance named, the step named, nothing changed. */
function expectCleanFailure(
  r: PushResult,
  s: NitroSimulator,
  before: ReturnType<NitroSimulator['snapshot']>,
  code: string,
  step: string | RegExp,
) {
  expect(r.error?.code).toBe(code);
  expect(r.error?.message).toMatch(/^adc \(127\.0\.0\.1:\d+\)/);
  if (typeof step === 'string') expect(r.error?.step).toBe(step);
  else expect(r.error?.step).toMatch(step);
  expect(r.error?.hint).toBeTruthy();
  expect(['failed', 'rolled-back']).toContain(r.outcome);
  expect(s.snapshot()).toEqual(before);
}

describe('bad input', () => {
  it('wrong password: refused at login, nothing sent', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    const r = await push(s, { password: 'not-the-password' });
    expectCleanFailure(r, s, before, 'APPLIANCE_LOGIN_FAILED', 'login');
    expect(r.error!.nitroErrorcode).toBe(354);
    expect(JSON.stringify(r)).not.toContain('not-the-password');
    expect(writes(s)).toEqual([]);
  });

  it('expired session mid-push: renewed once, the push completes', async () => {
    const s = await renewalSim();
    const r = await push(s, { onStep: (i) => i === 1 && s.faults.expireSessions() });
    expect(r.outcome).toBe('succeeded');
    expect(s.requests.filter((q) => q.path.endsWith('/login'))).toHaveLength(2);
    expect(s.requests.some((q) => q.errorcode === 444)).toBe(true);
  });

  it('a session that dies again right after renewal: clear error, rolled back', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    s.faults.fail(
      { method: 'POST', resource: 'sslcertkey', action: 'update' },
      { status: 401, errorcode: 444, message: 'Session expired or killed' },
      2,
    );
    const r = await push(s);
    expectCleanFailure(r, s, before, 'APPLIANCE_SESSION_EXPIRED', /^Change certkey web in place/);
    expect(r.outcome).toBe('rolled-back');
  });

  it('unreachable appliance', async () => {
    const gone = await startSim();
    const profile = await profileFor(gone);
    await gone.close();
    const r = await pushToAppliance({ profile }, bundleOf(w.renewed, [w.inter]), RENEW, { getPassword, client: FAST_CLIENT });
    expect(r).toMatchObject({ outcome: 'failed', error: { code: 'APPLIANCE_UNREACHABLE', step: 'login' } });
    expect(r.error!.message).toMatch(/^adc \(127\.0\.0\.1:\d+\): could not connect/);
  });

  it('pinned fingerprint that changed: stops before any request', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    const r = await push(s, {
      profile: { trust: { mode: 'pinned', fingerprint256: (await createRootCa({ commonName: 'old-cert' })).fingerprint256 } },
    });
    expectCleanFailure(r, s, before, 'APPLIANCE_FINGERPRINT_CHANGED', 'connect');
    expect(s.requests).toEqual([]);
  });

  it('key that does not match: refused before the appliance is touched', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    const bad = validateBundle(loadBundle({ kind: 'pem', certPem: w.renewed.certPem, keyPem: w.leaf.keyPem, chainPem: w.inter.certPem }));
    const r = await push(s, { bundle: bad });
    expectCleanFailure(r, s, before, 'BUNDLE_INVALID', 'validate bundle');
    expect(r.error!.message).toContain('does not belong to the certificate www.example.test');
    expect(s.requests).toEqual([]);
  });

  it('wrong PFX passphrase: a clear error, nothing pushed', () => {
    const key = forge.pki.privateKeyFromPem(w.renewed.keyPem);
    const cert = forge.pki.certificateFromPem(w.renewed.certPem);
    const der = forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [cert], 'correct passphrase', { algorithm: 'aes256' })).getBytes();
    const pfx = Buffer.from(der, 'binary');
    expect(() => loadBundle({ kind: 'pfx', pfx }, { passphrase: 'Correct passphrase' })).toThrowError(
      expect.objectContaining({ code: 'PFX_PASSPHRASE_WRONG', message: expect.stringMatching(/PFX passphrase is wrong/) }),
    );
    expect(validateBundle(loadBundle({ kind: 'pfx', pfx }, { passphrase: 'correct passphrase' })).report.leaf?.serialHex).toBe(
      w.renewed.serialHex,
    );
  });

  it('a name the appliance rejects: the step and the appliance message are given, rolled back', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    s.faults.fail(
      { method: 'POST', resource: 'sslcertkey', name: 'web' },
      { status: 400, errorcode: 278, message: 'Invalid argument [certkey, web]' },
    );
    const r = await push(s);
    expectCleanFailure(r, s, before, 'NITRO_REQUEST_FAILED', /^Change certkey web in place/);
    expect(r.error!.message).toContain('failed: Invalid argument [certkey, web] (NITRO errorcode 278, HTTP 400).');
    expect(r.outcome).toBe('rolled-back');
  });

  it('a partition the appliance does not have', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    const r = await push(s, { profile: { partition: 'p9' } });
    expectCleanFailure(r, s, before, 'APPLIANCE_PARTITION_NOT_FOUND', 'switch to partition p9');
  });

  it('a vserver that does not exist: found while planning, nothing changed', async () => {
    const s = await renewalSim();
    const before = s.snapshot();
    const r = await push(s, { options: { ...RENEW, vservers: [{ name: 'vs1' }, { name: 'vs-typo' }] } });
    expectCleanFailure(r, s, before, 'VSERVER_NOT_FOUND', 'read bindings of vserver vs-typo');
    expect(r.error!.message).toContain('the SSL vserver "vs-typo" does not exist');
    expect(writes(s)).toEqual([]);
  });

  it('a full disk: the upload that does not fit is named, the one before it removed', async () => {
    const s = await renewalSim({ diskFreeBytes: 1500 });
    const before = s.snapshot();
    const r = await push(s);
    expectCleanFailure(r, s, before, 'APPLIANCE_DISK_FULL', /^Upload key file /);
    expect(r.outcome).toBe('rolled-back');
    expect(r.rollback!.restored).toEqual([expect.stringMatching(/^Deleted the uploaded file www\.example\.test_.*\.cer$/)]);
    expect(r.error!.hint).toMatch(/Free space/);
  });
});
