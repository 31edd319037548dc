import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, publicLeaf, scenarioCatalog, type TestPki } from '../support/diagnostics-fixtures.ts';
import {
  receiverPki,
  startPagerDutyReceiver,
  startSlackReceiver,
  type PagerDutyReceiver,
  type SlackReceiver,
} from '../support/notification-receivers.ts';
import { startTestEngine, type TestEngine } from '../support/test-engine.ts';
import { startHttpsOrigin, startSwitchableRelay, type LocalServer } from '../support/tls-origins.ts';

/**
 * The whole path in one engine: a refresh through Check Connectivity finds a
 * required endpoint down, the status machine records Error, the rules queue a
 * problem in the outbox in the same transaction, and the outbox delivers it to
 * Slack and PagerDuty; the endpoint comes back and one recovery follows,
 * resolving the same PagerDuty incident.
 */
const STEADY = 'trust.fieldkit.test';
const FLAKY = 'service.fieldkit.test';

let pki: TestPki;
let origin: LocalServer;
let relay: LocalServer & { up: boolean };
let slack: SlackReceiver;
let pd: PagerDutyReceiver;
let te: TestEngine;

beforeAll(async () => {
  pki = await createTestPki();
  origin = await startHttpsOrigin(await publicLeaf(pki, [STEADY, FLAKY]));
  relay = await startSwitchableRelay(origin.port);
  [slack, pd] = await Promise.all([startSlackReceiver(), startPagerDutyReceiver()]);
  const { caPem } = await receiverPki();
  te = await startTestEngine({
    memoryVault: true,
    diagnosticsOverrides: {
      catalog: scenarioCatalog([STEADY, FLAKY]),
      resolverOverrides: { [STEADY]: '127.0.0.1', [FLAKY]: '127.0.0.1' },
      portOverrides: { [STEADY]: origin.port, [FLAKY]: relay.port },
      extraTrustAnchors: [pki.publicRoot.certPem],
    },
    notifications: {
      random: () => 0.5,
      overrides: {
        connection: { extraTrustAnchors: [caPem], includeSystemTrust: false, connectTimeoutMs: 3000 },
        timeoutMs: 3000,
        pagerDutyUrl: pd.eventsUrl,
      },
    },
  });
});
afterAll(async () => {
  te.close();
  await Promise.all([relay.close(), origin.close(), slack.close(), pd.close()]);
});

describe('a Cloud Connect transition reaches the channels', () => {
  it('Error sends one problem to Slack and a PagerDuty trigger; recovery sends one message and resolves the same incident', async () => {
    const n = te.engine.notifications;
    const common = { enabled: true, cloudConnectStatus: true };
    await n.save({ channel: { ...common, kind: 'slack', name: 'Ops Slack' }, secret: slack.webhookUrl });
    await n.save({ channel: { ...common, kind: 'pagerduty', name: 'On call', severity: 'critical' }, secret: pd.routingKey });

    const site = await te.engine.sites.save({ name: 'Berlin DC', region: 'commercial' });
    await te.engine.sites.recordAction(site.id, { kind: 'connected' });
    expect((await te.engine.cloudConnect.refresh({ site: site.id }))[0]!.state).toBe('connected');
    await n.deliverDue();
    expect(slack.messages).toEqual([]);

    relay.up = false;
    expect((await te.engine.cloudConnect.refresh({ site: site.id }))[0]!.state).toBe('error');
    // A second refresh right after the first: still Error, no second problem.
    await te.engine.cloudConnect.refresh({ site: site.id });
    await n.deliverDue();
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.text).toContain('Berlin DC');
    expect(slack.messages[0]!.text).toContain(FLAKY);
    expect(pd.events.map((e) => e.event_action)).toEqual(['trigger']);

    relay.up = true;
    expect((await te.engine.cloudConnect.refresh({ site: site.id }))[0]!.state).toBe('connected');
    await n.deliverDue();
    await n.deliverDue();
    expect(slack.messages).toHaveLength(2);
    expect(slack.messages[1]!.text).toMatch(/Connected again/);
    expect(pd.events.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(new Set(pd.events.map((e) => e.dedup_key)).size).toBe(1);
    expect(await n.outbox({ statuses: ['failed', 'given-up'] })).toEqual([]);
  });
});
