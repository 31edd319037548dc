import { randomUUID } from 'node:crypto';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { BundleReport } from '../../../shared/schemas/certificates.ts';
import { loadBundleFiles, type BundleFiles } from './bundle-loader.ts';
import { validateBundle, type PreparedBundle } from './bundle-validator.ts';

/**
 * Bundles loaded in this session, by id. The window gets the id and the
 * report; the private key stays here, in the engine, and is gone at exit.
 */
export class BundleSession {
  private readonly bundles = new Map<string, PreparedBundle>();

  async load(files: BundleFiles, passphrase?: string): Promise<{ bundleId: string; report: BundleReport }> {
    const loaded = await loadBundleFiles(files, passphrase === undefined ? {} : { passphrase });
    const prepared = validateBundle(loaded);
    const bundleId = randomUUID();
    this.bundles.set(bundleId, prepared);
    return { bundleId, report: prepared.report };
  }

  get(bundleId: string): PreparedBundle {
    const b = this.bundles.get(bundleId);
    if (!b)
      throw new FieldkitError('BUNDLE_NOT_LOADED', 'That certificate bundle is no longer loaded.', {
        hint: 'Load the certificate files again.',
        field: 'bundleId',
      });
    return b;
  }

  forget(bundleId: string): void {
    this.bundles.delete(bundleId);
  }
}
