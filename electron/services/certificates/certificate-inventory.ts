import { ApplianceProfile, type ApplianceProfileInput, type Inventory, type InventoryEntry } from '../../../shared/schemas/certificates.ts';
import { NitroClient, type GetPassword, type NitroClientOptions } from '../nitro/nitro-client.ts';
import { fileNameIn, readAllBindings, readCertkeys, type ApplianceCertkey } from './appliance-view.ts';
import { commonNameOf, dnOneLine } from '../x509/certificate-fields.ts';
import { EXPIRY_SOON_DAYS } from './bundle-validator.ts';
import type { CertPushHistory } from './push-history.ts';

/**
 * The certkeys of an appliance (partition) with subject, expiry, chain and
 * bindings, soonest expiry first, flagging what expires within 30 days.
 */

export interface InventoryDeps {
  getPassword: GetPassword;
  history?: CertPushHistory;
  client?: Omit<NitroClientOptions, 'profile' | 'getPassword'>;
  now?: () => Date;
  soonDays?: number;
}

const DAY_MS = 86_400_000;

/** The chain from a certkey, following links; bounded by the number of certkeys so a link loop cannot spin. */
export function chainOf(name: string, certkeys: Map<string, ApplianceCertkey>): string[] {
  const chain: string[] = [];
  let cur = certkeys.get(name)?.linkedTo;
  for (let i = 0; cur !== undefined && i < certkeys.size && !chain.includes(cur); i++) {
    chain.push(cur);
    cur = certkeys.get(cur)?.linkedTo;
  }
  return chain;
}

export function daysLeftOf(ck: ApplianceCertkey, now: Date): number | undefined {
  if (ck.notAfter !== undefined) return Math.floor((new Date(ck.notAfter).getTime() - now.getTime()) / DAY_MS);
  return ck.daysLeft;
}

export function isExpired(ck: ApplianceCertkey, now: Date): boolean {
  if (ck.status !== undefined && ck.status.toLowerCase() === 'expired') return true;
  return ck.notAfter !== undefined && new Date(ck.notAfter).getTime() < now.getTime();
}

export async function readInventory(profileInput: ApplianceProfileInput, deps: InventoryDeps): Promise<Inventory> {
  const profile = ApplianceProfile.parse(profileInput);
  const now = deps.now?.() ?? new Date();
  const soonDays = deps.soonDays ?? EXPIRY_SOON_DAYS;
  const client = new NitroClient({ ...deps.client, profile, getPassword: deps.getPassword });
  try {
    await client.login();
    const certkeys = await readCertkeys(client);
    const bindings = await readAllBindings(client);
    const owned = new Set(
      (deps.history?.ownedCertkeys({ host: profile.host, port: profile.port, partition: client.partition }) ?? []).map((o) => o.name),
    );
    const entries: InventoryEntry[] = [...certkeys.values()].map((ck) => {
      const daysLeft = daysLeftOf(ck, now);
      const expired = isExpired(ck, now);
      const e: InventoryEntry = {
        certkey: ck.name,
        subject: dnOneLine(ck.subject.replace(/,(?=\s*[A-Za-z]+=)/g, '\n')),
        issuer: dnOneLine(ck.issuer.replace(/,(?=\s*[A-Za-z]+=)/g, '\n')),
        serialHex: ck.serialHex,
        chain: chainOf(ck.name, certkeys),
        bindings: bindings.filter((b) => b.certkey === ck.name && !b.ca).map((b) => ({ vserver: b.vserver, sni: b.sni })),
        expiringSoon: !expired && daysLeft !== undefined && daysLeft <= soonDays,
        expired,
        createdByFieldkit: owned.has(ck.name),
      };
      const cn = commonNameOf(ck.subject);
      if (cn !== undefined) e.commonName = cn;
      if (ck.notAfter !== undefined) e.notAfter = ck.notAfter;
      if (daysLeft !== undefined) e.daysLeft = daysLeft;
      if (ck.status !== undefined) e.status = ck.status;
      e.certFile = fileNameIn(client.fileLocation, ck.certPath) ?? ck.certPath;
      if (ck.keyPath !== undefined) e.keyFile = fileNameIn(client.fileLocation, ck.keyPath) ?? ck.keyPath;
      if (ck.linkedTo !== undefined) e.linkedTo = ck.linkedTo;
      return e;
    });
    entries.sort(
      (a, b) => (a.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.daysLeft ?? Number.MAX_SAFE_INTEGER) || a.certkey.localeCompare(b.certkey),
    );
    const inv: Inventory = { appliance: client.appliance, entries, soonDays };
    if (client.partition !== 'default') inv.partition = client.partition;
    return inv;
  } finally {
    await client.close();
  }
}
