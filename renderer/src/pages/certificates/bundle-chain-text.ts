import type { BundleReport } from '../../../../shared/schemas/certificates.ts';

/** How the bundle's chain ends, in one sentence: what is pushed, and which root clients must already trust. */
export function chainEndText(r: BundleReport): string {
  const known = r.clientRoot.knownHere ? 'this computer trusts it too' : 'this computer does not know it';
  if (r.chainEnd === 'gap') return 'The chain has a gap: an intermediate certificate between two given ones is missing (see below).';
  if (r.chainEnd === 'root' && !r.root) return 'The certificate is self-signed: clients must be told to trust it.';
  if (r.chainEnd === 'root') return `The chain ends at the root ${r.clientRoot.subject}; the root is not pushed (${known}).`;
  if (r.chain.length === 0)
    return `The bundle holds no intermediate: the appliance must already hold ${r.clientRoot.subject} (the plan links to it), or clients must trust it (${known}).`;
  return `The chain ends below the root, as CAs hand it out: clients must already trust ${r.clientRoot.subject} (${known}). Each intermediate is installed and linked on the appliance.`;
}
