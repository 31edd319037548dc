import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { BundleProblem, BundleReport, KnownApplianceCert } from '../../../shared/schemas/certificates.ts';
import type { LoadedBundle } from './bundle-loader.ts';
import {
  canonicalPem,
  certificateFacts,
  dnOneLine,
  issuedBy,
  isSelfSigned,
  keyFacts,
  normalizeDn,
  normalizeSerial,
} from '../x509/certificate-fields.ts';

/**
 * Everything that can be checked before an appliance is touched. The result
 * is a report for the user (JSON, no key material) and a normalised bundle
 * for the engine (leaf, unencrypted PKCS#8 key, intermediates leaf-side first).
 */

export const EXPIRY_SOON_DAYS = 30;

/** What the engine pushes. Holds the private key: never send it to the renderer or a log; send `report`. */
export interface PreparedBundle {
  report: BundleReport;
  leafPem: string;
  /** Unencrypted PKCS#8 PEM: the same key always gives the same text, so identical files are recognised. */
  keyPem: string;
  /** Intermediates in order, the leaf's issuer first. Roots are never pushed. */
  chainPems: string[];
  leaf: X509Certificate;
  chain: X509Certificate[];
}

export interface ValidateOptions {
  /** Roots trusted besides the system's (a company CA), as PEM. */
  extraRoots?: string[];
  /** Certificates the appliance already holds: a chain may end at one of them. Without it, an open chain end is a warning. */
  knownCerts?: KnownApplianceCert[];
  now?: Date;
}

function problem(code: string, severity: BundleProblem['severity'], message: string, hint: string): BundleProblem {
  return { code, severity, message, hint };
}

function findKnownIssuer(cert: X509Certificate, known: KnownApplianceCert[]): KnownApplianceCert | undefined {
  const issuer = normalizeDn(cert.issuer);
  for (const k of known) {
    if (k.pem !== undefined) {
      try {
        if (issuedBy(cert, new X509Certificate(k.pem))) return k;
      } catch {
        // An unreadable known certificate cannot complete the chain; fall through to the name check.
      }
    }
    if (normalizeDn(k.subject) === issuer) return k;
  }
  return undefined;
}

let systemRoots: X509Certificate[] | undefined;

/** The root that issued `cert`, among the system's trusted roots (Node's bundled Mozilla list) and any extra ones. */
function findTrustedRoot(cert: X509Certificate, extra: string[]): X509Certificate | undefined {
  systemRoots ??= tls.rootCertificates.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  const extras = extra.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  return [...extras, ...systemRoots].find((r) => issuedBy(cert, r));
}

