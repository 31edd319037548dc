import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import {
  AllowlistFilter,
  CUSTOMER_ID_PATTERN,
  type AllowlistDocument,
  type AllowlistFilterInput,
  type ExportKind,
} from '../../../shared/schemas/allowlist.ts';
import { isHostOrAddress, isIPv6, isPort, withoutBrackets } from '../../../shared/schemas/network-names.ts';
import { CUSTOMER_ID_PLACEHOLDER, cidrIpVersion, sortedCidrs, sortedUnique } from './allowlist-entries.ts';
import { allowlistCsv } from './export-csv.ts';
import { allowlistPac } from './export-pac.ts';
import { allowlistZscaler } from './export-zscaler.ts';
import { filterAllowlist } from './filter-allowlist.ts';

export interface AllowlistExportOptions {
  filter?: AllowlistFilterInput;
  /** Fills the CUSTOMER_ID placeholders. */
  customerId?: string;
  /** Where the PAC file sends the listed hosts. */
  proxy?: { host: string; port: number } | 'DIRECT';
  /** cidr: which family the list holds (default 4); edl-ip: only this family (default both). */
  ipVersion?: 4 | 6;
}

export interface AllowlistExport {
  fileName: string;
  mediaType: string;
  content: string;
  warnings: string[];
}

/** Formats whose readers take "*" in a host name: without a customer ID, CUSTOMER_ID becomes "*" there. */
const WILDCARD_KINDS = new Set<ExportKind>(['csv', 'fqdn', 'edl-url', 'pac', 'zscaler']);

const MEDIA_TYPES: Record<ExportKind, [extension: string, mediaType: string]> = {
  csv: ['csv', 'text/csv'],
  fqdn: ['txt', 'text/plain'],
  cidr: ['txt', 'text/plain'],
  'edl-url': ['txt', 'text/plain'],
  'edl-ip': ['txt', 'text/plain'],
  zscaler: ['json', 'application/json'],
  pac: ['pac', 'application/x-ns-proxy-autoconfig'],
  json: ['json', 'application/json'],
};

/**
 * One stored version, filtered, in a form a firewall or a proxy imports.
 * Deterministic: the same document and options give the same bytes (sorted,
 * \n line endings, no time stamp but the document's own version, which only
 * the PAC file's header comment and the JSON forms carry; plain lists and
 * EDLs have no comment syntax every reader accepts).
 *
 * CUSTOMER_ID placeholders: replaced with the customer ID when one is given.
 * Without one, csv, fqdn, edl-url, pac and zscaler get "*" in its place (the
 * API does the same for zscaler; PAN-OS URL lists, PAC shExpMatch and the
 * wildcard entries these lists already hold take it), and a warning says so;
 * json keeps the placeholder verbatim (it is the canonical document, read
 * back by Fieldkit) and a warning names the hosts that hold it. cidr and
 * edl-ip hold no host names.
 */
export function exportAllowlist(doc: AllowlistDocument, kind: ExportKind, options: AllowlistExportOptions = {}): AllowlistExport {
  checkOptions(options);
  const warnings: string[] = [];
  const { doc: filtered, unknownServices } = filterAllowlist(doc, options.filter);
  if (unknownServices.length > 0)
    warnings.push(`This version lists no service named ${unknownServices.map((s) => `"${s}"`).join(', ')}; check the spelling.`);
  if (filtered.services.length === 0) warnings.push('The filter leaves no service: the export is empty.');

  const placeholders = sortedUnique(filtered.services.flatMap((s) => s.endpoints.flatMap((e) => e.fqdns.filter(hasPlaceholder))));
  let out = filtered;
  if (options.customerId !== undefined) out = withCustomerId(filtered, options.customerId);
  else if (placeholders.length > 0 && WILDCARD_KINDS.has(kind)) {
    out = withCustomerId(filtered, '*');
    warnings.push(
      `No customer ID was given: ${placeholders.length} host name(s) with the CUSTOMER_ID placeholder (${sample(placeholders)}) are written with "*" instead. Give the customer ID for exact host names.`,
    );
  } else if (placeholders.length > 0 && kind === 'json')
    warnings.push(
      `No customer ID was given: ${placeholders.length} host name(s) keep the CUSTOMER_ID placeholder (${sample(placeholders)}). Give the customer ID to fill it in.`,
    );

  const [extension, mediaType] = MEDIA_TYPES[kind];
  const family = kind === 'cidr' ? (options.ipVersion ?? 4) : kind === 'edl-ip' ? options.ipVersion : undefined;
  const fileName = `citrix-cloud-allowlist-${fileSafe(doc.version)}-${kind}${family ? `-ipv${family}` : ''}.${extension}`;
  return { fileName, mediaType, content: render(out, kind, options, family, warnings), warnings };
}

