import { create } from 'zustand';
import type { ApplianceProfileState } from '../../../../shared/schemas/profiles.ts';
import type { BundleReport } from '../../../../shared/schemas/certificates.ts';

/** What the Certificates tabs share beyond the engine's lists: the bundle the user loaded, by its handle in the engine. */
interface CertificatesState {
  bundle?: { bundleId: string; report: BundleReport; label: string };
  setBundle: (bundle: CertificatesState['bundle']) => void;
}

export const useCertificatesStore = create<CertificatesState>((set) => ({
  setBundle(bundle) {
    set({ bundle });
  },
}));

/** How profiles are named on screen and in messages. */
export function profileLabel(p: ApplianceProfileState['profile']): string {
  return `${p.name ?? p.id} (${p.host}:${p.port})`;
}
