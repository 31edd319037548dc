import type { RedactionCounts, RedactionKind } from './schemas/support.ts';

/** A support bundle's default file name, as help texts and the README give it; the time is UTC, to the second. */
export const SUPPORT_BUNDLE_DEFAULT_NAME = 'fieldkit-support-YYYYMMDD-HHMMSS.zip';

/** That name for a moment. */
export function supportBundleFileName(at: Date): string {
  return `fieldkit-support-${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.zip`;
}

/** Each kind of redaction in the words the Support page and `fieldkit support` show. */
export const REDACTION_LABELS: Record<RedactionKind, string> = {
  'known-secret': 'saved secrets (passwords, passphrases, channel URLs and keys)',
  password: 'passwords',
  'private-key': 'private keys',
  token: 'tokens and API keys',
  'webhook-url': 'webhook URLs',
  'authorization-header': 'Authorization headers',
  'cookie-header': 'cookies',
  'nitro-session': 'NITRO session tokens',
  'url-credentials': 'passwords in URLs',
};

/** "3 webhook URLs, 1 Authorization headers"; "nothing" when the pass found none. */
export function redactionSummary(counts: RedactionCounts): string {
  const parts = (Object.entries(counts) as Array<[RedactionKind, number]>).map(([kind, n]) => `${n} ${REDACTION_LABELS[kind]}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
