import { z } from 'zod';
import { TROUBLESHOOTING_IDS } from '../cloud-connect-guide.ts';
import { DIAGNOSTIC_CODES } from '../diagnostics-failures.ts';
import { AllowlistFilter } from './allowlist.ts';
import { EndpointGroup, Region } from './endpoint-catalog.ts';
import { hasControlCharacter, hostOrAddress, Port, singleLine } from './network-names.ts';
import { ProfileId } from './secrets.ts';

export { Region, EndpointGroup };

/* ----------------------------------------------------------------- inputs */

export const CCID_PATTERN = /^[a-zA-Z0-9]{1,12}$/;

/**
 * What a CCID does in a check, said the same way on the page, in the CLI's
 * help and in its output: the catalog's tenant host (<name>.agent.adm.cloud.com)
 * is named by the Console service URL, not by the customer ID.
 */
export const CCID_IN_A_CHECK = {
  short: 'recorded with the check; fills in CUSTOMER_ID hosts of an allowlist; your tenant host cannot be derived from it',
  long: 'The CCID is recorded with the check (history, exports), and fills in the CUSTOMER_ID hosts when you check an allowlist version. Your tenant’s Console service host cannot be derived from it: enter the service URL to check that host.',
} as const;

export const Ccid = z.string().trim().regex(CCID_PATTERN, 'A CCID is 1 to 12 letters and digits only (no spaces, dashes or dots).');

/** Where an explicit proxy listens. */
export const ProxyHost = hostOrAddress('The proxy host');

export const ProxyUsername = z
  .string()
  .min(1, 'The proxy username is empty: remove it or type it in.')
  .max(256, 'The proxy username is longer than 256 characters.')
  .refine((u) => !u.includes(':'), 'A Basic-auth username cannot contain ":".')
  .refine((u) => !hasControlCharacter(u), 'The proxy username contains control characters.');

export const PemCertificate = z
  .string()
  .max(65_536, 'A CA certificate is larger than 64 KiB.')
  .refine((p) => p.includes('-----BEGIN CERTIFICATE-----'), 'Expected a PEM certificate (-----BEGIN CERTIFICATE-----).');

const ProfileLabel = { id: ProfileId.optional(), name: singleLine('A profile name', 100).optional() };
const CaList = z.array(PemCertificate).max(20, 'At most 20 CA certificates per proxy profile.').optional();

/**
 * A proxy profile. The password is never part of it: it lives in the keychain
 * under { kind: 'proxy-password', profileId: id } and is handed to the engine
 * as a function argument.
 */
export const ProxyProfile = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      ...ProfileLabel,
      type: z.literal('explicit'),
      host: ProxyHost,
      port: Port,
      username: ProxyUsername.optional(),
      caCertificates: CaList,
    }),
    z.strictObject({
      ...ProfileLabel,
      type: z.literal('explicit-ssl-intercepting'),
      host: ProxyHost,
      port: Port,
      username: ProxyUsername.optional(),
      caCertificates: CaList,
    }),
    /** Nothing to configure on the client: the path intercepts TLS; only its CA matters. */
    z.strictObject({ ...ProfileLabel, type: z.literal('transparent-ssl-intercepting'), caCertificates: CaList }),
  ],
  { error: 'The proxy type must be explicit, explicit-ssl-intercepting or transparent-ssl-intercepting.' },
);
export type ProxyProfile = z.infer<typeof ProxyProfile>;
export type ProxyType = ProxyProfile['type'];

export const PhaseTimeouts = z.strictObject({
  dnsMs: z.number().int().min(100).max(120_000),
  connectMs: z.number().int().min(100).max(120_000),
  proxyConnectMs: z.number().int().min(100).max(120_000),
  tlsMs: z.number().int().min(100).max(120_000),
  httpMs: z.number().int().min(100).max(120_000),
});
export type PhaseTimeouts = z.infer<typeof PhaseTimeouts>;

export const DEFAULT_TIMEOUTS: PhaseTimeouts = { dnsMs: 5_000, connectMs: 5_000, proxyConnectMs: 10_000, tlsMs: 10_000, httpMs: 10_000 };

