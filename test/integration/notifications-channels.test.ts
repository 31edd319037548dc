import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusNotification } from '../../shared/schemas/cloud-connect-status.ts';
import {
  startPagerDutyReceiver,
  startServiceNowReceiver,
  startSlackReceiver,
  startTeamsReceiver,
  startWebhookReceiver,
  type PagerDutyReceiver,
  type ServiceNowReceiver,
  type SlackReceiver,
  type TeamsReceiver,
  type WebhookReceiver,
} from '../support/notification-receivers.ts';
import { fakeClock, startNotifyEngine, statusNotification } from '../support/notification-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';

/**
 * Every channel against a local receiver that checks each payload against
 * the vendor's documented schema: what a site's problem, its reminders and
 * its recovery become at each vendor, and "Send test".
 */
const clock = fakeClock();
let slack: SlackReceiver;
let pd: PagerDutyReceiver;
let sn: ServiceNowReceiver;
let teams: TeamsReceiver;
let hook: WebhookReceiver;
let t: TestEngine;
const desktop: StatusNotification[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  [slack, pd, sn, teams, hook] = await Promise.all([
    startSlackReceiver(),
    startPagerDutyReceiver(),
    startServiceNowReceiver(),
    startTeamsReceiver(),
    startWebhookReceiver(),
  ]);
  t = await startNotifyEngine({ clock, pagerDutyUrl: pd.eventsUrl, desktop: (n) => desktop.push(n) });
  const n = t.engine.notifications;
  const common = { enabled: true, cloudConnectStatus: true };
  ids['slack'] = (await n.save({ channel: { ...common, kind: 'slack', name: 'Ops Slack' }, secret: slack.webhookUrl })).channel.id;
  ids['pagerduty'] = (
    await n.save({ channel: { ...common, kind: 'pagerduty', name: 'On call', severity: 'critical' }, secret: pd.routingKey })
  ).channel.id;
  ids['servicenow'] = (
    await n.save({
      channel: {
        ...common,
        kind: 'servicenow',
        name: 'ITSM',
        instanceUrl: sn.instanceUrl,
        username: sn.username,
        assignmentGroup: 'Network',
      },
      secret: sn.password,
    })
  ).channel.id;
  ids['teams'] = (await n.save({ channel: { ...common, kind: 'teams', name: 'Teams NOC' }, secret: teams.workflowUrl })).channel.id;
  ids['webhook'] = (
    await n.save({ channel: { ...common, kind: 'webhook', name: 'Hook' }, secret: hook.url, signingKey: hook.signingKey })
  ).channel.id;
  ids['desktop'] = (await n.save({ channel: { ...common, kind: 'desktop', name: 'This computer' } })).channel.id;
});

afterAll(async () => {
  t?.close();
  await Promise.all([slack, pd, sn, teams, hook].map((r) => r?.close()));
});

function everyRequestValid(): void {
  for (const r of [slack, pd, sn, teams, hook]) expect(r.received.filter((x) => !x.valid)).toEqual([]);
}

