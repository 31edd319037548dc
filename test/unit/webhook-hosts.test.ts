import { describe, expect, it } from 'vitest';
import { webhookHostFit } from '../../shared/webhook-hosts.ts';

/** A webhook URL fits its channel's kind where the vendor documents the host; the other vendor's URL is a mistake. */
describe('webhookHostFit', () => {
  it.each([
    ['slack', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ['slack', 'https://hooks.slack-gov.com/services/T0/B0/X'],
    ['teams', 'https://prod-23.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x'],
    [
      'teams',
      'https://default0123.ab.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke',
    ],
    ['teams', 'https://contoso.webhook.office.com/webhookb2/abc'],
    ['webhook', 'https://hooks.slack.com/services/T0/B0/X'],
  ] as const)('%s accepts %s', (kind, url) => {
    expect(webhookHostFit(kind, url)).toEqual({ fits: true });
  });

  it('refuses the other vendor’s URL, saying which kind it is', () => {
    expect(webhookHostFit('teams', 'https://hooks.slack.com/services/T0/B0/X')).toMatchObject({
      fits: false,
      otherKind: 'slack',
      message: expect.stringContaining('This is a Slack webhook URL (hooks.slack.com), not a Microsoft Teams one') as unknown,
    });
    expect(webhookHostFit('slack', 'https://prod-1.westus.logic.azure.com/workflows/x')).toMatchObject({ fits: false, otherKind: 'teams' });
  });

  it('only warns about a host the vendor does not document (a relay, a lab receiver), and is not fooled by look-alikes', () => {
    expect(webhookHostFit('slack', 'https://127.0.0.1:8443/services/T0/B0/X')).toMatchObject({ fits: 'unknown' });
    expect(webhookHostFit('slack', 'https://hooks.slack.com.evil.test/services/x')).toMatchObject({ fits: 'unknown' });
    expect(webhookHostFit('teams', 'https://logic.azure.com.evil.test/x')).toMatchObject({ fits: 'unknown' });
  });
});
