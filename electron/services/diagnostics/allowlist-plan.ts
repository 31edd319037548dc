import { createHash } from 'node:crypto';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { AllowlistDocument, AllowlistService, AllowlistVersionInfo } from '../../../shared/schemas/allowlist.ts';
import { AllowlistCheckFilter, type AllowlistCheckFilterInput, type RunAllowlist } from '../../../shared/schemas/diagnostics.ts';
import type { ProbeRule, Region } from '../../../shared/schemas/endpoint-catalog.ts';
import { CUSTOMER_ID_PLACEHOLDER } from '../allowlist/allowlist-entries.ts';
import { filterAllowlist } from '../allowlist/filter-allowlist.ts';
import { formatPortList } from '../allowlist/port-ranges.ts';
import { planEndpoints, type EndpointCatalog, type PlannedEndpoint } from './endpoint-catalog.ts';
import { describeRunAllowlist } from '../../../shared/run-allowlist-label.ts';

/** A stored allowlist version handed to a run, and which part of it to check. */
export interface AllowlistCheck {
  info: AllowlistVersionInfo;
  document: AllowlistDocument;
  filter?: AllowlistCheckFilterInput | undefined;
}

/** The check speaks HTTPS (TCP, TLS, an HTTP request), so of a service's TCP ports only this one is a fair test. */
const HTTPS_PORT = 443;

type HostChoice = Pick<PlannedEndpoint, 'host' | 'coverage' | 'coverageNote'> & {
  /** The catalog's rule for a wildcard it knows, so a tenant host checked at domain level warns as in a catalog run. */
  probe?: ProbeRule;
};

/**
 * Every wildcard the catalog knows, with the host the catalog checks for it
 * (representative, domain-level, or the tenant's own host): an allowlist that
 * lists the same name is checked the same way.
 */
function catalogChoices(
  catalog: EndpointCatalog,
  region: Region,
  opts: { ccid?: string; serviceUrlHost?: string },
): Map<string, HostChoice> {
  const regions = [region, ...(Object.keys(catalog.regions) as Region[]).filter((r) => r !== region)];
  const choices = new Map<string, HostChoice>();
  for (const r of regions) {
    const plans = planEndpoints(catalog, r, r === region ? opts : opts.ccid ? { ccid: opts.ccid } : {});
    for (const p of plans) {
      const listed = p.entry.listed.toLowerCase();
      if (!listed.includes('*') || choices.has(listed)) continue;
      choices.set(listed, {
        host: p.host,
        coverage: p.coverage,
        probe: p.entry.probe,
        ...(p.coverageNote ? { coverageNote: p.coverageNote } : {}),
      });
    }
  }
  return choices;
}

/** A wildcard the catalog does not know: its fixed domain, as the catalog's domain-level rule does. */
function domainLevel(listed: string): HostChoice {
  const host = listed.slice(listed.lastIndexOf('*.') + 2);
  return {
    host,
    coverage: 'domain-level',
    coverageNote: `No fixed host is published under ${listed}; its domain ${host} was checked.`,
  };
}

function endpointId(service: string, listed: string): string {
  return `allowlist-${createHash('sha256').update(`${service}\n${listed}`).digest('hex').slice(0, 16)}`;
}

function coversHttps(service: AllowlistService): boolean {
  return service.tcpPorts.some((r) => r.from <= HTTPS_PORT && HTTPS_PORT <= r.to);
}

/**
 * The endpoints of a run from a stored allowlist version: the outbound host
 * names of the chosen services, one concrete host per wildcard as the catalog
 * checks it, CUSTOMER_ID filled from the CCID (skipped without one), each on
 * TCP 443. What cannot be checked is recorded with the reason, never dropped
 * silently.
 */
