import { describe, expect, it } from 'vitest';
import { formatRunText } from '../../electron/cli/commands/diagnose-text.ts';
import { makeRun } from '../support/diagnostics-fixtures.ts';
import { trustCountsText } from '../../shared/trust-counts-text.ts';

/** The trial's numbers: 160 distinct, while the sources hold 118, 150 and 150 of them. */
const counts = {
  bundled: 118,
  system: 150,
  userFiles: 0,
  nodeExtraCaCerts: 150,
  proxyProfile: 0,
  extraAnchors: 0,
  total: 160,
  userFileNames: [],
};

describe('the trust line', () => {
  it('says the total is distinct certificates and the sources overlap', () => {
    expect(trustCountsText(counts, { bundled: 'bundled', system: 'system', nodeExtraCaCerts: 'NODE_EXTRA_CA_CERTS' })).toBe(
      'Trust: 160 distinct certificates. Held by each source (a certificate is often in several): bundled 118, system 150, NODE_EXTRA_CA_CERTS 150.',
    );
  });

  it('is the line the CLI report prints', () => {
    const run = { ...makeRun([]), trust: counts };
    expect(formatRunText(run)).toContain(
      'Trust: 160 distinct certificates. Held by each source (a certificate is often in several): bundled 118, system 150, NODE_EXTRA_CA_CERTS 150, proxy CA 0, --ca 0.',
    );
  });
});