function render(
  doc: AllowlistDocument,
  kind: ExportKind,
  options: AllowlistExportOptions,
  family: 4 | 6 | undefined,
  warnings: string[],
): string {
  const fqdns = () => sortedUnique(doc.services.flatMap((s) => s.endpoints.flatMap((e) => e.fqdns)));
  const cidrs = () => sortedCidrs(doc.services.flatMap((s) => s.endpoints.flatMap((e) => e.cidrs)));
  switch (kind) {
    case 'csv':
      return allowlistCsv(doc);
    case 'fqdn':
      return lines(fqdns());
    case 'edl-url':
      // PAN-OS URL lists: no scheme, "*" as a whole label; "*.x" matches subdomains only, so a bare x stays listed when the API lists it.
      return lines(fqdns());
    case 'cidr':
    case 'edl-ip': {
      const all = cidrs();
      const kept = family === undefined ? all : all.filter((c) => cidrIpVersion(c) === family);
      const left = all.length - kept.length;
      if (left > 0)
        warnings.push(`${left} IPv${family === 4 ? 6 : 4} CIDR(s) are not in this list; export again for IPv${family === 4 ? 6 : 4}.`);
      return lines(kept);
    }
    case 'pac': {
      const route = pacRoute(options.proxy);
      if (options.proxy === undefined) warnings.push('No proxy was given: the PAC file sends the listed hosts DIRECT.');
      const cidrCount = new Set(doc.services.flatMap((s) => s.endpoints.flatMap((e) => e.cidrs))).size;
      if (cidrCount > 0)
        warnings.push(
          `The PAC file routes by host name: the ${cidrCount} CIDR(s) of this version are not in it (use the cidr or edl-ip export for the firewall).`,
        );
      return allowlistPac(doc, route);
    }
    case 'zscaler': {
      const portless = doc.services.filter((s) => s.tcpPorts.length === 0 && s.udpPorts.length === 0).map((s) => s.name);
      if (portless.length > 0)
        warnings.push(
          `The zscaler shape needs ports: ${sortedUnique(portless)
            .map((s) => `"${s}"`)
            .join(', ')} list none and are left out.`,
        );
      return json(allowlistZscaler(doc, updateIntervalHours(doc, warnings)));
    }
    case 'json':
      return json(canonical(doc));
  }
}

function lines(values: string[]): string {
  return values.length === 0 ? '' : `${values.join('\n')}\n`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The document with its keys in the schema's order, whatever order the caller's object had. */
function canonical(doc: AllowlistDocument): AllowlistDocument {
  return {
    version: doc.version,
    ...(doc.validUntil === undefined ? {} : { validUntil: doc.validUntil }),
    services: doc.services.map((s) => ({
      name: s.name,
      direction: s.direction,
      required: s.required,
      ...(s.notes === undefined ? {} : { notes: s.notes }),
      tcpPorts: s.tcpPorts.map((r) => ({ from: r.from, to: r.to })),
      udpPorts: s.udpPorts.map((r) => ({ from: r.from, to: r.to })),
      endpoints: s.endpoints.map((e) => ({ geo: e.geo, fqdns: e.fqdns, cidrs: e.cidrs })),
    })),
  };
}

/** Hours from the version to validUntil when both are times (a zscaler fetch gives back its own interval); else a day. */
function updateIntervalHours(doc: AllowlistDocument, warnings: string[]): number {
  const from = Date.parse(doc.version);
  const until = doc.validUntil === undefined ? Number.NaN : Date.parse(doc.validUntil);
  const hours = Math.round((until - from) / 3_600_000);
  if (Number.isFinite(hours) && hours > 0) return hours;
  warnings.push('This version gives no validity period: usage.update_interval says 24 hours.');
  return 24;
}

function hasPlaceholder(host: string): boolean {
  return host.includes(CUSTOMER_ID_PLACEHOLDER);
}

function withCustomerId(doc: AllowlistDocument, value: string): AllowlistDocument {
  return {
    ...doc,
    services: doc.services.map((s) => ({
      ...s,
      endpoints: s.endpoints.map((e) => ({
        ...e,
        fqdns: e.fqdns.some(hasPlaceholder) ? sortedUnique(e.fqdns.map((f) => f.replaceAll(CUSTOMER_ID_PLACEHOLDER, value))) : e.fqdns,
      })),
    })),
  };
}

function pacRoute(proxy: AllowlistExportOptions['proxy']): string {
  if (proxy === undefined || proxy === 'DIRECT') return 'DIRECT';
  const host = withoutBrackets(proxy.host);
  return `PROXY ${isIPv6(host) ? `[${host}]` : host}:${proxy.port}`;
}

function sample(values: string[]): string {
  return values.length <= 3 ? values.join(', ') : `${values.slice(0, 3).join(', ')}, …`;
}

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'version';
}

function checkOptions(options: AllowlistExportOptions): void {
  const bad = (field: string, message: string): never => {
    throw new FieldkitError('ALLOWLIST_EXPORT_OPTIONS_INVALID', message, { field });
  };
  if (options.customerId !== undefined && !CUSTOMER_ID_PATTERN.test(options.customerId))
    bad(
      'customerId',
      `"${options.customerId}" is not a customer ID: a CCID is 1 to 12 letters and digits, as Citrix Cloud shows it under Account Settings.`,
    );
  const proxy = options.proxy;
  if (proxy !== undefined && proxy !== 'DIRECT') {
    if (!isHostOrAddress(proxy.host))
      bad('proxy.host', `"${proxy.host}" is not a proxy host: give a host name or an IP address, without scheme or port.`);
    if (!isPort(proxy.port)) bad('proxy.port', `${String(proxy.port)} is not a proxy port: give a number from 1 to 65535.`);
  }
  const filter = AllowlistFilter.safeParse(options.filter ?? {});
  if (!filter.success) {
    const issue = filter.error.issues[0]!;
    bad(
      ['filter', ...issue.path.map(String)].join('.'),
      `The filter's ${issue.path.map(String).join('.') || 'value'} is not valid: ${issue.message}.`,
    );
  }
  if (options.ipVersion !== undefined && options.ipVersion !== 4 && options.ipVersion !== 6)
    bad('ipVersion', `IP version ${String(options.ipVersion)} does not exist: give 4 or 6.`);
}
