import { STATE_LABELS, type StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import { failedStatus, quote, type HttpAnswer, type SendOutcome } from './notification-http.ts';
import { fit, notificationLines } from './notification-text.ts';

/**
 * ServiceNow through the Table API: a problem creates an incident
 * (POST /api/now/table/incident), a reminder adds a work note to it and a
 * recovery resolves it (PATCH .../incident/{sys_id} with state 6 and the
 * resolution code and notes the Table API requires). Every incident carries
 * the site's correlation id, so a retry after a lost answer finds the one it
 * created instead of opening a second.
 */
export const INCIDENT_PATH = '/api/now/table/incident';
/** Resolved in the incident state model. */
export const RESOLVED_STATE = '6';
/** The incident table's default field lengths: short description 160, description and journal entries 4000. */
const SHORT_MAX = 160;
const TEXT_MAX = 4000;

export interface ServiceNowTarget {
  instanceUrl: string;
  assignmentGroup?: string | undefined;
  callerId?: string | undefined;
  closeCode: string;
}

export function incidentsUrl(instanceUrl: string): string {
  return `${instanceUrl.replace(/\/+$/, '')}${INCIDENT_PATH}`;
}

export function incidentUrl(instanceUrl: string, sysId: string): string {
  return `${incidentsUrl(instanceUrl)}/${encodeURIComponent(sysId)}`;
}

export function correlationId(siteId: string): string {
  return `fieldkit-cloudconnect-${siteId}`;
}

/** The open incident of a site, by its correlation id. */
export function openIncidentQueryUrl(instanceUrl: string, siteId: string): string {
  const url = new URL(incidentsUrl(instanceUrl));
  url.searchParams.set('sysparm_query', `correlation_id=${correlationId(siteId)}^active=true`);
  url.searchParams.set('sysparm_fields', 'sys_id,number');
  url.searchParams.set('sysparm_limit', '1');
  return url.toString();
}

export function newIncident(n: StatusNotification, target: ServiceNowTarget): Record<string, string> {
  const test = n.kind === 'test';
  return {
    short_description: fit(n.summary, SHORT_MAX),
    description: fit([n.summary, '', ...notificationLines(n)].join('\n'), TEXT_MAX),
    // A test is low in both, so no on-call rota is woken for it.
    urgency: test ? '3' : '2',
    impact: test ? '3' : '2',
    correlation_id: test ? `fieldkit-test-${n.id}` : correlationId(n.siteId),
    correlation_display: 'Fieldkit',
    category: 'network',
    ...(target.assignmentGroup ? { assignment_group: target.assignmentGroup } : {}),
    ...(target.callerId ? { caller_id: target.callerId } : {}),
  };
}

export function workNote(n: StatusNotification): Record<string, string> {
  return { work_notes: fit([`Still ${STATE_LABELS[n.state]}: ${n.summary}`, ...notificationLines(n)].join('\n'), TEXT_MAX) };
}

export function resolution(n: StatusNotification, target: ServiceNowTarget): Record<string, string> {
  return {
    state: RESOLVED_STATE,
    close_code: target.closeCode,
    close_notes: fit([n.summary, ...notificationLines(n)].join('\n'), TEXT_MAX),
  };
}

/** The record of a create or update: {result: {sys_id, number, …}}. */
export function incidentRecord(answer: HttpAnswer): { sysId: string; number?: string } | undefined {
  const result = field(answer.text, 'result');
  const record = Array.isArray(result) ? (result[0] as unknown) : result;
  if (!record || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  return typeof r['sys_id'] === 'string'
    ? { sysId: r['sys_id'], ...(typeof r['number'] === 'string' ? { number: r['number'] } : {}) }
    : undefined;
}

/** A failed Table API call in words: {error: {message, detail}, status: "failure"}. */
export function serviceNowFailure(answer: HttpAnswer, doing: string): SendOutcome {
  const error = field(answer.text, 'error') as { message?: unknown; detail?: unknown } | undefined;
  const said = [error?.message, error?.detail].filter((s): s is string => typeof s === 'string' && s.length > 0).join(': ');
  const quoted = said ? `: ${quote(said)}` : '';
  if (answer.status === 401)
    return failedStatus(answer, `ServiceNow refused the user name or password while ${doing} (HTTP 401${quoted}).`);
  if (answer.status === 403)
    return failedStatus(answer, `ServiceNow says this user may not do that while ${doing} (HTTP 403${quoted}). It needs the itil role.`);
  if (answer.status === 429) return failedStatus(answer, `ServiceNow asks to slow down while ${doing} (HTTP 429${quoted}).`);
  return failedStatus(answer, `ServiceNow answered HTTP ${answer.status} while ${doing}${quoted}.`);
}

function field(text: string, name: string): unknown {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}
