import { beforeAll, describe, expect, it } from 'vitest';
import { formatBundle } from '../../electron/cli/commands/cert-text.ts';
import { chainEndText } from '../../renderer/src/pages/certificates/bundle-chain-text.ts';
import { buildTrustStore, type TrustStore } from '../../electron/services/network/trust-store.ts';
import { bundleOf, certWorld, type CertWorld } from '../support/cert-push-fixtures.ts';
import { createRootCa } from '../support/test-pki.ts';

/** What `cert plan` and `cert push` print about the bundle before the appliances, and the bundle view's sentence about the chain. */

let w: CertWorld;
let trust: TrustStore;
beforeAll(async () => {
  w = await certWorld();
  trust = await buildTrustStore({ includeSystem: false, env: {}, extraAnchors: [w.root.certPem] });
});

describe('the CLI text of a bundle', () => {
  it('a fullchain without the root: the chain in order and the root clients must trust, known here', () => {
    const text = formatBundle(bundleOf(w.leaf, [w.interHigh, w.inter], { trust }).report);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Certificate www\.example\.test, serial [0-9a-f]+, valid until \d{4}-\d\d-\d\d$/);
    expect(lines[1]).toBe('Chain: Fieldkit Test Intermediate -> Fieldkit Test Intermediate High (each installed and linked)');
    expect(lines[2]).toBe('Clients must already trust the root CN=Fieldkit Test Root, O=Fieldkit Tests (this computer trusts it too).');
    expect(lines).toHaveLength(3);
  });

  it('a root this computer does not know: said, with the warning', () => {
    const text = formatBundle(bundleOf(w.leaf, [w.inter, w.interHigh]).report);
    expect(text).toContain('Clients must already trust the root CN=Fieldkit Test Root, O=Fieldkit Tests (this computer does not know it).');
    expect(text).toMatch(/\n {2}! The chain ends below the root: clients must already trust .* this computer does not know that root\./);
  });

  it('a root in the bundle, a gap, a self-signed certificate', async () => {
    expect(formatBundle(bundleOf(w.leaf, [w.inter, w.interHigh, w.root], { trust }).report)).toContain(
      'Root CN=Fieldkit Test Root, O=Fieldkit Tests is in the bundle and not pushed (this computer trusts it too).',
    );
    expect(formatBundle(bundleOf(w.leaf, [w.interHigh]).report)).toMatch(
      /\n {2}x The chain has a gap: CN=Fieldkit Test Intermediate, the issuer of www\.example\.test, is missing/,
    );
    expect(formatBundle(bundleOf(w.leaf, []).report).split('\n').slice(1, 3)).toEqual([
      'Chain: no intermediate certificate',
      'The appliance must already hold CN=Fieldkit Test Intermediate (the plan links to it), or clients must trust it (this computer does not know it).',
    ]);
    const self = await createRootCa({ commonName: 'selfie.example.test' });
    expect(formatBundle(bundleOf(self, []).report)).toContain('Self-signed: clients must be told to trust this certificate itself.');
  });
});

describe("the bundle view's sentence about the chain", () => {
  it('names the root clients must trust for a fullchain without the root, a root in the bundle, a gap and a leaf alone', () => {
    expect(chainEndText(bundleOf(w.leaf, [w.inter, w.interHigh], { trust }).report)).toBe(
      'The chain ends below the root, as CAs hand it out: clients must already trust CN=Fieldkit Test Root, O=Fieldkit Tests (this computer trusts it too). Each intermediate is installed and linked on the appliance.',
    );
    expect(chainEndText(bundleOf(w.leaf, [w.inter, w.interHigh, w.root]).report)).toBe(
      'The chain ends at the root CN=Fieldkit Test Root, O=Fieldkit Tests; the root is not pushed (this computer does not know it).',
    );
    expect(chainEndText(bundleOf(w.leaf, [w.interHigh]).report)).toMatch(/^The chain has a gap/);
    expect(chainEndText(bundleOf(w.leaf, []).report)).toMatch(
      /^The bundle holds no intermediate: the appliance must already hold CN=Fieldkit Test Intermediate \(the plan links to it\)/,
    );
  });
});
