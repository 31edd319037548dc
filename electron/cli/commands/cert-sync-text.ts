import type { Sync, SyncRun, SyncView, SyncWatchEvent } from '../../../shared/schemas/syncs.ts';

/** Terminal words for `fieldkit cert sync`: one line per sync, a run per appliance, a watch event per line. */

function daysLeft(notAfter: string | undefined, now: Date): string {
  if (!notAfter) return '';
  const days = Math.floor((Date.parse(notAfter) - now.getTime()) / 86_400_000);
  return days < 0 ? `expired ${-days} day(s) ago` : `expires in ${days} day(s) (${notAfter.slice(0, 10)})`;
}

export function formatSyncList(syncs: SyncView[], now = new Date()): string {
  if (syncs.length === 0) return 'No saved syncs. Add one with "fieldkit cert sync add <name> --cert … --key … --appliance <profile>".';
  return syncs
    .map((s) => {
      const last = s.lastRun ? `last run ${s.lastRun.finishedAt.slice(0, 19).replace('T', ' ')} ${s.lastRun.outcome}` : 'never run';
      const cert = s.lastSuccess ? `; certificate ${s.lastSuccess.serialHex ?? '?'} ${daysLeft(s.lastSuccess.notAfter, now)}` : '';
      return `${s.name}: ${s.source.files.map((f) => f.name).join(' + ')} → ${s.destinations.map((d) => d.applianceId).join(', ')}; ${last}${cert}`;
    })
    .join('\n');
}

export function formatSyncShow(sync: Sync, status: { lastRun?: SyncRun; lastSuccess?: SyncRun }, now = new Date()): string {
  const src = sync.source;
  const lines = [
    `${sync.name}${sync.description ? ` — ${sync.description}` : ''}`,
    ...(src.kind === 'pfx'
      ? [`  pfx:   ${src.pfx}`]
      : [`  cert:  ${src.cert}`, `  key:   ${src.key}`, ...(src.chain ? [`  chain: ${src.chain}`] : [])]),
    `  appliances: ${sync.destinations.map((d) => d.applianceId + (d.partition ? ` (partition ${d.partition})` : '')).join(', ')}`,
    `  vservers: ${sync.vservers.map((v) => v.name + (v.sni ? ' (SNI)' : '')).join(', ') || 'none'}`,
    `  preserve: ${sync.options.preserve ? 'yes' : 'no'}; remove expired: ${sync.options.removeExpired ? 'yes' : 'no'}${sync.options.nameSchema ? `; names: ${sync.options.nameSchema}` : ''}${sync.options.certkeyName ? `; certkey: ${sync.options.certkeyName}` : ''}`,
  ];
  if (status.lastRun) lines.push(`  last run: ${formatSyncRun(status.lastRun, now).replace(/\n/g, '\n  ')}`);
  else lines.push('  last run: never');
  return lines.join('\n');
}

export function formatSyncRun(run: SyncRun, now = new Date()): string {
  const head = `${run.syncName}: ${run.outcome}${run.serialHex ? `, certificate ${run.serialHex} ${daysLeft(run.notAfter, now)}` : ''} (${run.finishedAt.slice(0, 19).replace('T', ' ')})`;
  const lines = [head];
  if (run.error) lines.push(`  ${run.error.message}${run.error.hint ? `\n  hint: ${run.error.hint}` : ''}`);
  for (const a of run.appliances) {
    lines.push(`  ${a.appliance}: ${a.outcome}${a.certkey ? ` (certkey ${a.certkey})` : ''}`);
    if (a.error) lines.push(`    ${a.error.message}${a.error.hint ? `\n    hint: ${a.error.hint}` : ''}`);
    if (a.removed.length > 0) lines.push(`    removed: ${a.removed.join(', ')}`);
    if (a.removalError) lines.push(`    removal: ${a.removalError.message}`);
  }
  return lines.join('\n');
}

export function formatWatchEvent(e: SyncWatchEvent): string {
  return `${e.at} [${e.syncName}] ${e.kind}: ${e.message}`;
}
