import { afterEach, beforeAll } from 'vitest';
import { loadBundle } from '../../electron/services/certificates/bundle-loader.ts';
import { validateBundle, type PreparedBundle } from '../../electron/services/certificates/bundle-validator.ts';
import type { ApplianceProfileInput } from '../../shared/schemas/certificates.ts';
import { DEFAULT_USER, startNitroSimulator, type NitroSimulator, type SimOptions } from '../nitro-sim/nitro-simulator.ts';
import { createRootCa, issueCertificate, type Issued } from './test-pki.ts';

/**
 * Real certificates and HTTPS simulators for certificate push tests: one
 * management CA for the simulators' NSIP certificates, and a public-like
 * hierarchy (root, two levels of intermediates) for the pushed certificates.
 */
export interface CertWorld {
  mgmtCa: Issued;
  mgmtLeaf: Issued;
  root: Issued;
  /** Issued by root. */
  interHigh: Issued;
  /** Issued by interHigh; issues the leaves. */
  inter: Issued;
  /** www.example.test, issued by inter. */
  leaf: Issued;
  /** Renewal of leaf: same name, new serial and key. */
  renewed: Issued;
  /** Another domain, same issuer. */
  otherDomain: Issued;
  /** Issued by a second intermediate (another chain). */
  otherInter: Issued;
  leafViaOtherInter: Issued;
}

let world: Promise<CertWorld> | undefined;

export function certWorld(): Promise<CertWorld> {
  world ??= (async () => {
    const mgmtCa = await createRootCa({ commonName: 'Fieldkit Test Management CA' });
    const mgmtLeaf = await issueCertificate(mgmtCa, { commonName: 'ns-mgmt.test', altNames: ['127.0.0.1', 'localhost'] });
    const root = await createRootCa({ commonName: 'Fieldkit Test Root', organization: 'Fieldkit Tests' });
    const interHigh = await issueCertificate(root, { commonName: 'Fieldkit Test Intermediate High', ca: true });
    const inter = await issueCertificate(interHigh, { commonName: 'Fieldkit Test Intermediate', ca: true });
    const leaf = await issueCertificate(inter, {
      commonName: 'www.example.test',
      altNames: ['www.example.test', 'example.test'],
      keyType: 'rsa',
      validForDays: 90,
    });
    const renewed = await issueCertificate(inter, {
      commonName: 'www.example.test',
      altNames: ['www.example.test', 'example.test'],
      keyType: 'rsa',
      validForDays: 120,
    });
    const otherDomain = await issueCertificate(inter, {
      commonName: 'shop.example.test',
      altNames: ['shop.example.test'],
      validForDays: 120,
    });
    const otherInter = await issueCertificate(root, { commonName: 'Fieldkit Test Other Intermediate', ca: true });
    const leafViaOtherInter = await issueCertificate(otherInter, {
      commonName: 'www.example.test',
      // The same names as leaf: a renewal that changes them needs the domain-check consent, which is not what its tests are about.
      altNames: ['www.example.test', 'example.test'],
      validForDays: 200,
    });
    return { mgmtCa, mgmtLeaf, root, interHigh, inter, leaf, renewed, otherDomain, otherInter, leafViaOtherInter };
  })();
  return world;
}

export function bundleOf(leaf: Issued, chain: Issued[], opts?: Parameters<typeof validateBundle>[1]): PreparedBundle {
  const loaded = loadBundle({ kind: 'pem', certPem: leaf.certPem, keyPem: leaf.keyPem, chainPem: chain.map((c) => c.certPem).join('') });
  return validateBundle(loaded, opts);
}

export async function startSim(opts: SimOptions = {}): Promise<NitroSimulator> {
  const w = await certWorld();
  return startNitroSimulator({ tls: { certPem: w.mgmtLeaf.certPem, keyPem: w.mgmtLeaf.keyPem }, host: '127.0.0.1', port: 0, ...opts });
}

export async function profileFor(sim: NitroSimulator, extra: Partial<ApplianceProfileInput> = {}): Promise<ApplianceProfileInput> {
  const w = await certWorld();
  const url = new URL(sim.url);
  return {
    id: `sim-${sim.name}`,
    name: sim.name,
    host: url.hostname,
    port: Number(url.port),
    username: DEFAULT_USER.username,
    trust: { mode: 'ca', caPem: w.mgmtCa.certPem },
    ...extra,
  };
}

export const getPassword = (): string => DEFAULT_USER.password;

/** Fast client settings for tests: short timeouts, quick save retries. */
export const FAST_CLIENT = { timeoutMs: 1_500, connectTimeoutMs: 1_500, saveRetryDelayMs: 20 } as const;

/** Puts a certificate (and optionally its key) on the simulator as a certkey, as an admin would have. */
export function seedCertkey(
  sim: NitroSimulator,
  name: string,
  cert: Issued,
  opts: { withKey?: boolean; partition?: string; linkTo?: string; fileBase?: string } = {},
): void {
  const base = opts.fileBase ?? name;
  const dir = opts.partition ? `/nsconfig/partitions/${opts.partition}/ssl/` : '/nsconfig/ssl/';
  sim.seed((s) => {
    s.putFile(`${dir}${base}.crt`, cert.certPem);
    if (opts.withKey) s.putFile(`${dir}${base}.pem`, cert.keyPem);
    s.addCertKey(
      {
        certkey: name,
        cert: `${base}.crt`,
        ...(opts.withKey ? { key: `${base}.pem` } : {}),
        ...(opts.linkTo ? { linkcertkeyname: opts.linkTo } : {}),
      },
      opts.partition,
    );
  });
}

/**
 * The per-file setup every certificate test shares: the certificates are made
 * once, and every simulator a test starts is closed after it. The world object
 * is filled in place before the first test runs.
 */
export function simulatorHarness(): {
  world: CertWorld;
  sim: (opts?: SimOptions) => Promise<NitroSimulator>;
  closeAll: () => Promise<void>;
} {
  const world = {} as CertWorld;
  const sims: NitroSimulator[] = [];
  const closeAll = async () => {
    await Promise.all(sims.splice(0).map((s) => s.close()));
  };
  beforeAll(async () => {
    Object.assign(world, await certWorld());
  });
  afterEach(closeAll);
  return {
    world,
    async sim(opts: SimOptions = {}) {
      const s = await startSim(opts);
      sims.push(s);
      return s;
    },
    closeAll,
  };
}

/**
 * The renewal scenario: www.example.test installed as certkey "web", linked to
 * its intermediates (and the root when withRoot), bound to vs1, as an admin set
 * it up; the request log starts empty.
 */
export function seedRenewalScenario(
  s: NitroSimulator,
  w: Pick<CertWorld, 'root' | 'interHigh' | 'inter' | 'leaf'>,
  opts: { withRoot?: boolean } = {},
): NitroSimulator {
  if (opts.withRoot) seedCertkey(s, 'fk-root', w.root);
  seedCertkey(s, 'inter-high', w.interHigh, opts.withRoot ? { linkTo: 'fk-root' } : {});
  seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
  seedCertkey(s, 'web', w.leaf, { withKey: true, linkTo: 'inter' });
  s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'web' }));
  s.resetRequestLog();
  return s;
}
