import { createHmac } from 'node:crypto';
import type { StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import { failedStatus, quote, type HttpAnswer, type SendOutcome } from './notification-http.ts';

/**
 * A generic webhook: Fieldkit's own JSON, signed so the receiver knows it
 * came from someone holding the key and was not replayed (docs/notifications.md):
 *   X-Fieldkit-Timestamp: <unix seconds>
 *   X-Fieldkit-Signature: sha256=<hex HMAC-SHA256(key, timestamp + "." + body)>
 *   X-Fieldkit-Delivery: <notification id> (the same on every retry: dedupe on it)
 */
export const WEBHOOK_SCHEMA = 'fieldkit.cloud-connect-status/1';
export const TIMESTAMP_HEADER = 'X-Fieldkit-Timestamp';
export const DELIVERY_HEADER = 'X-Fieldkit-Delivery';

export function webhookBody(n: StatusNotification): string {
  return JSON.stringify({ schema: WEBHOOK_SCHEMA, notification: n });
}

export function webhookSignature(key: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function signedHeaders(opts: { key: string; signatureHeader: string; body: string; now: Date; notificationId: string }) {
  const timestamp = String(Math.floor(opts.now.getTime() / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [opts.signatureHeader]: webhookSignature(opts.key, timestamp, opts.body),
    [DELIVERY_HEADER]: opts.notificationId,
  };
}

/** Any 2xx is taken as received. */
export function webhookOutcome(answer: HttpAnswer): SendOutcome {
  if (answer.status >= 200 && answer.status < 300)
    return { ok: true, answer: `The webhook accepted the notification (HTTP ${answer.status}).` };
  const said = answer.text ? `: ${quote(answer.text)}` : '';
  return failedStatus(answer, `The webhook answered HTTP ${answer.status}${said}.`);
}
