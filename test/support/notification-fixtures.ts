import type { StatusNotification } from '../../shared/schemas/cloud-connect-status.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { receiverPki } from './notification-receivers.ts';
import { startTestEngine, type TestEngine } from './test-engine.ts';

/** A clock the test moves by hand, so days of retries pass in milliseconds. */
export interface FakeClock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function fakeClock(start = '2026-03-02T08:00:00.000Z'): FakeClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = Date.parse(iso);
    },
  };
}

/**
 * A real engine whose notifications reach the local receivers: their CA is
 * trusted like a public root, PagerDuty's address points at the stand-in,
 * the clock and the jitter are the test's. Give the same vault and data
 * folder to "restart".
 */
export async function startNotifyEngine(opts: {
  clock: FakeClock;
  pagerDutyUrl?: string;
  dataFolder?: string;
  vault?: MemoryVault;
  desktop?: (n: StatusNotification) => void;
}): Promise<TestEngine> {
  const { caPem } = await receiverPki();
  return startTestEngine({
    vault: opts.vault ?? new MemoryVault('notification tests'),
    ...(opts.dataFolder ? { dataFolder: opts.dataFolder } : {}),
    notifications: {
      now: opts.clock.now,
      random: () => 0.5,
      ...(opts.desktop ? { desktop: opts.desktop } : {}),
      overrides: {
        connection: { extraTrustAnchors: [caPem], includeSystemTrust: false, connectTimeoutMs: 3000 },
        timeoutMs: 3000,
        ...(opts.pagerDutyUrl ? { pagerDutyUrl: opts.pagerDutyUrl } : {}),
      },
    },
  });
}

let seq = 0;

/** A notification as the status monitor makes one. */
export function statusNotification(
  kind: StatusNotification['kind'],
  over: Partial<StatusNotification> & { at: string },
): StatusNotification {
  const bad = kind === 'problem' || kind === 'reminder';
  return {
    id: over.id ?? `n-${kind}-${++seq}`,
    kind,
    siteId: 'site-berlin',
    siteName: 'Berlin DC',
    state: bad ? 'error' : 'connected',
    ...(kind === 'problem' ? { previousState: 'connected' as const } : {}),
    ...(kind === 'recovery' ? { previousState: 'error' as const } : {}),
    since: '2026-03-02T07:00:00.000Z',
    failures: bad ? [{ host: 'trust.citrixnetworkapi.net', failure: 'SSL certificate verification failed' }] : [],
    ...(bad ? { lasDaysLeft: 29 } : {}),
    summary: bad
      ? 'Cloud Connect for Berlin DC is in Error: 1 required endpoint not reachable'
      : 'Cloud Connect for Berlin DC is Connected again',
    ...over,
  };
}
