import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplianceRef } from '../../electron/services/certificates/certificates-api.ts';
import { CERT_PUSH_MIGRATIONS } from '../../electron/services/certificates/push-history.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { getPassword, profileFor, seedCertkey, simulatorHarness } from '../support/cert-push-fixtures.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';

/**
 * A CA's usual download, leaf then intermediates without the root, through the
 * engine as the app and the CLI use it: the report that says "ready" and the
 * planner agree, each intermediate is installed and linked, the root never
 * pushed; a bundle with a gap is refused before the appliance is touched.
 */

const { world: w, sim } = simulatorHarness();
let dir: string;
let te: TestEngine;
const savedExtraCa = process.env['NODE_EXTRA_CA_CERTS'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fk-fullchain-'));
  // The test root stands in for a public root this computer trusts, reached the way an admin adds one.
  writeFileSync(join(dir, 'extra-roots.pem'), w.root.certPem);
  process.env['NODE_EXTRA_CA_CERTS'] = join(dir, 'extra-roots.pem');
  writeFileSync(join(dir, 'fullchain.pem'), w.leaf.certPem + w.inter.certPem + w.interHigh.certPem);
  writeFileSync(join(dir, 'gap.pem'), w.leaf.certPem + w.interHigh.certPem);
  writeFileSync(join(dir, 'privkey.pem'), w.leaf.keyPem);
  writeFileSync(join(dir, 'cert.pem'), w.leaf.certPem);
  te = await startTestEngine({ vault: new MemoryVault('test'), migrations: [CERT_PUSH_MIGRATIONS] });
});
afterAll(() => {
  te?.close();
  if (savedExtraCa === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
  else process.env['NODE_EXTRA_CA_CERTS'] = savedExtraCa;
  rmSync(dir, { recursive: true, force: true });
});

const files = (cert: string) => ({ cert: { path: join(dir, cert) }, key: { path: join(dir, 'privkey.pem') } });
const certkeys = (s: NitroSimulator) => s.snapshot().partitions.find((p) => p.name === 'default')!.certkeys;
const certkeyOf = (s: NitroSimulator, cn: string) => certkeys(s).find((c) => new RegExp(`CN=${cn}(,|$)`).test(c.loadedCertSubject ?? ''));
const writes = (s: NitroSimulator) => s.requests.filter((r) => r.method !== 'GET' && !/\/(login|logout)$/.test(r.path));

async function applianceRef(s: NitroSimulator): Promise<ApplianceRef> {
  return { profile: await profileFor(s), password: getPassword() };
}

describe('fullchain.pem without the root', () => {
  it('is ready, plans and pushes: each intermediate its own certkey, the leaf linked to the intermediate, the root never pushed', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    const { bundleId, report } = await te.engine.certificates.loadBundle({ files: files('fullchain.pem') });
    expect(report.ok).toBe(true);
    expect(report.chainEnd).toBe('open');
    // Known here through NODE_EXTRA_CA_CERTS: the one trust every connection uses.
    expect(report.clientRoot).toEqual({ subject: 'CN=Fieldkit Test Root, O=Fieldkit Tests', knownHere: true });

    const appliances = [await applianceRef(s)];
    const options = { vservers: [{ name: 'vs1' }] };
    const [planned] = await te.engine.certificates.plan({ bundleId, appliances, options });
    if (!planned || !('plan' in planned)) throw new Error(`not planned: ${JSON.stringify(planned)}`);
    expect(planned.plan.steps.filter((x) => x.kind === 'add-certkey')).toHaveLength(3);
    expect(planned.plan.steps.filter((x) => x.kind === 'link-certkey')).toHaveLength(2);
    expect(writes(s)).toEqual([]);

    const summary = await te.engine.certificates.push({ bundleId, appliances, options });
    expect(summary.results[0]?.error).toBeUndefined();
    expect(summary.succeeded).toHaveLength(1);
    const leaf = certkeys(s).find((c) => c.loadedCertSerial === w.leaf.serialHex.toUpperCase())!;
    const inter = certkeyOf(s, 'Fieldkit Test Intermediate')!;
    const high = certkeyOf(s, 'Fieldkit Test Intermediate High')!;
    expect(leaf.linkcertkeyname).toBe(inter.certkey);
    expect(inter.linkcertkeyname).toBe(high.certkey);
    expect(high.linkcertkeyname).toBeFalsy();
    expect(certkeyOf(s, 'Fieldkit Test Root')).toBeUndefined();
    expect(certkeys(s)).toHaveLength(3);
  });

  it('links the top intermediate to the root when the appliance already holds it as a certkey', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    seedCertkey(s, 'fk-root', w.root);
    s.resetRequestLog();
    const { bundleId } = await te.engine.certificates.loadBundle({ files: files('fullchain.pem') });
    const summary = await te.engine.certificates.push({
      bundleId,
      appliances: [await applianceRef(s)],
      options: { vservers: [{ name: 'vs1' }] },
    });
    expect(summary.succeeded).toHaveLength(1);
    expect(certkeyOf(s, 'Fieldkit Test Intermediate High')?.linkcertkeyname).toBe('fk-root');
  });

  it('a leaf alone: links it to its issuer when the appliance holds it, and otherwise plans with a warning', async () => {
    const holding = await sim({ vservers: [{ name: 'vs1' }] });
    seedCertkey(holding, 'inter', w.inter);
    const lacking = await sim({ vservers: [{ name: 'vs1' }] });
    const { bundleId, report } = await te.engine.certificates.loadBundle({ files: files('cert.pem') });
    expect(report.ok).toBe(true);
    const options = { vservers: [{ name: 'vs1' }] };
    const outcomes = await te.engine.certificates.plan({
      bundleId,
      appliances: [await applianceRef(holding), await applianceRef(lacking)],
      options,
    });
    const [withIssuer, withoutIssuer] = outcomes.map((o) => {
      if (!('plan' in o)) throw new Error(`not planned: ${JSON.stringify(o)}`);
      return o.plan;
    });
    expect(withIssuer!.steps.filter((x) => x.kind === 'link-certkey').map((x) => x.label)).toEqual([
      expect.stringMatching(/to its issuer inter$/),
    ]);
    expect(withIssuer!.warnings).toEqual([]);
    expect(withoutIssuer!.steps.filter((x) => x.kind === 'link-certkey')).toEqual([]);
    expect(withoutIssuer!.warnings).toContain(
      'The bundle has no intermediate and the appliance does not hold CN=Fieldkit Test Intermediate: clients get the certificate without its chain and may not trust it. Give the chain file your CA sent with it.',
    );
  });

  it('with a gap: not ready, the missing intermediate named, and the push refused before the appliance is touched', async () => {
    const s = await sim({ vservers: [{ name: 'vs1' }] });
    const { bundleId, report } = await te.engine.certificates.loadBundle({ files: files('gap.pem') });
    expect(report.ok).toBe(false);
    expect(report.chainEnd).toBe('gap');
    const summary = await te.engine.certificates.push({
      bundleId,
      appliances: [await applianceRef(s)],
      options: { vservers: [{ name: 'vs1' }] },
    });
    expect(summary.failed).toHaveLength(1);
    expect(summary.results[0]?.error).toMatchObject({
      code: 'BUNDLE_INVALID',
      message: expect.stringContaining(
        'CN=Fieldkit Test Intermediate, the issuer of www.example.test, is missing between www.example.test and Fieldkit Test Intermediate High',
      ),
    });
    expect(s.requests).toEqual([]);
  });
});
