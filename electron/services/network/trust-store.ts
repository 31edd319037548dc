import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as tls from 'node:tls';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { TrustCounts, TrustSource } from '../../../shared/schemas/diagnostics.ts';
import { parseCertificates, type ParsedCertificate } from './parse-certificates.ts';
import { fileReadFailure } from '../storage/file-read-failure.ts';
import { readUserFile } from '../files/read-user-file.ts';

/**
 * The one trust used by every TLS connection Fieldkit makes: Node's bundled
 * roots, the operating system's store (where corporate CAs live), the CA files
 * the admin added, NODE_EXTRA_CA_CERTS and a proxy profile's CAs, each source
 * counted. Passing `ca` to Node replaces its defaults, so a code path that
 * builds its own list silently drops one of these; hence this single function.
 */
export interface TrustStoreOptions {
  /** CA files the admin added: PEM (one or several certificates) or DER. */
  caFiles?: string[];
  /** PEM certificates from a proxy profile (an inspecting proxy's CA). */
  proxyCaPems?: string[];
  /**
   * Treated like public roots: the chain is trusted and interception through them
   * is NOT reported. For labs and tests that stand in for public CAs; a run records
   * how many were given.
   */
  extraAnchors?: string[];
  /** Where NODE_EXTRA_CA_CERTS is read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Include the operating system's store (default true). */
  includeSystem?: boolean;
  /**
   * Where the operating system's store is read from; defaults to Node's view of it
   * (`tls.getCACertificates('system')`). Tests give their own "system" roots here.
   */
  systemCertificates?: () => readonly string[];
}

export interface TrustAnchor {
  pem: string;
  cert: X509Certificate;
  fingerprint256: string;
  sources: TrustSource[];
  public: boolean;
}

export interface TrustStore {
  readonly counts: TrustCounts;
  /** Every distinct trusted certificate as PEM, for a TLS `ca` option. */
  readonly caPems: readonly string[];
  /** One secure context for all connections of a run: building it parses every CA once. */
  secureContext(): tls.SecureContext;
  /**
   * This trust plus CAs one connection adds (an appliance profile's CA), as a secure
   * context cached per set of PEMs, so a fleet sharing a CA parses it once.
   */
  secureContextWith(extraCaPems: readonly string[]): tls.SecureContext;
  byFingerprint(fingerprint256: string): TrustAnchor | undefined;
  /** The anchor a presented chain ends in, walking leaf to top; null when none of it is trusted. */
  findAnchor(chain: readonly X509Certificate[]): TrustAnchor | null;
  /** Whether a distinguished name is the subject of a public root (bundled or extra anchor). */
  isPublicSubject(dn: string): boolean;
}

const PUBLIC_SOURCES: ReadonlySet<TrustSource> = new Set(['bundled', 'extra-anchor']);
/** Distinct appliance CAs kept as contexts; a fleet has few, and a context costs tens of milliseconds to build. */
const MAX_EXTENDED_CONTEXTS = 32;

let bundledCache: ParsedCertificate[] | null = null;
let systemCache: { certs: ParsedCertificate[]; problem?: string } | null = null;

function parsePemList(pems: readonly string[]): ParsedCertificate[] {
  const out: ParsedCertificate[] = [];
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem);
      out.push({ pem: cert.toString(), cert });
    } catch {
      // The OS store can hold entries OpenSSL reads but X509Certificate cannot; one bad entry must not hide the rest.
    }
  }
  return out;
}

function bundled(): ParsedCertificate[] {
  bundledCache ??= parsePemList(tls.rootCertificates);
  return bundledCache;
}

function system(source: TrustStoreOptions['systemCertificates']): ParsedCertificate[] {
  if (source) return parsePemList(source());
  if (!systemCache) {
    try {
      systemCache = { certs: parsePemList(tls.getCACertificates('system')) };
    } catch (err) {
      systemCache = { certs: [], problem: (err as Error).message };
    }
  }
  return systemCache.certs;
}

/** Messages name the file by its name alone: the window that chose it never sees where it lives. */
export async function readCaFile(path: string, field: string): Promise<ParsedCertificate[]> {
  const name = basename(path);
  let data: Buffer;
  try {
    data = await readUserFile(path);
  } catch (err) {
    throw new FieldkitError('TRUST_CA_FILE_UNREADABLE', `The CA file ${name} could not be read: ${fileReadFailure(err)}.`, { field });
  }
  return parseCertificates(data, name, field);
}

