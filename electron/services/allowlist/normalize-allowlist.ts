import type { z } from 'zod';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import {
  AllowlistJsonAnswer,
  ZscalerAnswer,
  type AllowlistDocument,
  type AllowlistEndpoint,
  type AllowlistFormat,
  type AllowlistService,
  type PortRange,
} from '../../../shared/schemas/allowlist.ts';
import { canonicalCidr, canonicalHost, compareText, sortedCidrs, sortedUnique } from './allowlist-entries.ts';
import { mergePortRanges, parsePortList } from './port-ranges.ts';

/**
 * One API answer, in either format, as the one document Fieldkit keeps: every
 * value checked (a wrong one refuses the whole answer, so no half-parsed list
 * is ever stored), ports as ranges, hosts lower-cased, and everything sorted
 * so the same answer always gives the same document. Extra fields the API
 * adds are allowed but not carried: the document is what exports and diffs use.
 */
export function normalizeAllowlist(answer: unknown, format: AllowlistFormat, fetchedAt: Date): AllowlistDocument {
  return format === 'json' ? normalizeJson(answer) : normalizeZscaler(answer, fetchedAt);
}

function refuse(format: AllowlistFormat, what: string): never {
  throw new FieldkitError(
    'ALLOWLIST_ANSWER_INVALID',
    `The allowlist answer (${format} format) was refused, nothing of it was kept: ${what}.`,
  );
}

function checked<S extends z.ZodType>(schema: S, answer: unknown, format: AllowlistFormat): z.infer<S> {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 3).map((issue) => {
    const where =
      issue.path.length === 0
        ? 'the answer'
        : issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, '');
    return `${where} ${issueWords(issue)}`;
  });
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more problems)` : '';
  return refuse(format, `${problems.join('; ')}${more}`);
}

/** A schema problem as an admin reads it: "is missing", "should be a number (it is text)". */
function issueWords(issue: z.core.$ZodIssue): string {
  const received = /received (\w+)$/.exec(issue.message)?.[1];
  if (issue.code === 'invalid_type')
    return received === 'undefined'
      ? 'is missing'
      : `should be ${kindWords(issue.expected)}${received ? ` (it is ${kindWords(received)})` : ''}`;
  if (issue.code === 'too_small' && (issue.origin === 'string' || issue.origin === 'array')) return 'is empty';
  if (issue.code === 'invalid_value') return `should be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return `: ${issue.message}`;
}

const KIND_WORDS: Record<string, string> = { object: 'an object', array: 'a list', string: 'text', null: 'null', boolean: 'true or false' };

function kindWords(kind: string): string {
  return KIND_WORDS[kind] ?? `a ${kind}`;
}

/** Endpoints and ports of one service as they are gathered, before the canonical sort. */
interface Gathered {
  name: string;
  direction: 'inbound' | 'outbound';
  required: boolean;
  notes: string[];
  tcp: PortRange[];
  udp: PortRange[];
  geos: Map<string, { fqdns: Set<string>; cidrs: Set<string> }>;
}

function gather(services: Map<string, Gathered>, name: string, direction: 'inbound' | 'outbound'): Gathered {
  const key = `${direction}\u0000${name}`;
  let s = services.get(key);
  if (!s) {
    s = { name, direction, required: false, notes: [], tcp: [], udp: [], geos: new Map() };
    services.set(key, s);
  }
  return s;
}

function addEndpoint(
  format: AllowlistFormat,
  s: Gathered,
  geo: string,
  fqdns: readonly string[] = [],
  cidrs: readonly string[] = [],
): void {
  let e = s.geos.get(geo);
  if (!e) {
    e = { fqdns: new Set(), cidrs: new Set() };
    s.geos.set(geo, e);
  }
  for (const text of fqdns) {
    const host = canonicalHost(text);
    if (host === undefined) refuse(format, `service "${s.name}" lists "${text}", which is not a host name`);
    e.fqdns.add(host);
  }
  for (const text of cidrs) {
    const cidr = canonicalCidr(text);
    if (cidr === undefined) refuse(format, `service "${s.name}" lists "${text}", which is not an IP address or CIDR block`);
    e.cidrs.add(cidr);
  }
}

function ports(format: AllowlistFormat, service: string, field: string, text: string | undefined): PortRange[] {
  if (text === undefined) return [];
  const parsed = parsePortList(text);
  if ('error' in parsed) refuse(format, `service "${service}" ${field}: ${parsed.error}`);
  return parsed;
}