describe('a site that fails, is still failing six hours on, and recovers', () => {
  it('reaches every channel once per event, in order, each as its vendor documents', async () => {
    const api = t.engine.notifications;
    const problem = statusNotification('problem', { at: clock.now().toISOString() });
    expect(await api.enqueue(problem)).toEqual({ queued: 6 });
    expect(await api.deliverDue()).toEqual({ sent: 6, failed: 0, givenUp: 0 });

    clock.advance(6 * 3600_000);
    const reminder = statusNotification('reminder', { at: clock.now().toISOString() });
    await api.enqueue(reminder);
    expect((await api.deliverDue()).sent).toBe(6);

    clock.advance(3600_000);
    const recovery = statusNotification('recovery', { at: clock.now().toISOString() });
    await api.enqueue(recovery);
    expect((await api.deliverDue()).sent).toBe(6);
    everyRequestValid();

    // Slack: text plus blocks, the failing endpoint in Console's words.
    expect(slack.messages).toHaveLength(3);
    expect(slack.messages[0]!.text).toBe(problem.summary);
    expect(JSON.stringify(slack.messages[0]!.blocks)).toContain('trust.citrixnetworkapi.net (SSL certificate verification failed)');

    // PagerDuty: trigger, trigger, resolve under one dedup key for the site, so one incident opens and closes.
    expect(pd.events.map((e) => e.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    expect(new Set(pd.events.map((e) => e.dedup_key))).toEqual(new Set(['fieldkit-cloudconnect-site-berlin']));
    expect(pd.alerts.get('fieldkit-cloudconnect-site-berlin')).toBe('resolved');
    const trigger = pd.events[0]!;
    expect(trigger.event_action === 'trigger' && trigger.payload.severity).toBe('critical');

    // ServiceNow: one incident, created, then a work note, then resolved with a resolution code and notes.
    expect(sn.incidents.size).toBe(1);
    const incident = [...sn.incidents.values()][0]!;
    expect(incident.fields.assignment_group).toBe('Network');
    expect(incident.workNotes).toHaveLength(1);
    expect(incident.workNotes[0]).toContain('Still Error');
    expect(incident).toMatchObject({ state: '6', active: false, closeCode: 'Solution provided' });
    expect(sn.received.map((r) => r.method)).toEqual(['GET', 'POST', 'PATCH', 'PATCH']);

    // Teams: an Adaptive Card per event; the webhook: three signed deliveries that verified.
    expect(teams.messages).toHaveLength(3);
    expect(hook.accepted.map((r) => r.headers['x-fieldkit-delivery'])).toEqual([problem.id, reminder.id, recovery.id]);
    expect(desktop.map((n) => n.kind)).toEqual(['problem', 'reminder', 'recovery']);
  });

  it('queues nothing for an event it already has', async () => {
    const api = t.engine.notifications;
    const before = slack.received.length;
    const again = statusNotification('problem', { id: 'n-repeat', at: clock.now().toISOString() });
    expect((await api.enqueue(again)).queued).toBe(6);
    expect((await api.enqueue(again)).queued).toBe(0);
    await api.deliverDue();
    await api.deliverDue();
    expect(slack.received.length).toBe(before + 1);
  });
});

describe('the vendors’ limits', () => {
  it('keeps a long summary and fifty failing endpoints within every vendor’s documented limits', async () => {
    const api = t.engine.notifications;
    const long = statusNotification('problem', {
      at: clock.now().toISOString(),
      siteId: 'site-long',
      siteName: `Site ${'with a very long name '.repeat(12)}`,
      summary: `Cloud Connect is in Error: ${'endpoint not reachable, '.repeat(200)}`,
      failures: Array.from({ length: 50 }, (_, i) => ({
        host: `host-${i}.agent.adm.cloud.com`,
        failure: 'Required service URL not reachable',
      })),
    });
    await api.enqueue(long);
    expect(await api.deliverDue()).toEqual({ sent: 6, failed: 0, givenUp: 0 });
    everyRequestValid();
    const last = pd.events.at(-1)!;
    expect(last.event_action === 'trigger' && last.payload.summary.length).toBe(1024);
    await api.enqueue(statusNotification('recovery', { at: clock.now().toISOString(), siteId: 'site-long' }));
    await api.deliverDue();
  });

  it('opens a new ServiceNow incident when the open one was deleted there', async () => {
    const api = t.engine.notifications;
    const siteId = 'site-deleted';
    await api.enqueue(statusNotification('problem', { at: clock.now().toISOString(), siteId }));
    await api.deliverDue();
    const first = [...sn.incidents.values()].find((i) => i.fields.correlation_id === `fieldkit-cloudconnect-${siteId}`)!;
    sn.incidents.delete(first.sys_id);
    await api.enqueue(statusNotification('reminder', { at: clock.now().toISOString(), siteId }));
    expect((await api.deliverDue()).sent).toBe(6);
    const now = [...sn.incidents.values()].filter((i) => i.fields.correlation_id === `fieldkit-cloudconnect-${siteId}`);
    expect(now.map((i) => i.active)).toEqual([true]);
    expect(now[0]!.sys_id).not.toBe(first.sys_id);
    await api.enqueue(statusNotification('recovery', { at: clock.now().toISOString(), siteId }));
    await api.deliverDue();
    expect(now[0]!.state).toBe('6');
  });
});

describe('which channels take a notification', () => {
  it('skips a channel that is off, has CloudConnectStatus off, or watches other sites', async () => {
    const api = t.engine.notifications;
    const common = { kind: 'slack' as const, enabled: true, cloudConnectStatus: true };
    await api.save({ channel: { ...common, name: 'Off', enabled: false }, secret: slack.webhookUrl });
    await api.save({ channel: { ...common, name: 'No category', cloudConnectStatus: false }, secret: slack.webhookUrl });
    await api.save({ channel: { ...common, name: 'Paris only', siteIds: ['site-paris'] }, secret: slack.webhookUrl });
    const n = statusNotification('problem', { at: clock.now().toISOString(), siteId: 'site-lyon', siteName: 'Lyon' });
    expect((await api.enqueue(n)).queued).toBe(6);
    const paris = statusNotification('problem', { at: clock.now().toISOString(), siteId: 'site-paris', siteName: 'Paris' });
    expect((await api.enqueue(paris)).queued).toBe(7);
    for (const name of ['Off', 'No category', 'Paris only']) await api.remove(name);
  });
});

describe('Send test', () => {
  it('answers in the vendor’s words for every kind and leaves no incident open', async () => {
    const api = t.engine.notifications;
    const results = await Promise.all(Object.values(ids).map((id) => api.test(id)));
    expect(results.map((r) => [r.channelName, r.ok])).toEqual([
      ['Ops Slack', true],
      ['On call', true],
      ['ITSM', true],
      ['Teams NOC', true],
      ['Hook', true],
      ['This computer', true],
    ]);
    expect(results[0]!.answer).toBe('Slack accepted the message.');
    expect(results[1]!.answer).toMatch(/PagerDuty accepted the event \(Event processed\)\. The test alert was resolved/);
    expect(results[2]!.answer).toMatch(/ServiceNow opened incident INC\d+\. It was resolved again at once/);
    expect(pd.alerts.get(`fieldkit-test-${ids['pagerduty']}`)).toBe('resolved');
    const testIncidents = [...sn.incidents.values()].filter((i) => i.fields.correlation_id?.startsWith('fieldkit-test-'));
    expect(testIncidents.map((i) => [i.fields.urgency, i.fields.impact, i.state])).toEqual([['3', '3', '6']]);
    everyRequestValid();
  });

  it('says what Slack answered when the webhook is gone, and never the URL', async () => {
    slack.failNext({ status: 404, body: 'no_service' });
    const r = await t.engine.notifications.test('Ops Slack');
    expect(r.ok).toBe(false);
    expect(r.answer).toMatch(/no_service/);
    expect(r.answer).not.toContain(new URL(slack.webhookUrl).pathname);
  });

  it('says ServiceNow refused the password, without quoting what the instance echoed', async () => {
    const pw = sn.password;
    sn.failNext({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: { message: 'User Not Authenticated', detail: `password ${pw} for ${sn.username}` },
        status: 'failure',
      }),
    });
    const r = await t.engine.notifications.test('ITSM');
    expect(r).toMatchObject({ ok: false });
    expect(r.answer).toMatch(/ServiceNow refused the user name or password/);
    expect(r.answer).not.toContain(pw);
    expect(r.answer).toContain('[redacted]');
  });
});

