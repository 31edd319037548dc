import type { ChannelKind } from './schemas/notifications.ts';

/**
 * Where each vendor's documentation says its webhook URLs live. Slack's
 * incoming webhooks are https://hooks.slack.com/services/… (GovSlack:
 * hooks.slack-gov.com); a Teams workflow's "When a Teams webhook request is
 * received" URL is on *.logic.azure.com or *.powerplatform.com
 * (…environment.api.powerplatform.com), and the retired Microsoft 365
 * connector's on *.webhook.office.com. A URL of the other vendor is a
 * mistake to refuse; any other host (a relay, a test receiver) only earns a
 * warning, since a company may front the service with its own address.
 */
const DOCUMENTED_HOSTS: Partial<Record<ChannelKind, { label: string; suffixes: string[] }>> = {
  slack: { label: 'Slack', suffixes: ['hooks.slack.com', 'hooks.slack-gov.com'] },
  teams: { label: 'Microsoft Teams', suffixes: ['.logic.azure.com', '.powerplatform.com', '.webhook.office.com'] },
};

export type WebhookHostFit =
  | { fits: true }
  /** The URL is another vendor's: refused. */
  | { fits: false; otherKind: ChannelKind; message: string }
  /** A host the vendor does not document: saved, with this warning. */
  | { fits: 'unknown'; message: string };

function hostOf(url: string): string | undefined {
  try {
    return new URL(url.trim()).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

function matches(host: string, suffix: string): boolean {
  return suffix.startsWith('.') ? host.endsWith(suffix) : host === suffix;
}

/** Whether a webhook URL's host fits the channel's kind; kinds without a documented host always fit. */
export function webhookHostFit(kind: ChannelKind, url: string): WebhookHostFit {
  const own = DOCUMENTED_HOSTS[kind];
  const host = hostOf(url);
  if (!own || host === undefined) return { fits: true };
  if (own.suffixes.some((s) => matches(host, s))) return { fits: true };
  for (const [otherKind, other] of Object.entries(DOCUMENTED_HOSTS) as Array<[ChannelKind, { label: string; suffixes: string[] }]>) {
    if (otherKind !== kind && other.suffixes.some((s) => matches(host, s)))
      return {
        fits: false,
        otherKind,
        message: `This is a ${other.label} webhook URL (${host}), not a ${own.label} one: add it as a ${otherKind} channel, or paste the ${own.label} URL.`,
      };
  }
  return {
    fits: 'unknown',
    message: `${host} is not where ${own.label} webhook URLs are documented to live (${own.suffixes.map((s) => (s.startsWith('.') ? `*${s}` : s)).join(', ')}); saved anyway, check it with "Send test".`,
  };
}
