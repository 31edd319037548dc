import { STATE_IN_SENTENCE } from '../../../shared/cloud-connect-status-words.ts';
import { STATE_LABELS, type SiteStatus } from '../../../shared/schemas/cloud-connect-status.ts';

/**
 * `fieldkit cloudconnect status --format nagios`, after the Monitoring Plugins
 * Development Guidelines: one status line "CLOUDCONNECT <STATE> - text | perfdata",
 * exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Connected is OK, Pending
 * WARNING, Error and Disconnected CRITICAL, a refresh that could not run
 * UNKNOWN; several sites take the worst, CRITICAL before WARNING before
 * UNKNOWN before OK (the guidelines' max_state_alt).
 */
export const NAGIOS = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
type NagiosCode = (typeof NAGIOS)[keyof typeof NAGIOS];
const NAME: Record<NagiosCode, string> = { 0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN' };
const PRECEDENCE: NagiosCode[] = [NAGIOS.CRITICAL, NAGIOS.WARNING, NAGIOS.UNKNOWN, NAGIOS.OK];

export function siteCode(s: SiteStatus): NagiosCode {
  if (s.state === 'error' || s.state === 'disconnected') return NAGIOS.CRITICAL;
  if (s.lastRefresh?.error !== undefined || !s.lastRefresh) return NAGIOS.UNKNOWN;
  return s.state === 'pending' ? NAGIOS.WARNING : NAGIOS.OK;
}

export function formatNagios(statuses: SiteStatus[]): { code: NagiosCode; text: string } {
  const codes = statuses.map(siteCode);
  const code = PRECEDENCE.find((c) => codes.includes(c)) ?? NAGIOS.UNKNOWN;
  const one = statuses.length === 1;
  const text = statuses.map((s) => siteText(s, one)).join('; ');
  const perf = statuses.flatMap((s) => perfdata(s, one)).join(' ');
  return { code, text: `CLOUDCONNECT ${NAME[code]} - ${text}${perf ? ` | ${perf}` : ''}` };
}

/** The status line when nothing could be checked at all (no site, an unknown site). */
export function nagiosUnknown(reason: string): { code: NagiosCode; text: string } {
  return { code: NAGIOS.UNKNOWN, text: `CLOUDCONNECT UNKNOWN - ${oneLine(reason)}` };
}

function siteText(s: SiteStatus, one: boolean): string {
  const r = s.lastRefresh;
  const head = one ? `${s.siteName} is ${STATE_IN_SENTENCE[s.state]}` : `${s.siteName}: ${STATE_LABELS[s.state]}`;
  if (!r) return `${head}, not refreshed`;
  if (r.error !== undefined) return `${head}, refresh could not run: ${oneLine(r.error)}`;
  const failing = r.endpoints.filter((e) => !e.reachable);
  const counts = `${r.endpoints.length - failing.length}/${r.endpoints.length} required endpoints reachable`;
  const why = failing.map((e) => `${e.host} ${e.failure ?? 'not reachable'}`).join(', ');
  const las = s.lasDaysLeft !== undefined ? `, LAS blob lapses in about ${s.lasDaysLeft} days` : '';
  return `${head}, ${counts}${why ? ` (${why})` : ''}${las}`;
}

/** 'label'=value[UOM];warn;crit;min;max, one per endpoint (total time, U when not reachable) plus the reachable count. */
function perfdata(s: SiteStatus, one: boolean): string[] {
  const r = s.lastRefresh;
  if (!r || r.error !== undefined) return [];
  const prefix = one ? '' : `${s.siteName} `;
  const out = r.endpoints.map((e) => {
    const ms = Object.values(e.phasesMs ?? {}).reduce((a, b) => a + b, 0);
    return `${label(prefix + e.host)}=${e.reachable ? `${Math.round(ms)}ms` : 'U'};;;0`;
  });
  const reachable = r.endpoints.filter((e) => e.reachable).length;
  out.push(`${label(`${prefix}reachable`)}=${reachable};;${r.endpoints.length}:;0;${r.endpoints.length}`);
  return out;
}

/** A label is quoted; the guidelines allow neither "=" nor a quote inside it. */
function label(text: string): string {
  return `'${text.replace(/['=]/g, '_')}'`;
}

/** The status line is one line, and "|" would start the performance data. */
function oneLine(text: string): string {
  return text.replace(/[\r\n|]+/g, ' ').trim();
}
