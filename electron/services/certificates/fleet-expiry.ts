import pLimit from 'p-limit';
import type { ExpiryCertkeyRow, ExpiryRow, ExpiryState, FleetExpiry } from '../../../shared/schemas/certificate-expiry.ts';
import type { ApplianceProfileInput, FailureInfo, InventoryEntry } from '../../../shared/schemas/certificates.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import { readInventory, type InventoryDeps } from './certificate-inventory.ts';

/**
 * Reads every appliance's certkeys at once (reads only) and lists them
 * soonest expiry first. An appliance that cannot be read is a row of its
 * own: one unreachable appliance never hides the others.
 */

/** Reads are light on an appliance; the wait is the network, so many at once. */
export const EXPIRY_CONCURRENCY = 64;

/** Which saved sync renews a certkey; the sync feature supplies it. */
export type SyncCoverage = (certkey: { applianceId: string; partition: string; certkey: string }) => string | undefined;

export type ExpiryTarget = { applianceId: string; name: string } & ({ profile: ApplianceProfileInput } | { error: FailureInfo });

export interface FleetExpiryDeps extends Omit<InventoryDeps, 'soonDays'> {
  concurrency?: number;
  coveredBy?: SyncCoverage | undefined;
}

export async function readFleetExpiry(targets: ExpiryTarget[], within: number, deps: FleetExpiryDeps): Promise<FleetExpiry> {
  const now = deps.now?.() ?? new Date();
  const limit = pLimit(deps.concurrency ?? EXPIRY_CONCURRENCY);
  const perAppliance = await Promise.all(
    targets.map((t) =>
      limit(async (): Promise<ExpiryRow[]> => {
        if ('error' in t) return [{ kind: 'error', applianceId: t.applianceId, appliance: t.name, error: t.error }];
        try {
          const inv = await readInventory(t.profile, { ...deps, now: () => now, soonDays: within });
          const partition = inv.partition ?? 'default';
          return inv.entries.map((e) => certkeyRow(t.applianceId, inv.appliance, partition, e, deps.coveredBy));
        } catch (err) {
          return [{ kind: 'error', applianceId: t.applianceId, appliance: t.name, error: failureInfo(err, 'read certkeys') }];
        }
      }),
    ),
  );
  const rows = perAppliance.flat().sort(soonestFirst);
  const failed = perAppliance.filter((r) => r.some((x) => x.kind === 'error')).length;
  return {
    within,
    checkedAt: now.toISOString(),
    rows,
    appliances: { asked: targets.length, read: targets.length - failed, failed },
    due: rows.filter((r) => r.kind === 'certkey' && (r.state === 'expired' || r.state === 'expiring')).length,
  };
}

function certkeyRow(
  applianceId: string,
  appliance: string,
  partition: string,
  e: InventoryEntry,
  coveredBy: SyncCoverage | undefined,
): ExpiryCertkeyRow {
  const row: ExpiryCertkeyRow = {
    kind: 'certkey',
    applianceId,
    appliance,
    partition,
    certkey: e.certkey,
    subject: e.subject,
    state: stateOf(e),
    boundTo: e.bindings,
    createdByFieldkit: e.createdByFieldkit,
  };
  if (e.commonName !== undefined) row.commonName = e.commonName;
  if (e.notAfter !== undefined) row.notAfter = e.notAfter;
  if (e.daysLeft !== undefined) row.daysLeft = e.daysLeft;
  const sync = coveredBy?.({ applianceId, partition, certkey: e.certkey });
  if (sync !== undefined) row.coveredBy = sync;
  return row;
}

function stateOf(e: InventoryEntry): ExpiryState {
  if (e.expired) return 'expired';
  if (e.expiringSoon) return 'expiring';
  return e.daysLeft === undefined ? 'unknown' : 'valid';
}

/** Unread appliances first (nothing can be said about them), then by days left, then by name. */
function soonestFirst(a: ExpiryRow, b: ExpiryRow): number {
  if (a.kind !== b.kind) return a.kind === 'error' ? -1 : 1;
  if (a.kind === 'error' || b.kind === 'error') return a.appliance.localeCompare(b.appliance);
  const days = (r: ExpiryCertkeyRow) => r.daysLeft ?? Number.MAX_SAFE_INTEGER;
  return (
    days(a) - days(b) ||
    a.appliance.localeCompare(b.appliance) ||
    a.partition.localeCompare(b.partition) ||
    a.certkey.localeCompare(b.certkey)
  );
}