export function planAllowlistEndpoints(
  check: AllowlistCheck,
  ctx: { catalog: EndpointCatalog; region: Region; ccid?: string | undefined; serviceUrlHost?: string | undefined },
): { planned: PlannedEndpoint[]; record: RunAllowlist } {
  const parsed = AllowlistCheckFilter.safeParse(check.filter ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['endpoints.fromAllowlist.filter', ...issue.path.map(String)].join('.');
    throw new FieldkitError('DIAG_INVALID_OPTION', `${field}: ${issue.message}`, { field });
  }
  const filter = parsed.data;
  const { doc } = filterAllowlist(check.document, { ...filter, direction: 'outbound' });
  const known = check.document.services.filter((s) => s.direction === 'outbound').map((s) => s.name);
  const knownLower = new Set(known.map((n) => n.toLowerCase()));
  // Only outbound services can be checked from here: an inbound one named is as much a mistake as a typo.
  const unknownServices = (filter.services ?? []).filter((s) => !knownLower.has(s.toLowerCase()));
  if (unknownServices.length) {
    throw new FieldkitError(
      'DIAG_ALLOWLIST_UNKNOWN_SERVICE',
      `Allowlist version ${check.info.id} has no outbound service named ${unknownServices.map((s) => `"${s}"`).join(', ')}.`,
      {
        field: 'endpoints.fromAllowlist.filter.services',
        hint: `Its outbound services are: ${known.join(', ') || 'none'}.`,
      },
    );
  }

  const ccid = ctx.ccid?.toLowerCase();
  const choices = catalogChoices(ctx.catalog, ctx.region, {
    ...(ccid ? { ccid } : {}),
    ...(ctx.serviceUrlHost ? { serviceUrlHost: ctx.serviceUrlHost } : {}),
  });
  const planned: PlannedEndpoint[] = [];
  const skipped: RunAllowlist['skipped'] = [];
  const notes: string[] = [];
  for (const service of doc.services) {
    const fqdns = [...new Set(service.endpoints.flatMap((e) => e.fqdns))];
    if (fqdns.length === 0) continue;
    const otherPorts = service.tcpPorts.filter((r) => !(r.from === HTTPS_PORT && r.to === HTTPS_PORT));
    if (service.tcpPorts.length && !coversHttps(service)) {
      const reason = `${service.name} lists TCP ${formatPortList(service.tcpPorts)} but not 443; the check speaks HTTPS on 443 only.`;
      for (const listed of fqdns) skipped.push({ service: service.name, listed, reason });
      continue;
    }
    if (service.tcpPorts.length === 0) notes.push(`${service.name} lists no TCP port; its hosts were checked on 443.`);
    else if (otherPorts.length)
      notes.push(`${service.name} also lists TCP ${formatPortList(service.tcpPorts)}: only 443 was checked, as the check speaks HTTPS.`);
    if (service.udpPorts.length) notes.push(`${service.name} also lists UDP ${formatPortList(service.udpPorts)}: UDP is not checked.`);

    for (const listed of fqdns) {
      let name = listed;
      let tenant: HostChoice | undefined;
      if (listed.includes(CUSTOMER_ID_PLACEHOLDER)) {
        if (!ccid) {
          skipped.push({ service: service.name, listed, reason: `${listed} needs the customer ID (CCID) to be checked.` });
          continue;
        }
        name = listed.replaceAll(CUSTOMER_ID_PLACEHOLDER, ccid);
        tenant = { host: name, coverage: 'tenant-customer-id', coverageNote: `${name} was derived from the CCID for ${listed}.` };
      }
      const { probe, ...choice }: HostChoice = name.includes('*')
        ? (choices.get(name.toLowerCase()) ?? domainLevel(name))
        : (tenant ?? { host: name, coverage: 'exact' });
      planned.push({
        entry: {
          id: endpointId(service.name, listed),
          region: ctx.region,
          group: 'allowlist',
          listed,
          probe: probe ?? { kind: 'exact', host: choice.host },
          port: HTTPS_PORT,
          required: service.required,
          why: service.notes ?? `Listed by the Citrix Cloud allowlist for ${service.name}.`,
        },
        groupLabel: service.name,
        port: HTTPS_PORT,
        ...choice,
      });
    }
  }
  if (planned.length === 0) {
    throw new FieldkitError(
      'DIAG_ALLOWLIST_NOTHING_TO_CHECK',
      `Allowlist version ${check.info.id} lists no outbound host that can be checked with these filters${skipped.length ? ` (${skipped.length} skipped: ${skipped[0]!.reason})` : ''}.`,
      { field: 'endpoints.fromAllowlist' },
    );
  }
  const record: RunAllowlist = {
    versionId: check.info.id,
    version: check.info.version,
    source: check.info.source,
    fetchedAt: check.info.fetchedAt,
    ...(check.info.validUntil ? { validUntil: check.info.validUntil } : {}),
    filter,
    skipped,
    notes,
  };
  return { planned, record };
}

/** What a run's summary says about the allowlist version it checked. */
export function allowlistSummaryContext(a: RunAllowlist | undefined): { allowlistLabel?: string; allowlistSkipped?: number } {
  return a ? { allowlistLabel: describeRunAllowlist(a), allowlistSkipped: a.skipped.length } : {};
}
