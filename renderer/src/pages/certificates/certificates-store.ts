import { create } from 'zustand';
import type { ApplianceProfileState } from '../../../../shared/schemas/profiles.ts';
import type { BundleReport } from '../../../../shared/schemas/certificates.ts';

/** What the Certificates page shares beyond the engine's lists: the bundle the user loaded, by its handle in the engine. */
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

/**
 * The host name a client would ask the vserver for: the certificate's first
 * DNS name (a wildcard stands for any one label, so "www" is asked for), else its CN.
 */
export function clientHostName(leaf: BundleReport['leaf']): string {
  // The SAN list holds DNS names and IP addresses alike; an IP address has no letters, or has colons (IPv6).
  const dns = leaf?.sans.find((s) => /[a-z*]/i.test(s) && !s.includes(':'));
  const name = dns ?? leaf?.commonName ?? '';
  return name.startsWith('*.') ? `www.${name.slice(2)}` : name;
}
