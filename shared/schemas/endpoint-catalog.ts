import { z } from 'zod';
import { DnsHostName, Port } from './network-names.ts';

export const Region = z.enum(['commercial', 'gov', 'japan'], {
  error: 'Unknown region.',
});
export type Region = z.infer<typeof Region>;

export const EndpointGroup = z.enum(['trust-service', 'console-service', 'customer-details', 'cloud-sign-in']);
export type EndpointGroup = z.infer<typeof EndpointGroup>;

/**
 * How the host that is actually probed relates to what the documentation lists:
 * - exact: the listed host itself;
 * - representative: a known host under a wildcard (trust.citrixnetworkapi.net for *.citrixnetworkapi.net);
 * - domain-level: no fixed host exists under the wildcard, so the service's own domain is checked;
 * - tenant: tenant-specific hosts (<name>.agent.adm.cloud.com), resolved per run from the
 *   admin's service URL, else from the CCID, else checked at domain level.
 */
export const ProbeRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exact'), host: DnsHostName }),
  z.strictObject({ kind: z.literal('representative'), host: DnsHostName }),
  z.strictObject({ kind: z.literal('domain-level'), host: DnsHostName }),
  z.strictObject({
    kind: z.literal('tenant'),
    /** What a service URL for this region must end with, e.g. ".agent.adm.cloud.com". */
    suffix: z.string().regex(/^\.[a-z0-9.-]+$/),
    /** A host with a CUSTOMER_ID placeholder, filled from the CCID when no service URL is given. */
    customerIdHost: z
      .string()
      .regex(/^CUSTOMER_ID\.[a-z0-9.-]+$/)
      .optional(),
    /** Checked instead when neither a service URL nor a CCID is known. */
    domainHost: DnsHostName,
  }),
]);
export type ProbeRule = z.infer<typeof ProbeRule>;

export const CatalogEndpoint = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  region: Region,
  group: EndpointGroup,
  /**
   * As the documentation lists it, wildcards included, in lower case: the
   * documentation capitalises some names ("Citrix.cloud.com"), but a host name
   * has no case and every place that shows one shows it in lower case.
   */
  listed: z
    .string()
    .min(1)
    .refine((s) => s === s.toLowerCase(), 'A listed host name is written in lower case.'),
  probe: ProbeRule,
  port: Port,
  required: z.boolean(),
  why: z.string().min(1),
});
export type CatalogEndpoint = z.infer<typeof CatalogEndpoint>;

export const CatalogPortNote = z.strictObject({
  port: Port,
  protocol: z.literal('tcp'),
  from: z.string(),
  to: z.string(),
  note: z.string(),
});

export const CatalogRegion = z.strictObject({
  /** How the region is named everywhere: pickers, reports, headlines, the guide. */
  label: z.string().min(1),
  /** Commands to run on the Console on-prem shell before connecting, if the region needs them (they restart Console). */
  consoleCommands: z.array(z.string().min(1)).min(1).optional(),
});
export type CatalogRegion = z.infer<typeof CatalogRegion>;

export const EndpointCatalog = z.strictObject({
  version: z.literal(1),
  source: z.string(),
  ports: z.array(CatalogPortNote).min(1),
  /** Every region, in the order they are offered. */
  regions: z.record(Region, CatalogRegion),
  groups: z.array(z.strictObject({ id: EndpointGroup, label: z.string(), why: z.string() })).length(4),
  endpoints: z.array(CatalogEndpoint).min(1),
});
export type EndpointCatalog = z.infer<typeof EndpointCatalog>;
