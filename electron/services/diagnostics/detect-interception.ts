import type { X509Certificate } from 'node:crypto';
import type { InterceptionFacts } from '../../../shared/schemas/diagnostics.ts';
import type { TrustAnchor, TrustStore } from '../network/trust-store.ts';
import { displayName, isSelfSigned } from '../x509/certificate-fields.ts';
import { matchInterceptionProduct } from './interception-products.ts';

const SOURCE_WORDS: Record<string, string> = {
  system: 'the operating system store',
  'user-file': 'your CA files',
  'node-extra': 'NODE_EXTRA_CA_CERTS',
  'proxy-profile': 'the proxy profile',
};

export function describeSources(anchor: TrustAnchor): string {
  return anchor.sources.map((s) => SOURCE_WORDS[s] ?? s).join(', ');
}

/**
 * Decides from the presented chain, not from guesses, whether TLS was
 * intercepted: Citrix Cloud endpoints chain to public roots, so a chain that
 * ends in a private root, in a CA trusted only locally (OS store, CA files,
 * proxy profile) or in an issuer no public root vouches for, was re-signed
 * on the way.
 */
export function detectInterception(
  chain: readonly X509Certificate[],
  anchor: TrustAnchor | null,
  trust: TrustStore,
  proxyCaFingerprints: ReadonlySet<string>,
): InterceptionFacts {
  const leaf = chain[0];
  if (!leaf) return { detected: false, reason: 'no certificate was presented' };
  if (anchor?.public) return { detected: false, reason: `the chain ends in the public root "${displayName(anchor.cert.subject)}"` };

  const caNames = [...chain.slice(1).flatMap((c) => [c.subject, c.issuer]), leaf.issuer, ...(anchor ? [anchor.cert.subject] : [])];
  const product = matchInterceptionProduct(caNames);
  const matchesProxyProfileCa =
    chain.some((c) => proxyCaFingerprints.has(c.fingerprint256)) || (anchor !== null && proxyCaFingerprints.has(anchor.fingerprint256));
  const base = { ...(product ? { product } : {}), ...(matchesProxyProfileCa ? { matchesProxyProfileCa } : {}) };

  if (anchor) {
    return {
      detected: true,
      reason: `the chain ends in "${displayName(anchor.cert.subject)}", trusted here only through ${describeSources(anchor)}, not a public CA`,
      issuer: displayName(anchor.cert.subject),
      caCertificatePem: anchor.cert.toString(),
      caCertificateIsRoot: isSelfSigned(anchor.cert),
      ...base,
    };
  }

  const top = chain[chain.length - 1]!;
  if (chain.length === 1 && isSelfSigned(leaf) && !leaf.ca && !product) {
    return { detected: false, reason: 'the server presented a self-signed certificate, not one issued by a CA' };
  }
  if (isSelfSigned(top)) {
    return {
      detected: true,
      reason: `the server presented its own root "${displayName(top.subject)}", which is not a public CA`,
      issuer: displayName(top.subject),
      caCertificatePem: top.toString(),
      caCertificateIsRoot: true,
      ...base,
    };
  }
  if (trust.isPublicSubject(top.issuer) && !product) {
    return { detected: false, reason: `the chain names the public root "${displayName(top.issuer)}" but does not verify against it` };
  }
  return {
    detected: true,
    reason: `the certificate was issued by "${displayName(top.issuer)}", which no public root vouches for`,
    issuer: displayName(top.issuer),
    ...(top.ca ? { caCertificatePem: top.toString(), caCertificateIsRoot: false } : {}),
    ...base,
  };
}