export function validateBundle(loaded: LoadedBundle, opts: ValidateOptions = {}): PreparedBundle {
  const now = opts.now ?? new Date();
  const problems: BundleProblem[] = [];
  const leaf = loaded.leaf;
  const leafFacts = certificateFacts(leaf, now);
  const name = leafFacts.commonName ?? leafFacts.subject;

  // Key: matches, type, size.
  let matches = false;
  try {
    matches = leaf.checkPrivateKey(loaded.key);
  } catch {
    matches = false;
  }
  if (!matches) {
    problems.push(
      problem(
        'KEY_MISMATCH',
        'error',
        `The private key does not belong to the certificate ${name}.`,
        'Give the key that was generated with this certificate request; a renewed certificate may come with a new key.',
      ),
    );
  }
  const key = keyFacts(loaded.key);
  if (key.type === 'rsa' && (key.bits ?? 0) < 2048) {
    problems.push(
      problem(
        'KEY_TOO_SMALL',
        'error',
        `The RSA key is ${key.bits} bits; browsers and NetScaler policies need at least 2048.`,
        'Request the certificate again with a 2048-bit (or larger) RSA key, or an EC P-256 key.',
      ),
    );
  } else if (key.type === 'ec' && !['prime256v1', 'secp384r1', 'secp521r1'].includes(key.curve ?? '')) {
    problems.push(
      problem(
        'KEY_TYPE_UNSUPPORTED',
        'error',
        `The EC key uses curve ${key.curve ?? 'unknown'}, which NetScaler does not serve.`,
        'Use P-256, P-384 or P-521.',
      ),
    );
  } else if (key.type !== 'rsa' && key.type !== 'ec') {
    problems.push(
      problem(
        'KEY_TYPE_UNSUPPORTED',
        'error',
        `The key type ${key.type} is not supported by NetScaler for server certificates.`,
        'Use an RSA (2048 bits or more) or EC (P-256/P-384) key.',
      ),
    );
  }
  if (loaded.keyWasEncrypted) {
    problems.push(
      problem(
        'KEY_WAS_ENCRYPTED',
        'info',
        `The private key was ${loaded.source === 'pfx' ? 'inside a passphrase-protected PFX' : 'encrypted'}; it is opened here and uploaded to the appliance's protected SSL folder without the passphrase.`,
        'Nothing to do; keep the original file safe.',
      ),
    );
  }

  // Leaf dates and names.
  if (leafFacts.expired) {
    problems.push(
      problem(
        'CERT_EXPIRED',
        'error',
        `The certificate ${name} expired on ${leafFacts.notAfter.slice(0, 10)}.`,
        'Renew the certificate before pushing it.',
      ),
    );
  } else if (leafFacts.notYetValid) {
    problems.push(
      problem(
        'CERT_NOT_YET_VALID',
        'warning',
        `The certificate ${name} is valid only from ${leafFacts.notBefore}.`,
        'Clients will reject it until then; check the computer clock or wait.',
      ),
    );
  } else if (leafFacts.daysLeft <= EXPIRY_SOON_DAYS) {
    problems.push(
      problem(
        'CERT_EXPIRES_SOON',
        'warning',
        `The certificate ${name} expires in ${leafFacts.daysLeft} days (${leafFacts.notAfter.slice(0, 10)}).`,
        'Consider renewing it now rather than pushing it.',
      ),
    );
  }
  if (leafFacts.sans.length === 0) {
    problems.push(
      problem(
        'NO_SAN',
        'warning',
        `The certificate ${name} has no Subject Alternative Name; browsers ignore the common name.`,
        'Request the certificate again with the host names as SANs.',
      ),
    );
  }
  if (leafFacts.isCa) {
    problems.push(
      problem(
        'LEAF_IS_CA',
        'warning',
        `The certificate ${name} is a CA certificate, not a server certificate.`,
        'Check that you picked the server certificate, not its issuer.',
      ),
    );
  }
  if (leafFacts.selfSigned) {
    problems.push(
      problem(
        'LEAF_SELF_SIGNED',
        'warning',
        `The certificate ${name} is self-signed; clients will not trust it unless told to.`,
        'Use a certificate from your CA for production services.',
      ),
    );
  }

  // Chain: follow issuers from the leaf through the given certificates.
  const pool = new Map<string, X509Certificate>();
  for (const c of loaded.others) if (c.fingerprint256 !== leaf.fingerprint256) pool.set(c.fingerprint256, c);
  const chain: X509Certificate[] = [];
  let root: X509Certificate | undefined;
  let chainEnd: BundleReport['chainEnd'] = 'incomplete';
  let chainEndsAtAppliance: string | undefined;
  let current = leaf;
  let rootFromStore = false;
  const known = opts.knownCerts ?? [];
  if (leafFacts.selfSigned) chainEnd = 'root';
  for (let guard = 0; chainEnd === 'incomplete' && guard <= pool.size; guard++) {
    const next = [...pool.values()].find((c) => !chain.includes(c) && c !== root && issuedBy(current, c));
    if (next) {
      if (isSelfSigned(next)) {
        root = next;
        chainEnd = 'root';
        break;
      }
      chain.push(next);
      current = next;
      continue;
    }
    const trustedRoot = findTrustedRoot(current, opts.extraRoots ?? []);
    if (trustedRoot) {
      chainEnd = 'root';
      root = trustedRoot;
      rootFromStore = true;
      break;
    }
    const onAppliance = findKnownIssuer(current, known);
    if (onAppliance) {
      chainEnd = 'appliance';
      chainEndsAtAppliance =
        onAppliance.certkey !== undefined ? `${onAppliance.subject.trim()} (certkey ${onAppliance.certkey})` : onAppliance.subject.trim();
    }
    break;
  }
  if (chainEnd === 'incomplete') {
    const missing = dnOneLine(current.issuer);
    if (opts.knownCerts === undefined) {
      problems.push(
        problem(
          'CHAIN_OPEN',
          'warning',
          `The chain stops at ${dnOneLine(current.subject)}: its issuer ${missing} is not in the bundle.`,
          'Add the intermediate certificate(s) to the chain file; if the appliance already holds that issuer, the plan will find it.',
        ),
      );
    } else {
      problems.push(
        problem(
          'CHAIN_INCOMPLETE',
          'error',
          `The chain is incomplete: the issuer ${missing} of ${dnOneLine(current.subject)} is neither in the bundle nor on the appliance.`,
          'Add the missing intermediate certificate(s) to the chain file (your CA publishes them).',
        ),
      );
    }
  }
  const used = new Set([...chain, ...(root ? [root] : [])].map((c) => c.fingerprint256));
  for (const c of pool.values()) {
    if (!used.has(c.fingerprint256)) {
      problems.push(
        problem(
          'CHAIN_EXTRA_CERT',
          'warning',
          `The certificate ${dnOneLine(c.subject)} in the bundle is not part of this certificate's chain and is ignored.`,
          'Remove it from the chain file, or check that the chain belongs to this certificate.',
        ),
      );
    }
  }
  const givenOrder = loaded.others.filter((c) => chain.includes(c));
  if (givenOrder.some((c, i) => c !== chain[i])) {
    problems.push(
      problem(
        'CHAIN_REORDERED',
        'info',
        'The chain certificates were not in issuing order; Fieldkit put them in order (leaf side first).',
        'Nothing to do.',
      ),
    );
  }
  if (root && rootFromStore) {
    problems.push(
      problem(
        'CHAIN_ENDS_AT_TRUSTED_ROOT',
        'info',
        `The chain ends at ${dnOneLine(root.subject)}, a root clients already trust; it is not pushed.`,
        'Nothing to do.',
      ),
    );
  } else if (root) {
    problems.push(
      problem(
        'ROOT_NOT_PUSHED',
        'info',
        `The root ${dnOneLine(root.subject)} is in the bundle; it is not pushed, clients already trust their roots.`,
        'Nothing to do.',
      ),
    );
  }
  const chainFacts = chain.map((c) => certificateFacts(c, now));
  for (const f of chainFacts) {
    if (f.expired)
      problems.push(
        problem(
          'CHAIN_CERT_EXPIRED',
          'error',
          `The intermediate ${f.subject} expired on ${f.notAfter.slice(0, 10)}.`,
          'Get the current intermediate certificate from your CA.',
        ),
      );
    if (!f.isCa)
      problems.push(
        problem(
          'CHAIN_CERT_NOT_CA',
          'warning',
          `The chain certificate ${f.subject} is not marked as a CA.`,
          'Check that the chain file holds your CA intermediates.',
        ),
      );
  }

  const report: BundleReport = {
    ok: !problems.some((p) => p.severity === 'error'),
    source: loaded.source,
    leaf: leafFacts,
    chain: chainFacts,
    chainEnd,
    key: { ...key, wasEncrypted: loaded.keyWasEncrypted, matchesCertificate: matches },
    problems,
  };
  if (root) report.root = certificateFacts(root, now);
  if (chainEndsAtAppliance !== undefined) report.chainEndsAtAppliance = chainEndsAtAppliance;
  return {
    report,
    leafPem: canonicalPem(leaf),
    keyPem: loaded.key.export({ format: 'pem', type: 'pkcs8' }) as string,
    chainPems: chain.map(canonicalPem),
    leaf,
    chain,
  };
}

/** Serial + issuer: how X.509 names one certificate, and what NITRO's sslcertkey listing shows. */
export function certIdentity(x: X509Certificate): string {
  return `${normalizeSerial(x.serialNumber)}|${normalizeDn(x.issuer)}`;
}
