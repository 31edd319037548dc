import { z } from 'zod';

/**
 * The Citrix Cloud Connectivity AllowList API (GET {base}/v2/allowlist): its
 * parameters, the two answer formats as the API sends them (unknown fields
 * kept), and the one model Fieldkit keeps, compares and exports, whichever
 * format a version came in.
 */

/** The API's own rule for customerId; checked before any request. */
export const CUSTOMER_ID_PATTERN = /^[a-zA-Z0-9]{1,12}$/;
export const CustomerId = z
  .string()
  .regex(CUSTOMER_ID_PATTERN, 'A customer ID (CCID) is 1 to 12 letters and digits, as Citrix Cloud shows it under Account Settings.');

export const ALLOWLIST_FORMATS = ['json', 'zscaler'] as const;
export const AllowlistFormat = z.enum(ALLOWLIST_FORMATS);
export type AllowlistFormat = z.infer<typeof AllowlistFormat>;

export const ALLOWLIST_GEOS = ['us', 'eu', 'ap-s', 'jp', 'all'] as const;
export const AllowlistGeo = z.enum(ALLOWLIST_GEOS);
export type AllowlistGeo = z.infer<typeof AllowlistGeo>;

export const ALLOWLIST_DIRECTIONS = ['inbound', 'outbound', 'all'] as const;
export const AllowlistDirection = z.enum(ALLOWLIST_DIRECTIONS);
export type AllowlistDirection = z.infer<typeof AllowlistDirection>;

/** What one fetch asks for. `customerId` is required for json, optional for zscaler (placeholders become `*`). */
export const AllowlistQuery = z
  .strictObject({
    customerId: CustomerId.optional(),
    format: AllowlistFormat.default('json'),
    geo: AllowlistGeo.default('all'),
    direction: AllowlistDirection.default('all'),
  })
  .refine((q) => q.format !== 'json' || q.customerId !== undefined, {
    message: 'The json format needs a customer ID (CCID); the zscaler format works without one.',
    path: ['customerId'],
  });
export type AllowlistQuery = z.infer<typeof AllowlistQuery>;
export type AllowlistQueryInput = z.input<typeof AllowlistQuery>;

// ---- the answers as the API sends them (extra fields kept) ----

export const AllowlistJsonEndpoint = z.looseObject({
  geo: z.string(),
  fqdns: z.array(z.string()).optional(),
  ips: z.array(z.string()).optional(),
});

export const AllowlistJsonService = z.looseObject({
  name: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  endpoints: z.array(AllowlistJsonEndpoint),
  /** "80,443" or ranges "1494-1495"; absent when the service has no TCP. */
  tcpPorts: z.string().optional(),
  udpPorts: z.string().optional(),
  required: z.boolean(),
  notes: z.string().optional(),
});

/** format=json */
export const AllowlistJsonAnswer = z.looseObject({
  meta: z.looseObject({ version: z.string().min(1), validUntil: z.string().min(1) }),
  services: z.array(AllowlistJsonService),
});
export type AllowlistJsonAnswer = z.infer<typeof AllowlistJsonAnswer>;

export const ZscalerService = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string(),
  protocol: z.string(),
  ports: z.string(),
  domains: z.array(z.string()).optional(),
  cidrs: z.array(z.string()).optional(),
});

/** format=zscaler (Zscaler Web Service Endpoint 1.3). */
export const ZscalerAnswer = z.looseObject({
  usage: z.looseObject({ update_interval: z.number() }),
  services: z.array(ZscalerService),
  ipv6_services: z.array(ZscalerService).optional(),
});
export type ZscalerAnswer = z.infer<typeof ZscalerAnswer>;

// ---- the model Fieldkit keeps, compares and exports ----

/** One port or an inclusive range. */
export const PortRange = z.strictObject({ from: z.number().int().min(1).max(65535), to: z.number().int().min(1).max(65535) });
export type PortRange = z.infer<typeof PortRange>;

export const AllowlistEndpoint = z.strictObject({
  geo: z.string(),
  /** Host names; `CUSTOMER_ID.` placeholders are kept as the API left them (exports replace them). */
  fqdns: z.array(z.string()),
  /** CIDRs, IPv4 and IPv6 together; exports split them. */
  cidrs: z.array(z.string()),
});
export type AllowlistEndpoint = z.infer<typeof AllowlistEndpoint>;

export const AllowlistService = z.strictObject({
  /** Stable within a version: the API's service name (json) or the zscaler id's service part. */
  name: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  required: z.boolean(),
  notes: z.string().optional(),
  tcpPorts: z.array(PortRange),
  udpPorts: z.array(PortRange),
  endpoints: z.array(AllowlistEndpoint),
});
export type AllowlistService = z.infer<typeof AllowlistService>;

export const AllowlistDocument = z.strictObject({
  /** The API's meta.version (json), or the fetch time for zscaler answers, which carry no version. */
  version: z.string(),
  /** meta.validUntil (json), or fetch time + usage.update_interval hours (zscaler). */
  validUntil: z.string().optional(),
  services: z.array(AllowlistService),
});
export type AllowlistDocument = z.infer<typeof AllowlistDocument>;

/** A version as stored: where it came from and when, and its document. */
export const AllowlistVersionInfo = z.strictObject({
  id: z.number().int(),
  /** "api": fetched; "baseline": bundled with Fieldkit for a first start without network. */
  source: z.enum(['api', 'baseline']),
  fetchedAt: z.string(),
  baseUrl: z.string().optional(),
  query: z.strictObject({
    customerId: z.string().optional(),
    format: AllowlistFormat,
    geo: AllowlistGeo,
    direction: AllowlistDirection,
  }),
  /** The Citrix-TransactionId sent with the request that fetched it. */
  transactionId: z.string().optional(),
  version: z.string(),
  validUntil: z.string().optional(),
  lastModified: z.string().optional(),
  cacheControl: z.string().optional(),
  serviceCount: z.number().int(),
  endpointCount: z.number().int(),
});
export type AllowlistVersionInfo = z.infer<typeof AllowlistVersionInfo>;

// ---- diff and exports ----

export const AllowlistDiff = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  services: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }),
  fqdns: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }),
  cidrs: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }),
  /** Per service present in both: ports added and removed, as "tcp/443" or "udp/1494-1495". */
  ports: z.array(z.strictObject({ service: z.string(), added: z.array(z.string()), removed: z.array(z.string()) })),
});
export type AllowlistDiff = z.infer<typeof AllowlistDiff>;

export const EXPORT_KINDS = ['csv', 'fqdn', 'cidr', 'edl-url', 'edl-ip', 'zscaler', 'pac', 'json'] as const;
export const ExportKind = z.enum(EXPORT_KINDS);
export type ExportKind = z.infer<typeof ExportKind>;

export const AllowlistFilter = z.strictObject({
  services: z.array(z.string()).optional(),
  geo: AllowlistGeo.default('all'),
  direction: AllowlistDirection.default('all'),
  requiredOnly: z.boolean().default(false),
});
export type AllowlistFilter = z.infer<typeof AllowlistFilter>;
export type AllowlistFilterInput = z.input<typeof AllowlistFilter>;

/** A fetch that waits: for the client's own limit (5 a minute per IP) or for the API's 429. */
export const AllowlistWaitEvent = z.strictObject({
  waitMs: z.number(),
  until: z.string(),
  reason: z.enum(['client-limit', 'server-429']),
});
export type AllowlistWaitEvent = z.infer<typeof AllowlistWaitEvent>;
