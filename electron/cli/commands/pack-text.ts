import type { PackHolds, PackImportResult, PackInspection, PackPreview, PackSummary } from '../../../shared/schemas/site-packs.ts';

/** Site packs as the terminal shows them: what a pack holds, what an import would do or did. */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function holdsLines(h: PackHolds): string[] {
  return [
    `Sites: ${h.sites.join(', ')}`,
    `Profiles: ${plural(h.proxies, 'proxy profile')}, ${plural(h.appliances, 'appliance')}`,
    `Syncs: ${h.syncs} (${plural(h.certificateFiles, 'certificate file')}; private keys ${h.privateKeys ? 'included' : 'not included'})`,
    `Notification channels: ${h.channels}`,
    `Allowlist versions: ${h.allowlistVersions}`,
    `Secrets: ${h.secrets ? 'sealed with a passphrase' : 'none (left out)'}`,
  ];
}

function summaryLine(p: PackSummary): string {
  return `Site pack format ${p.formatVersion}, made by Fieldkit ${p.appVersion} on ${p.createdAt}`;
}

export function inspectionLines(i: PackInspection): string[] {
  const secrets =
    i.secrets === 'opened'
      ? `The passphrase opens its secrets: ${Object.entries(i.secretKinds ?? {})
          .map(([kind, n]) => `${n} ${kind}`)
          .join(', ')}.`
      : i.secrets === 'sealed'
        ? 'Its secrets are sealed; set FIELDKIT_PACK_PASSPHRASE to check the passphrase.'
        : 'It holds no secrets.';
  return [summaryLine(i.pack), ...holdsLines(i.pack.holds), 'Every file matches the manifest.', secrets];
}

type PreviewItem = PackPreview['items'][number];

const ACTION_WORDS: Record<PreviewItem['action'], string> = {
  add: 'add',
  unchanged: 'unchanged',
  conflict: 'CONFLICT',
};

/** A conflict previewed with --on-conflict: what the import would do with it. */
const RESOLUTION_WORDS: Record<NonNullable<PreviewItem['resolution']>, string> = {
  'keep-mine': 'keep yours',
  'take-theirs': 'replace',
  'keep-both': 'add copy',
};

function actionWords(item: PreviewItem): string {
  return item.resolution ? RESOLUTION_WORDS[item.resolution] : ACTION_WORDS[item.action];
}

export function previewLines(p: PackPreview): string[] {
  const lines = [summaryLine(p.pack)];
  for (const item of p.items) {
    const existing = item.action === 'conflict' ? ` (this machine has a different "${item.existing}")` : '';
    lines.push(`  ${actionWords(item).padEnd(10)} ${item.kind.padEnd(9)} ${item.name}${existing}${item.carriesSecret ? ' [secret]' : ''}`);
    for (const note of item.notes) lines.push(`             ${note}`);
  }
  const conflicts = p.items.filter((i) => i.action === 'conflict' && !i.resolution).length;
  if (conflicts > 0) lines.push(`${plural(conflicts, 'conflict')}: import with --on-conflict keep-mine|take-theirs|keep-both.`);
  lines.push('Dry run: nothing was written.');
  return lines;
}

const OUTCOME_WORDS: Record<PackImportResult['items'][number]['outcome'], string> = {
  added: 'added',
  replaced: 'replaced',
  'added-copy': 'added as a copy',
  unchanged: 'unchanged',
  'kept-mine': 'kept yours',
};

/** `secretsKeptWhere` is whereSecretsAreKept's words for this machine's vault. */
export function importLines(r: PackImportResult, secretsKeptWhere: string): string[] {
  return [
    ...r.items.map((i) => `  ${OUTCOME_WORDS[i.outcome].padEnd(16)} ${i.kind.padEnd(9)} ${i.name}`),
    `${plural(r.secretsSaved, 'secret')} saved ${secretsKeptWhere}.`,
    ...r.notes,
  ];
}
