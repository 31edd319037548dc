import { create } from 'zustand';
import type { ApplianceProfileState } from '../../../../shared/schemas/profiles.ts';
import type { BundleReport } from '../../../../shared/schemas/certificates.ts';
import { call } from '../../api/client.ts';

/** What the Certificates tabs share: the appliance profiles and the bundle loaded in the engine. */
interface CertificatesState {
  profiles: ApplianceProfileState[];
  bundle?: { bundleId: string; report: BundleReport; label: string };
  refreshProfiles(): Promise<void>;
  setBundle(bundle: CertificatesState['bundle']): void;
}

export const useCertificatesStore = create<CertificatesState>((set) => ({
  profiles: [],
  async refreshProfiles() {
    set({ profiles: await call('applianceProfilesList', {}) });
  },
  setBundle(bundle) {
    set({ bundle });
  },
}));

/** How profiles are named on screen and in messages. */
export function profileLabel(p: ApplianceProfileState['profile']): string {
  return `${p.name ?? p.id} (${p.host}:${p.port})`;
}
