import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import catalogData from '../../../resources/endpoint-catalog.json' with { type: 'json' };
import { EndpointCatalog, type CatalogEndpoint, type Region } from '../../../shared/schemas/endpoint-catalog.ts';
import type { Coverage, ResultGroup } from '../../../shared/schemas/diagnostics.ts';

export type { EndpointCatalog };

let shipped: EndpointCatalog | null = null;

/** The catalog bundled with Fieldkit (resources/endpoint-catalog.json), validated once. */
export function loadEndpointCatalog(data: unknown = catalogData): EndpointCatalog {
  if (data === catalogData && shipped) return shipped;
  const parsed = EndpointCatalog.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FieldkitError(
      'DIAG_CATALOG_INVALID',
      `The endpoint catalog is not valid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown problem'}.`,
    );
  }
  const ids = new Set<string>();
  for (const e of parsed.data.endpoints) {
    if (ids.has(e.id)) throw new FieldkitError('DIAG_CATALOG_INVALID', `The endpoint catalog lists ${e.id} twice.`);
    ids.add(e.id);
  }
  if (data === catalogData) shipped = parsed.data;
  return parsed.data;
}

/** A catalog entry, or one made from an allowlist host (group "allowlist"). */
export type PlannedEntry = Omit<CatalogEndpoint, 'group'> & { group: ResultGroup };

export interface PlannedEndpoint {
  entry: PlannedEntry;
  groupLabel: string;
  host: string;
  port: number;
  coverage: Coverage;
  coverageNote?: string;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function tenantSuffixes(catalog: EndpointCatalog): Array<{ region: Region; suffix: string }> {
  return catalog.endpoints.flatMap((e) => (e.probe.kind === 'tenant' ? [{ region: e.region, suffix: e.probe.suffix }] : []));
}

/**
 * Accepts what an admin pastes as the Console service URL (a host, or a URL
 * with scheme and path) and returns the tenant host, checked against the region.
 */
export function parseServiceUrl(input: string, region: Region, catalog: EndpointCatalog = loadEndpointCatalog()): string {
  const suffixes = tenantSuffixes(catalog);
  const expected = suffixes.find((s) => s.region === region)?.suffix;
  const example = expected ? `<name>${expected}` : 'the host shown in Console service';
  let host = input.trim().toLowerCase();
  try {
    if (host.includes('://')) host = new URL(host).hostname;
  } catch {
    throw new FieldkitError('DIAG_INVALID_SERVICE_URL', `The Console service URL "${input}" is not a valid URL.`, {
      field: 'serviceUrl',
      hint: `Enter it as ${example}.`,
    });
  }
  host = host
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
  if (!expected)
    throw new FieldkitError('DIAG_INVALID_SERVICE_URL', `The ${region} region has no tenant-specific service URL.`, {
      field: 'serviceUrl',
    });
  if (!host.endsWith(expected)) {
    const other = suffixes.find((s) => host.endsWith(s.suffix));
    const why = other ? `it is a ${other.region} service URL` : `it does not end with ${expected}`;
    throw new FieldkitError('DIAG_INVALID_SERVICE_URL', `The Console service URL "${input}" does not fit the ${region} region: ${why}.`, {
      field: 'serviceUrl',
      hint: other
        ? `Choose the ${other.region} region, or enter a URL like ${example}.`
        : `Enter it as ${example}, as NetScaler Console service shows it.`,
    });
  }
  const name = host.slice(0, -expected.length);
  if (!LABEL.test(name)) {
    throw new FieldkitError('DIAG_INVALID_SERVICE_URL', `The Console service URL "${input}" has no valid tenant name before ${expected}.`, {
      field: 'serviceUrl',
      hint: `Enter it as ${example}: one name of letters, digits and dashes before ${expected}.`,
    });
  }
  return host;
}

/** The concrete hosts to probe for a region, each saying which listed name it stands for. */
export function planEndpoints(
  catalog: EndpointCatalog,
  region: Region,
  opts: { ccid?: string; serviceUrlHost?: string } = {},
): PlannedEndpoint[] {
  const labels = new Map(catalog.groups.map((g) => [g.id, g.label]));
  return catalog.endpoints
    .filter((e) => e.region === region)
    .map((entry): PlannedEndpoint => {
      const base = { entry, groupLabel: labels.get(entry.group) ?? entry.group, port: entry.port };
      const probe = entry.probe;
      switch (probe.kind) {
        case 'exact':
          return { ...base, host: probe.host, coverage: 'exact' };
        case 'representative':
          return { ...base, host: probe.host, coverage: 'representative', coverageNote: `${probe.host} stands for ${entry.listed}.` };
        case 'domain-level':
          return {
            ...base,
            host: probe.host,
            coverage: 'domain-level',
            coverageNote: `No fixed host is published under ${entry.listed}; its domain ${probe.host} was checked.`,
          };
        case 'tenant': {
          if (opts.serviceUrlHost) {
            return {
              ...base,
              host: opts.serviceUrlHost,
              coverage: 'tenant-service-url',
              coverageNote: `Your service URL ${opts.serviceUrlHost} stands for ${entry.listed}.`,
            };
          }
          if (opts.ccid && probe.customerIdHost) {
            const host = probe.customerIdHost.replace('CUSTOMER_ID', opts.ccid.toLowerCase());
            return {
              ...base,
              host,
              coverage: 'tenant-customer-id',
              coverageNote: `${host} was derived from the CCID for ${entry.listed}; if your Console service URL differs, enter it to check the exact host.`,
            };
          }
          return {
            ...base,
            host: probe.domainHost,
            coverage: 'domain-level',
            coverageNote: `${entry.listed} is tenant-specific and no service URL was given: checked at domain level only (${probe.domainHost}).`,
          };
        }
      }
    });
}

export function tenantSuffix(catalog: EndpointCatalog, region: Region): string | undefined {
  return tenantSuffixes(catalog).find((s) => s.region === region)?.suffix;
}
