import type { StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import { failedStatus, quote, type HttpAnswer, type SendOutcome } from './notification-http.ts';
import { notificationLines, notificationTitle } from './notification-text.ts';

/**
 * A message for a Microsoft Teams workflow webhook ("Post to a channel when
 * a webhook request is received"): one Adaptive Card 1.4 as an attachment.
 */
export function teamsMessage(n: StatusNotification): Record<string, unknown> {
  const good = n.kind === 'recovery' || n.kind === 'test';
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: notificationTitle(n),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              color: good ? 'Good' : 'Attention',
            },
            { type: 'TextBlock', text: n.summary, wrap: true },
            ...notificationLines(n).map((line) => ({ type: 'TextBlock', text: line, wrap: true, spacing: 'None', isSubtle: true })),
          ],
        },
      },
    ],
  };
}

/** The workflow answers 202 Accepted (older connectors 200); anything else is its refusal. */
export function teamsOutcome(answer: HttpAnswer): SendOutcome {
  if (answer.status === 202 || answer.status === 200) return { ok: true, answer: 'Teams accepted the message.' };
  const said = answer.text ? `: ${quote(answer.text)}` : '';
  if (answer.status === 401 || answer.status === 403)
    return failedStatus(
      answer,
      `Teams refused the workflow URL (HTTP ${answer.status}${said}). Copy the workflow's URL again and save it.`,
    );
  if (answer.status === 404)
    return failedStatus(answer, `Teams says this workflow does not exist (HTTP 404${said}): it was deleted or turned off.`);
  if (answer.status === 429) return failedStatus(answer, `Teams asks to slow down (HTTP 429${said}).`);
  return failedStatus(answer, `Teams answered HTTP ${answer.status}${said}.`);
}
