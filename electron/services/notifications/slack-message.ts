import type { StatusNotification } from '../../../shared/schemas/cloud-connect-status.ts';
import { failedStatus, quote, type HttpAnswer, type SendOutcome } from './notification-http.ts';
import { fit, notificationLines, notificationTitle } from './notification-text.ts';

/**
 * A Slack incoming webhook message: `text` (the notification's fallback and
 * what mobile pushes show) and `blocks` (a header and the details). Slack
 * limits a header to 150 characters and a section's text to 3000; mrkdwn
 * needs &, < and > escaped.
 */
export function slackMessage(n: StatusNotification): { text: string; blocks: unknown[] } {
  const details = notificationLines(n).map(escapeMrkdwn).join('\n');
  return {
    text: fit(n.summary, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: fit(notificationTitle(n), 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: fit(`*${escapeMrkdwn(n.summary)}*\n${details}`, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Sent by Fieldkit (CloudConnectStatus)' }] },
    ],
  };
}

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's documented error words for incoming webhooks, and what the admin does about each. */
const SLACK_ERRORS: Record<string, string> = {
  invalid_payload: 'Slack refused the message as malformed (invalid_payload).',
  no_service:
    'Slack says this webhook does not exist (no_service): it was removed or its app uninstalled. Create a new incoming webhook and save its URL.',
  no_service_id: 'Slack says the webhook URL is incomplete (no_service_id). Copy the whole URL again and save it.',
  no_team: 'Slack says the workspace of this webhook no longer exists (no_team).',
  team_disabled: 'Slack says the workspace of this webhook is disabled (team_disabled).',
  invalid_token: 'Slack says the webhook token is not valid (invalid_token). Create a new incoming webhook and save its URL.',
  channel_not_found: 'Slack says the webhook’s channel no longer exists (channel_not_found). Create a new webhook for an existing channel.',
  channel_is_archived:
    'Slack says the webhook’s channel is archived (channel_is_archived). Unarchive it or create a webhook for another channel.',
  action_prohibited: 'Slack says an admin restricted posting to this channel (action_prohibited).',
  posting_to_general_channel_denied: 'Slack says only admins may post to this channel (posting_to_general_channel_denied).',
  too_many_attachments: 'Slack refused the message: too many attachments (too_many_attachments).',
  rollup_error: 'Slack had a problem on its side (rollup_error).',
};

/** Slack answers 200 "ok"; a failure is a status with one error word as the body. */
export function slackOutcome(answer: HttpAnswer): SendOutcome {
  const word = answer.text.trim();
  if (answer.status === 200) return { ok: true, answer: 'Slack accepted the message.' };
  if (answer.status === 429) return failedStatus(answer, 'Slack asks to slow down (HTTP 429, rate limited).');
  const known = SLACK_ERRORS[word];
  return failedStatus(answer, known ?? `Slack refused the message (HTTP ${answer.status}${word ? `: ${quote(word)}` : ''}).`);
}
