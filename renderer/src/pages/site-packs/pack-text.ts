import type { PackHolds, PackImportResult, PackPreviewItem } from '../../../../shared/schemas/site-packs.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a pack holds, in one sentence. */
export function holdsText(h: PackHolds): string {
  return [
    `Sites: ${h.sites.join(', ')}.`,
    `${plural(h.proxies, 'proxy profile')}, ${plural(h.appliances, 'appliance')}, ${plural(h.syncs, 'sync')}, ${plural(h.channels, 'notification channel')}, ${plural(h.allowlistVersions, 'allowlist version')}.`,
    h.privateKeys ? 'Private keys included.' : 'No private keys.',
    h.secrets ? 'Secrets sealed with a passphrase.' : 'No secrets.',
  ].join(' ');
}

export const KIND_LABELS: Record<PackPreviewItem['kind'], string> = {
  site: 'Site',
  proxy: 'Proxy profile',
  appliance: 'Appliance',
  sync: 'Sync',
  channel: 'Notification channel',
  allowlist: 'Allowlist version',
};

export const ACTION_LABELS: Record<PackPreviewItem['action'], string> = {
  add: 'Will be added',
  unchanged: 'Already here, left alone',
  conflict: 'Conflict',
};

export const OUTCOME_LABELS: Record<PackImportResult['items'][number]['outcome'], string> = {
  added: 'Added',
  replaced: 'Replaced with the pack’s',
  'added-copy': 'Added as a copy',
  unchanged: 'Left alone',
  'kept-mine': 'Kept yours',
};