/** What the admin asks for: one region, optionally a CCID, a service URL, a proxy and CA files. */
export const DiagnoseRequest = z.strictObject({
  region: Region,
  ccid: Ccid.optional(),
  /** The tenant's Console service URL or host, e.g. "acme.agent.adm.cloud.com". */
  serviceUrl: z.string().trim().min(1).max(300).optional(),
  proxy: ProxyProfile.nullish(),
  /** CA files (PEM or DER) the admin added to the trust for this check. */
  caFiles: z.array(z.string().min(1)).max(20).optional(),
  timeouts: PhaseTimeouts.partial().optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
});
export type DiagnoseRequest = z.infer<typeof DiagnoseRequest>;

/**
 * A check of what a stored allowlist version lists instead of the region's
 * catalog: the outbound hosts of the chosen services. No versionId: the newest
 * stored version.
 */
export const AllowlistCheckFilter = AllowlistFilter.omit({ direction: true });
export type AllowlistCheckFilter = z.infer<typeof AllowlistCheckFilter>;
export type AllowlistCheckFilterInput = z.input<typeof AllowlistCheckFilter>;

export const AllowlistCheckSource = z.strictObject({
  versionId: z.number().int().positive().optional(),
  filter: AllowlistCheckFilter.optional(),
});
export type AllowlistCheckSource = z.infer<typeof AllowlistCheckSource>;
export type AllowlistCheckSourceInput = z.input<typeof AllowlistCheckSource>;

/* ---------------------------------------------------------------- results */

export const DiagnosticCode = z.enum(DIAGNOSTIC_CODES);

