import { createTestPki, publicLeaf, scenarioCatalog } from '../support/diagnostics-fixtures.ts';
import { closedPort, startHttpsOrigin } from '../support/tls-origins.ts';
import { test as appTest, type AppOptions } from './app-fixture.ts';

export const OK_HOST = 'ok.fieldkit.test';
export const REFUSED_HOST = 'refused.fieldkit.test';

/** The app fixture with a small lab of Citrix-like endpoints for Check Connectivity. */
export const test = appTest.extend<{ lab: NonNullable<AppOptions['diagnostics']> }>({
  /**
   * Two endpoints on loopback, shared by the file because neither keeps state:
   * a healthy HTTPS origin and a port where nothing listens.
   */
  lab: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const pki = await createTestPki();
      const origin = await startHttpsOrigin(await publicLeaf(pki, [OK_HOST]));
      try {
        await use({
          catalog: scenarioCatalog([OK_HOST, REFUSED_HOST]),
          resolverOverrides: { [OK_HOST]: '127.0.0.1', [REFUSED_HOST]: '127.0.0.1' },
          portOverrides: { [OK_HOST]: origin.port, [REFUSED_HOST]: await closedPort() },
          extraTrustAnchors: [pki.publicRoot.certPem],
        });
      } finally {
        await origin.close();
      }
    },
    { scope: 'file' },
  ],
});
