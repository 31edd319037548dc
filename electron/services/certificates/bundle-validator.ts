import type { X509Certificate } from 'node:crypto';
import type { BundleProblem, BundleReport } from '../../../shared/schemas/certificates.ts';
import type { LoadedBundle } from './bundle-loader.ts';
import type { TrustStore } from '../network/trust-store.ts';
import {
  canonicalPem,
  certificateFacts,
  displayName,
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
  /**
   * This computer's trust (trust-store.ts), to say whether it knows the root
   * clients must trust. Without it nothing is known here.
   */
  trust?: Pick<TrustStore, 'findAnchor'>;
  now?: Date;
}

function problem(code: string, severity: BundleProblem['severity'], message: string, hint: string): BundleProblem {
  return { code, severity, message, hint };
}

interface ChainWalk {
  /** Intermediates, the leaf's issuer first. */
  chain: X509Certificate[];
  /** A self-signed root the bundle holds; never pushed. */
  root?: X509Certificate;
  /** The highest certificate reached below any root: the leaf or the last intermediate. */
  top: X509Certificate;
  chainEnd: BundleReport['chainEnd'];
  /** Given CA certificates that belong above a gap, the lowest first. */
  above: X509Certificate[];
}

/**
 * Follows issuers from the leaf through the given certificates. Stopping below
 * the root is the normal case (CAs hand out leaf + intermediates); stopping
 * while the bundle still holds CA certificates from further up is a gap.
 */
function walkChain(leaf: X509Certificate, given: X509Certificate[]): ChainWalk {
  const seen = new Set<string>([leaf.fingerprint256]);
  const pool = given.filter((c) => !seen.has(c.fingerprint256) && Boolean(seen.add(c.fingerprint256)));
  const chain: X509Certificate[] = [];
  if (isSelfSigned(leaf)) return { chain, top: leaf, chainEnd: 'root', above: [] };
  let top = leaf;
  for (;;) {
    const next = pool.find((c) => !chain.includes(c) && issuedBy(top, c));
    if (!next) break;
    if (isSelfSigned(next)) return { chain, root: next, top, chainEnd: 'root', above: [] };
    chain.push(next);
    top = next;
  }
  const above = aboveTheGap(top, [leaf, ...chain], pool);
  return { chain, top, chainEnd: above.length > 0 ? 'gap' : 'open', above };
}

/**
 * Unused CA certificates that sit higher than the walk reached: not issued by
 * the chain (those are below it) and not siblings of its top (same issuer, an
 * unrelated chain). A certificate named like the missing issuer but with
 * another key counts too: it is the wrong version of the missing one.
 */
function aboveTheGap(top: X509Certificate, reached: X509Certificate[], pool: X509Certificate[]): X509Certificate[] {
  const wanted = normalizeDn(top.issuer);
  const above = pool.filter(
    (c) =>
      !reached.includes(c) &&
      (c.ca || isSelfSigned(c)) &&
      (normalizeDn(c.subject) === wanted || normalizeDn(c.issuer) !== wanted) &&
      !reached.some((r) => issuedBy(c, r)),
  );
  const lowest = (u: X509Certificate) => !above.some((v) => v !== u && issuedBy(v, u));
  return [...above.filter(lowest), ...above.filter((u) => !lowest(u))];
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
  const walk = walkChain(leaf, loaded.others);
  const { chain, root, top, chainEnd } = walk;
  const clientRootDn = root ? root.subject : top.issuer;
  const clientRoot = {
    subject: dnOneLine(clientRootDn),
    knownHere: opts.trust?.findAnchor([leaf, ...chain, ...(root ? [root] : [])]) != null,
  };
  if (chainEnd === 'gap') {
    const above = walk.above[0]!;
    const missing = dnOneLine(top.issuer);
    const namesake = normalizeDn(above.subject) === normalizeDn(top.issuer);
    problems.push(
      problem(
        'CHAIN_GAP',
        'error',
        namesake
          ? `The chain has a gap: the certificate ${missing} in the bundle did not issue ${displayName(top.subject)} (same name, another key: another version of that intermediate), so the issuer that did is missing.`
          : `The chain has a gap: ${missing}, the issuer of ${displayName(top.subject)}, is missing between ${displayName(top.subject)} and ${displayName(above.subject)}.`,
        `Add the intermediate certificate ${displayName(top.issuer)} that issued ${displayName(top.subject)} to the chain file; your CA publishes it, usually as the full chain.`,
      ),
    );
  } else if (!leafFacts.selfSigned && !root && chain.length === 0 && !clientRoot.knownHere) {
    problems.push(
      problem(
        'CHAIN_NO_INTERMEDIATE',
        'warning',
        `No intermediate certificate is in the bundle: clients get ${name} alone unless the appliance already holds its issuer ${clientRoot.subject} (the plan links to it then).`,
        'Give the chain file your CA sent with the certificate, or the full chain (fullchain.pem).',
      ),
    );
  } else if (!leafFacts.selfSigned && !root) {
    problems.push(
      clientRoot.knownHere
        ? problem(
            'CHAIN_ENDS_BELOW_ROOT',
            'info',
            `The chain ends below the root: clients must already trust ${clientRoot.subject}, and this computer does.`,
            'Nothing to do; the root is never pushed.',
          )
        : problem(
            'CHAIN_ROOT_UNKNOWN_HERE',
            'warning',
            `The chain ends below the root: clients must already trust ${clientRoot.subject}, and this computer does not know that root.`,
            "If it is your organisation's CA, check that your clients trust it; if it should be a public CA, check that the chain file is the one your CA issued with this certificate.",
          ),
    );
  }
  const used = new Set([...chain, ...(root ? [root] : []), ...walk.above].map((c) => c.fingerprint256));
  for (const c of loaded.others) {
    if (!used.has(c.fingerprint256) && c.fingerprint256 !== leaf.fingerprint256) {
      used.add(c.fingerprint256);
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
  if (root) {
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
    clientRoot,
    key: { ...key, wasEncrypted: loaded.keyWasEncrypted, matchesCertificate: matches },
    problems,
  };
  if (root) report.root = certificateFacts(root, now);
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