describe('channel secrets', () => {
  it('shows that a secret is saved, never what it is', async () => {
    const views = await t.engine.notifications.channels();
    const json = JSON.stringify(views);
    for (const secret of [slack.webhookUrl, pd.routingKey, sn.password, teams.workflowUrl, hook.url, hook.signingKey]) {
      expect(json).not.toContain(secret);
    }
    expect(views.find((v) => v.channel.kind === 'webhook')).toMatchObject({ secretSaved: true, signingKeySaved: true });
  });

  it('refuses a webhook URL that is not https, and a new channel without its secret, without echoing the value', async () => {
    const api = t.engine.notifications;
    const common = { enabled: true, cloudConnectStatus: true };
    await expect(
      api.save({ channel: { ...common, kind: 'slack', name: 'Plain' }, secret: 'http://hooks.example/T1/B2/secretish' }),
    ).rejects.toMatchObject({
      code: 'NOTIFY_SECRET_INVALID',
      message: expect.not.stringContaining('secretish') as unknown,
    });
    await expect(api.save({ channel: { ...common, kind: 'teams', name: 'No URL' } })).rejects.toMatchObject({
      code: 'NOTIFY_SECRET_MISSING',
    });
    await expect(api.save({ channel: { ...common, kind: 'pagerduty', name: 'Short key' }, secret: 'abc123' })).rejects.toMatchObject({
      code: 'NOTIFY_SECRET_INVALID',
    });
  });

  it('drops the ServiceNow password when the channel is pointed at another instance without a new one', async () => {
    const api = t.engine.notifications;
    const { channel } = await api.channel('ITSM');
    if (channel.kind !== 'servicenow') throw new Error('expected ServiceNow');
    const moved = await api.save({ channel: { ...channel, instanceUrl: 'https://other.example.test' } });
    expect(moved.secretSaved).toBe(false);
    const back = await api.save({ channel: { ...channel }, secret: sn.password });
    expect(back.secretSaved).toBe(true);
  });
});
