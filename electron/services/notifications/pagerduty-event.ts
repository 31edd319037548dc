import type { StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import type { PagerDutySeverity } from '../../../shared/schemas/notifications.ts';
import { failedStatus, quote, type HttpAnswer, type SendOutcome } from './notification-http.ts';
import { fit, notificationLines } from './notification-text.ts';

/**
 * A PagerDuty Events API v2 event. A site's problem and its reminders
 * trigger, its recovery resolves, all under one dedup key per site: PagerDuty
 * folds the triggers into one open alert and the resolve closes it. A test
 * uses a key of its own, so it never touches a real incident.
 */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export function siteDedupKey(siteId: string): string {
  return `fieldkit-cloudconnect-${siteId}`;
}

export function testDedupKey(channelId: string): string {
  return `fieldkit-test-${channelId}`;
}

export function pagerDutyTrigger(
  n: StatusNotification,
  opts: { routingKey: string; dedupKey: string; severity: PagerDutySeverity },
): Record<string, unknown> {
  return {
    routing_key: opts.routingKey,
    event_action: 'trigger',
    dedup_key: opts.dedupKey,
    client: 'Fieldkit',
    payload: {
      summary: fit(n.summary, 1024),
      source: fit(`Fieldkit: ${n.siteName}`, 255),
      severity: opts.severity,
      timestamp: n.at,
      component: 'Cloud Connect',
      group: n.siteName,
      class: 'CloudConnectStatus',
      custom_details: {
        site: n.siteName,
        state: n.state,
        ...(n.previousState ? { previous_state: n.previousState } : {}),
        ...(n.since ? { since: n.since } : {}),
        ...(n.lasDaysLeft !== undefined ? { las_days_left: n.lasDaysLeft } : {}),
        not_reachable: n.failures.map((f) => `${f.host}: ${f.failure}`),
        details: notificationLines(n).join('\n'),
      },
    },
  };
}

export function pagerDutyResolve(opts: { routingKey: string; dedupKey: string }): Record<string, unknown> {
  return { routing_key: opts.routingKey, event_action: 'resolve', dedup_key: opts.dedupKey };
}

/** 202 with {status, message, dedup_key}; 400 with {status, message, errors}; 429 when the integration is sending too fast. */
export function pagerDutyOutcome(answer: HttpAnswer): SendOutcome {
  const body = parse(answer.text);
  if (answer.status === 202) {
    return { ok: true, answer: `PagerDuty accepted the event (${body?.message ?? 'Event processed'}).` };
  }
  if (answer.status === 429) return failedStatus(answer, 'PagerDuty asks to slow down (HTTP 429): too many events for this integration.');
  if (answer.status === 400) {
    const errors = Array.isArray(body?.errors) ? body.errors.filter((e): e is string => typeof e === 'string') : [];
    const said = [body?.message, ...errors].filter(Boolean).join('; ');
    return failedStatus(
      answer,
      `PagerDuty refused the event as not valid${said ? `: ${quote(said)}` : ''}. Check the integration key is an Events API v2 key.`,
    );
  }
  return failedStatus(answer, `PagerDuty answered HTTP ${answer.status}${body?.message ? `: ${quote(body.message)}` : ''}.`);
}

function parse(text: string): { message?: string; errors?: unknown[] } | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object') return undefined;
    const o = v as Record<string, unknown>;
    return {
      ...(typeof o['message'] === 'string' ? { message: o['message'] } : {}),
      ...(Array.isArray(o['errors']) ? { errors: o['errors'] } : {}),
    };
  } catch {
    return undefined;
  }
}