function finish(version: string, validUntil: string | undefined, services: Map<string, Gathered>): AllowlistDocument {
  const list = [...services.values()]
    .map((s): AllowlistService => {
      const service: AllowlistService = {
        name: s.name,
        direction: s.direction,
        required: s.required,
        tcpPorts: mergePortRanges(s.tcp),
        udpPorts: mergePortRanges(s.udp),
        endpoints: [...s.geos.entries()]
          .map(([geo, e]): AllowlistEndpoint => ({ geo, fqdns: sortedUnique(e.fqdns), cidrs: sortedCidrs(e.cidrs) }))
          .sort((a, b) => compareText(a.geo, b.geo)),
      };
      const notes = sortedUnique(s.notes.filter((n) => n.trim() !== ''));
      if (notes.length > 0) service.notes = notes.join(' ');
      return service;
    })
    .sort(compareServices);
  const doc: AllowlistDocument = { version, services: list };
  if (validUntil !== undefined) doc.validUntil = validUntil;
  return doc;
}

export function compareServices(a: AllowlistService, b: AllowlistService): number {
  return compareText(a.name, b.name) || compareText(a.direction, b.direction);
}

function normalizeJson(answer: unknown): AllowlistDocument {
  const parsed = checked(AllowlistJsonAnswer, answer, 'json');
  const services = new Map<string, Gathered>();
  for (const svc of parsed.services) {
    const s = gather(services, svc.name, svc.direction);
    // The same service listed twice (once per geo, say) is one service that is required if either entry says so.
    s.required ||= svc.required;
    if (svc.notes !== undefined) s.notes.push(svc.notes);
    s.tcp.push(...ports('json', svc.name, 'tcpPorts', svc.tcpPorts));
    s.udp.push(...ports('json', svc.name, 'udpPorts', svc.udpPorts));
    for (const e of svc.endpoints) addEndpoint('json', s, e.geo, e.fqdns, e.ips);
  }
  return finish(parsed.meta.version, parsed.meta.validUntil, services);
}

const DIRECTIONS = new Set(['inbound', 'outbound']);

/**
 * "DaaS outbound us tcp ipv4" or "daas-outbound-ap-s-tcp-ipv4": the service,
 * the direction and the geo, read from the end (a geo such as ap-s holds the
 * id's own separator). Undefined when the text does not follow the pattern.
 */
export function parseZscalerLabel(
  text: string,
  separator: RegExp,
): { service: string; direction: 'inbound' | 'outbound'; geo: string } | undefined {
  const words = text.trim().split(separator);
  const at = words.findLastIndex((w) => DIRECTIONS.has(w.toLowerCase()));
  // service words, the direction, at least one geo word, the protocol, the IP version
  if (at < 1 || words.length - at < 4) return undefined;
  if (!/^(tcp|udp)$/i.test(words.at(-2)!) || !/^ipv[46]$/i.test(words.at(-1)!)) return undefined;
  return {
    service: words.slice(0, at).join(' '),
    direction: words[at]!.toLowerCase() as 'inbound' | 'outbound',
    geo: words
      .slice(at + 1, -2)
      .join('-')
      .toLowerCase(),
  };
}

function normalizeZscaler(answer: unknown, fetchedAt: Date): AllowlistDocument {
  const parsed = checked(ZscalerAnswer, answer, 'zscaler');
  const hours = parsed.usage.update_interval;
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366)
    refuse('zscaler', `usage.update_interval is ${hours}, not a number of hours to wait before the next fetch`);
  if (Number.isNaN(fetchedAt.getTime())) throw new RangeError('normalizeAllowlist: fetchedAt is not a date');
  const services = new Map<string, Gathered>();
  for (const entry of [...parsed.services, ...(parsed.ipv6_services ?? [])]) {
    // The name keeps the service's own spelling ("DaaS"); the id is the fallback when the name is free text.
    const label = parseZscalerLabel(entry.name, /\s+/) ?? parseZscalerLabel(entry.id, /-/);
    if (!label)
      refuse(
        'zscaler',
        `the entry "${entry.id}" names no service and direction (expected an id like daas-outbound-us-tcp-ipv4 or a name like "DaaS outbound us tcp ipv4")`,
      );
    const protocol = entry.protocol.trim().toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp')
      refuse('zscaler', `the entry "${entry.id}" has protocol "${entry.protocol}"; only tcp and udp are known`);
    const s = gather(services, label.service, label.direction);
    // Zscaler answers carry no "required" flag: every service counts as required, the safe side for a firewall.
    s.required = true;
    (protocol === 'tcp' ? s.tcp : s.udp).push(...ports('zscaler', entry.id, 'ports', entry.ports));
    addEndpoint('zscaler', s, label.geo, entry.domains, entry.cidrs);
  }
  const validUntil = new Date(fetchedAt.getTime() + hours * 3_600_000);
  return finish(fetchedAt.toISOString(), validUntil.toISOString(), services);
}