export const Diagnostic = z.strictObject({
  code: DiagnosticCode,
  kind: z.enum(['failure', 'warning']),
  phase: z.enum(['dns', 'tcp', 'proxy-connect', 'tls', 'http', 'run']),
  title: z.string(),
  message: z.string(),
  fix: z.string(),
  /** NetScaler Console's wording for the same condition, where the documentation gives it for this cause. */
  console: z.string().optional(),
  /** Ids of the Cloud Connect guide's troubleshooting entries that speak to it (shared/cloud-connect-guide.ts). */
  troubleshooting: z.array(z.enum(TROUBLESHOOTING_IDS)).optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const PhaseName = z.enum(['dns', 'tcp', 'proxy-connect', 'tls', 'http']);
export type PhaseName = z.infer<typeof PhaseName>;

export const PhaseTiming = z.strictObject({
  phase: PhaseName,
  status: z.enum(['ok', 'failed', 'timeout', 'aborted']),
  /** Milliseconds from the start of this endpoint's probe: a waterfall needs offsets, not clock times. */
  startMs: z.number(),
  durationMs: z.number(),
  /** What was contacted in this phase ("proxy.corp:8080", "trust.citrixnetworkapi.net"). */
  target: z.string(),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
});
export type PhaseTiming = z.infer<typeof PhaseTiming>;

export const TrustSource = z.enum(['bundled', 'system', 'user-file', 'node-extra', 'proxy-profile', 'extra-anchor']);
export type TrustSource = z.infer<typeof TrustSource>;

export const DnsFacts = z.strictObject({
  host: z.string(),
  /** The proxy's name is resolved here; the destination's name is then resolved by the proxy. */
  for: z.enum(['destination', 'proxy']),
  source: z.enum(['literal', 'override', 'system', 'dns-servers']),
  addresses: z.array(z.string()),
  servers: z.array(z.string()).optional(),
});
export type DnsFacts = z.infer<typeof DnsFacts>;

export const TcpFacts = z.strictObject({
  for: z.enum(['destination', 'proxy']),
  address: z.string(),
  port: z.number(),
  localAddress: z.string().optional(),
});
export type TcpFacts = z.infer<typeof TcpFacts>;

export const ProxyConnectFacts = z.strictObject({
  request: z.string(),
  authSent: z.boolean(),
  statusCode: z.number().optional(),
  statusText: z.string().optional(),
  proxyAuthenticate: z.array(z.string()).optional(),
  server: z.string().optional(),
  via: z.string().optional(),
  /** RFC 9209 Proxy-Status, or a vendor error header such as Squid's X-Squid-Error. */
  proxyStatus: z.string().optional(),
  proxyError: z.string().optional(),
});
export type ProxyConnectFacts = z.infer<typeof ProxyConnectFacts>;

export const CertificateInfo = z.strictObject({
  subject: z.string(),
  issuer: z.string(),
  subjectAltNames: z.array(z.string()),
  serialNumber: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  expired: z.boolean(),
  notYetValid: z.boolean(),
  fingerprint256: z.string(),
  isCa: z.boolean(),
  selfSigned: z.boolean(),
  caIssuersUrls: z.array(z.string()),
  ocspUrls: z.array(z.string()),
  /** Which trust sources hold this exact certificate. */
  trustedBy: z.array(TrustSource),
  pem: z.string(),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

export const InterceptionFacts = z.strictObject({
  detected: z.boolean(),
  /** The evidence, in words ("anchored in the proxy profile's CA", "private root presented"). */
  reason: z.string(),
  issuer: z.string().optional(),
  product: z.string().optional(),
  /** The CA certificate to upload to Console, when the chain gives it. */
  caCertificatePem: z.string().optional(),
  caCertificateIsRoot: z.boolean().optional(),
  matchesProxyProfileCa: z.boolean().optional(),
});
export type InterceptionFacts = z.infer<typeof InterceptionFacts>;

export const TlsFacts = z.strictObject({
  servername: z.string(),
  protocol: z.string().optional(),
  cipher: z.strictObject({ name: z.string(), standardName: z.string().optional(), version: z.string() }).optional(),
  alpn: z.string().optional(),
  authorized: z.boolean(),
  authorizationError: z.string().optional(),
  /** Leaf first, as presented (completed with the trusted root where the trust holds it). */
  chain: z.array(CertificateInfo),
  anchor: z
    .strictObject({ subject: z.string(), fingerprint256: z.string(), sources: z.array(TrustSource), public: z.boolean() })
    .optional(),
  interception: InterceptionFacts,
});
export type TlsFacts = z.infer<typeof TlsFacts>;

export const HttpFacts = z.strictObject({
  request: z.string(),
  statusCode: z.number().optional(),
  statusText: z.string().optional(),
  ttfbMs: z.number().optional(),
  server: z.string().optional(),
  via: z.string().optional(),
  contentType: z.string().optional(),
  location: z.string().optional(),
  proxyStatus: z.string().optional(),
  proxyError: z.string().optional(),
  /** Set when the answer came from a proxy (block or error page) rather than the service, with the evidence. */
  proxyGenerated: z.string().optional(),
  /** Set when the body went on past what the probe reads (a few KiB): the rest was never downloaded. */
  bodyNote: z.string().optional(),
});
export type HttpFacts = z.infer<typeof HttpFacts>;

export const Coverage = z.enum(['exact', 'representative', 'domain-level', 'tenant-service-url', 'tenant-customer-id']);
export type Coverage = z.infer<typeof Coverage>;

/** A catalog group, or "allowlist" for a host a stored allowlist version lists (groupLabel is then its service). */
export const ResultGroup = z.union([EndpointGroup, z.literal('allowlist')]);
export type ResultGroup = z.infer<typeof ResultGroup>;

/** Console's words for a verdict ("Reachable", "Not Reachable"), and ours for a probe that did not finish. */
export const VERDICT_LABELS = { reachable: 'Reachable', 'not-reachable': 'Not Reachable', 'not-checked': 'Not checked' } as const;

export const EndpointResult = z.strictObject({
  endpointId: z.string(),
  region: Region,
  group: ResultGroup,
  groupLabel: z.string(),
  listed: z.string(),
  host: z.string(),
  port: z.number(),
  coverage: Coverage,
  /** Says in words which host stands for which listed name, when they differ. */
  coverageNote: z.string().optional(),
  required: z.boolean(),
  why: z.string(),
  route: z.enum(['direct', 'explicit-proxy']),
  verdict: z.enum(['reachable', 'not-reachable', 'not-checked']),
  /** "Reachable" / "Not Reachable", the words Console uses. */
  verdictLabel: z.string(),
  failure: Diagnostic.optional(),
  warnings: z.array(Diagnostic),
  phases: z.array(PhaseTiming),
  dns: DnsFacts.optional(),
  tcp: TcpFacts.optional(),
  proxyConnect: ProxyConnectFacts.optional(),
  tls: TlsFacts.optional(),
  http: HttpFacts.optional(),
  startedAt: z.string(),
  totalMs: z.number(),
});
export type EndpointResult = z.infer<typeof EndpointResult>;

export const TrustCounts = z.strictObject({
  bundled: z.number(),
  system: z.number(),
  userFiles: z.number(),
  nodeExtraCaCerts: z.number(),
  proxyProfile: z.number(),
  extraAnchors: z.number(),
  /** Distinct certificates after merging every source. */
  total: z.number(),
  /** Set when NODE_EXTRA_CA_CERTS names a file that could not be used. */
  nodeExtraCaCertsProblem: z.string().optional(),
  userFileNames: z.array(z.string()),
});
export type TrustCounts = z.infer<typeof TrustCounts>;

export const NextStep = z.strictObject({
  order: z.number(),
  code: z.union([DiagnosticCode, z.enum(['network-unreachable', 'console-region-setup', 'rerun', 'continue-setup'])]),
  title: z.string(),
  text: z.string(),
  endpointIds: z.array(z.string()),
});
export type NextStep = z.infer<typeof NextStep>;

export const RunSummary = z.strictObject({
  verdict: z.enum(['met', 'not-met', 'incomplete']),
  headline: z.string(),
  counts: z.strictObject({
    endpoints: z.number(),
    required: z.number(),
    reachable: z.number(),
    notReachable: z.number(),
    notChecked: z.number(),
    requiredNotReachable: z.number(),
    warnings: z.number(),
    /**
     * The same per distinct host:port probed (one host may stand for several
     * listed names). Absent in runs kept before version 2.
     */
    hosts: z
      .strictObject({
        total: z.number(),
        required: z.number(),
        reachable: z.number(),
        notReachable: z.number(),
        notChecked: z.number(),
        requiredNotReachable: z.number(),
      })
      .optional(),
  }),
  nextSteps: z.array(NextStep),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** The proxy as a run records it: never a password. */
export const RunProxy = z.strictObject({
  type: z.enum(['explicit', 'explicit-ssl-intercepting', 'transparent-ssl-intercepting']),
  profileId: z.string().optional(),
  name: z.string().optional(),
  host: z.string().optional(),
  port: z.number().optional(),
  username: z.string().optional(),
  authentication: z.enum(['none', 'basic']),
  caCertificates: z.number(),
});
export type RunProxy = z.infer<typeof RunProxy>;

/** Test and lab settings that change what is probed; a run always records them so they are never silently on. */
export const RunOverrides = z.strictObject({
  resolve: z.record(z.string(), z.string()),
  dnsServers: z.array(z.string()),
  ports: z.record(z.string(), z.number()),
  extraTrustAnchors: z.number(),
  customCatalog: z.boolean(),
});
export type RunOverrides = z.infer<typeof RunOverrides>;

/** The allowlist version a run checked instead of the catalog, and what of it was left out and why. */
export const RunAllowlist = z.strictObject({
  versionId: z.number().int(),
  /** The API's meta.version (or the baseline's). */
  version: z.string(),
  source: z.enum(['api', 'baseline']),
  fetchedAt: z.string(),
  validUntil: z.string().optional(),
  filter: AllowlistCheckFilter,
  /** Listed hosts not checked (a CUSTOMER_ID host without a CCID, a service without TCP 443). */
  skipped: z.array(z.strictObject({ service: z.string(), listed: z.string(), reason: z.string() })),
  /** What the admin should know about how the list became hosts and ports. */
  notes: z.array(z.string()),
});
export type RunAllowlist = z.infer<typeof RunAllowlist>;

/** What changed in each version: docs/diagnose-json.md. Runs kept in history under version 1 are still read. */
export const DIAGNOSTICS_RESULT_VERSION = 2;

export const DiagnosticsRun = z.strictObject({
  schemaVersion: z.union([z.literal(1), z.literal(DIAGNOSTICS_RESULT_VERSION)]),
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  /** Set when single endpoints were re-checked after the run. */
  updatedAt: z.string().optional(),
  region: Region,
  regionLabel: z.string(),
  ccid: z.string().optional(),
  serviceUrlHost: z.string().optional(),
  proxy: RunProxy.nullable(),
  trust: TrustCounts,
  timeouts: PhaseTimeouts,
  concurrency: z.number(),
  overrides: RunOverrides,
  /** Set when the endpoints came from a stored allowlist version rather than the region's catalog. */
  allowlist: RunAllowlist.optional(),
  cancelled: z.boolean(),
  results: z.array(EndpointResult),
  summary: RunSummary,
});
export type DiagnosticsRun = z.infer<typeof DiagnosticsRun>;

export const RunListItem = z.strictObject({
  id: z.string(),
  startedAt: z.string(),
  region: Region,
  verdict: RunSummary.shape.verdict,
  headline: z.string(),
  proxy: z.string().optional(),
  ccid: z.string().optional(),
  serviceUrlHost: z.string().optional(),
  /** Set when the run checked a stored allowlist version instead of the catalog. */
  allowlistVersionId: z.number().int().optional(),
});
export type RunListItem = z.infer<typeof RunListItem>;

/* ---------------------------------------------------------------- progress */

export const DiagnosticsProgress = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('run-started'),
    runId: z.string(),
    region: Region,
    total: z.number(),
    endpoints: z.array(z.strictObject({ endpointId: z.string(), listed: z.string(), host: z.string() })),
  }),
  z.strictObject({ type: z.literal('endpoint-started'), runId: z.string(), endpointId: z.string(), host: z.string() }),
  z.strictObject({
    type: z.literal('endpoint-finished'),
    runId: z.string(),
    completed: z.number(),
    total: z.number(),
    result: EndpointResult,
  }),
  z.strictObject({ type: z.literal('run-finished'), runId: z.string(), summary: RunSummary, cancelled: z.boolean() }),
]);
export type DiagnosticsProgress = z.infer<typeof DiagnosticsProgress>;

/* -------------------------------------------------------------- comparing */

const EndpointSnapshot = z.strictObject({
  verdict: EndpointResult.shape.verdict,
  failureCode: DiagnosticCode.optional(),
  failureTitle: z.string().optional(),
  totalMs: z.number(),
  host: z.string(),
});

const ComparedRun = z.strictObject({ id: z.string(), startedAt: z.string(), verdict: RunSummary.shape.verdict, regionLabel: z.string() });

export const RunComparison = z.strictObject({
  before: ComparedRun,
  after: ComparedRun,
  sameRegion: z.boolean(),
  endpoints: z.array(
    z.strictObject({
      endpointId: z.string(),
      listed: z.string(),
      change: z.enum(['fixed', 'broken', 'unchanged', 'failure-changed', 'added', 'removed']),
      before: EndpointSnapshot.optional(),
      after: EndpointSnapshot.optional(),
      totalMsDelta: z.number().optional(),
      /** A different host was probed for the same listed name (a service URL given, or changed): the two verdicts are about different hosts. */
      hostChanged: z.boolean().optional(),
    }),
  ),
  counts: z.strictObject({
    fixed: z.number(),
    broken: z.number(),
    unchanged: z.number(),
    failureChanged: z.number(),
    added: z.number(),
    removed: z.number(),
    hostChanged: z.number(),
  }),
});
export type RunComparison = z.infer<typeof RunComparison>;

/* ------------------------------------------------------------ test proxy */

export const ProxyTestResult = z.strictObject({
  ok: z.boolean(),
  /** One sentence for the profile form. */
  summary: z.string(),
  probedHost: z.string(),
  proxyReachable: z.boolean(),
  authentication: z.enum(['not-required', 'accepted', 'required', 'rejected', 'unknown']),
  proxyServer: z.string().optional(),
  interception: InterceptionFacts.optional(),
  result: EndpointResult,
});
export type ProxyTestResult = z.infer<typeof ProxyTestResult>;

export const ExportOptions = z.strictObject({
  /** The proxy username is left out of exports unless the admin keeps it. */
  keepProxyUsername: z.boolean().default(false),
});
export type ExportOptions = z.input<typeof ExportOptions>;