export async function buildTrustStore(opts: TrustStoreOptions = {}): Promise<TrustStore> {
  const env = opts.env ?? process.env;
  const bySource: Array<[TrustSource, ParsedCertificate[]]> = [];
  bySource.push(['bundled', bundled()]);
  if (opts.includeSystem ?? true) bySource.push(['system', system(opts.systemCertificates)]);

  const userFileCerts: ParsedCertificate[] = [];
  for (const [i, path] of (opts.caFiles ?? []).entries()) userFileCerts.push(...(await readCaFile(path, `caFiles.${i}`)));
  bySource.push(['user-file', userFileCerts]);

  let nodeExtraProblem: string | undefined;
  const nodeExtra: ParsedCertificate[] = [];
  const extraPath = env.NODE_EXTRA_CA_CERTS;
  if (extraPath) {
    try {
      nodeExtra.push(...parseCertificates(await readFile(extraPath), extraPath));
    } catch (err) {
      // Node itself only warns about a bad NODE_EXTRA_CA_CERTS; so do we, but visibly in the result.
      nodeExtraProblem = `NODE_EXTRA_CA_CERTS=${extraPath} was not used: ${(err as Error).message}`;
    }
  }
  bySource.push(['node-extra', nodeExtra]);

  const proxyCerts: ParsedCertificate[] = [];
  for (const [i, pem] of (opts.proxyCaPems ?? []).entries())
    proxyCerts.push(...parseCertificates(pem, `proxy CA certificate ${i + 1}`, `proxy.caCertificates.${i}`));
  bySource.push(['proxy-profile', proxyCerts]);

  const extraAnchors: ParsedCertificate[] = [];
  for (const [i, pem] of (opts.extraAnchors ?? []).entries())
    extraAnchors.push(...parseCertificates(pem, `extra trust anchor ${i + 1}`, `extraTrustAnchors.${i}`));
  bySource.push(['extra-anchor', extraAnchors]);

  const anchors = new Map<string, TrustAnchor>();
  const bySubject = new Map<string, TrustAnchor[]>();
  for (const [source, certs] of bySource) {
    for (const { pem, cert } of certs) {
      const fp = cert.fingerprint256;
      let anchor = anchors.get(fp);
      if (!anchor) {
        anchor = { pem, cert, fingerprint256: fp, sources: [], public: false };
        anchors.set(fp, anchor);
        const list = bySubject.get(cert.subject) ?? [];
        list.push(anchor);
        bySubject.set(cert.subject, list);
      }
      if (!anchor.sources.includes(source)) anchor.sources.push(source);
      if (PUBLIC_SOURCES.has(source)) anchor.public = true;
    }
  }

  // Distinct certificates per source: the OS store lists many roots twice (bundle file and hashed links).
  const distinct = (source: TrustSource) => [...anchors.values()].filter((a) => a.sources.includes(source)).length;
  const counts: TrustCounts = {
    bundled: distinct('bundled'),
    system: distinct('system'),
    userFiles: distinct('user-file'),
    nodeExtraCaCerts: distinct('node-extra'),
    proxyProfile: distinct('proxy-profile'),
    extraAnchors: distinct('extra-anchor'),
    total: anchors.size,
    userFileNames: (opts.caFiles ?? []).map((p) => basename(p)),
  };
  if (nodeExtraProblem) counts.nodeExtraCaCertsProblem = nodeExtraProblem;

  const caPems = [...anchors.values()].map((a) => a.pem);
  let context: tls.SecureContext | null = null;
  const secureContext = () => (context ??= tls.createSecureContext({ ca: caPems }));
  const extendedContexts = new Map<string, tls.SecureContext>();

  return {
    counts,
    caPems,
    secureContext,
    secureContextWith(extraCaPems) {
      if (extraCaPems.length === 0) return secureContext();
      const key = extraCaPems.join('\n');
      let extended = extendedContexts.get(key);
      if (!extended) {
        if (extendedContexts.size >= MAX_EXTENDED_CONTEXTS) extendedContexts.clear();
        extended = tls.createSecureContext({ ca: [...caPems, ...extraCaPems] });
        extendedContexts.set(key, extended);
      }
      return extended;
    },
    byFingerprint: (fp) => anchors.get(fp),
    findAnchor(chain) {
      for (const cert of chain) {
        const exact = anchors.get(cert.fingerprint256);
        if (exact) return exact;
        for (const candidate of bySubject.get(cert.issuer) ?? []) {
          if (cert.checkIssued(candidate.cert) && cert.verify(candidate.cert.publicKey)) return candidate;
        }
      }
      return null;
    },
    isPublicSubject(dn) {
      return (bySubject.get(dn) ?? []).some((a) => a.public);
    },
  };
}

let processStore: { nodeExtra: string; store: Promise<TrustStore> } | null = null;

/**
 * The trust a connection gets when its caller brings none (an appliance
 * connection outside a diagnostics run): the OS store, bundled roots and
 * NODE_EXTRA_CA_CERTS, built once per process.
 */
export function processTrustStore(): Promise<TrustStore> {
  const nodeExtra = process.env['NODE_EXTRA_CA_CERTS'] ?? '';
  if (processStore?.nodeExtra !== nodeExtra) processStore = { nodeExtra, store: buildTrustStore() };
  return processStore.store;
}

/** The PEM certificates of several CA files, each named in errors by its place in `field` ("proxy.caFiles.0"). */
export async function readCaPems(paths: readonly string[], field: string): Promise<string[]> {
  const pems: string[] = [];
  for (const [i, path] of paths.entries()) pems.push(...(await readCaFile(path, `${field}.${i}`)).map((c) => c.pem));
  return pems;
}
