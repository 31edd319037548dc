import { LAS_ESTIMATE_NOTE } from '../../../shared/cloud-connect-status-words.ts';
import { STATE_LABELS, type SiteStatus, type StatusEvent } from '../../../shared/schemas/cloud-connect-status.ts';
import type { MonitorActivity } from '../../services/engine.ts';

/**
 * `fieldkit cloudconnect status` as text: each site's state in Console's words, its endpoints, and how long it has
 * been failing. No next refresh: a one-shot status runs none (the watch and the app say when theirs is).
 */
export function formatStatusText(statuses: SiteStatus[]): string {
  const blocks = statuses.map((s) => {
    const lines = [`${s.siteName}: ${STATE_LABELS[s.state]} since ${s.since}`];
    const r = s.lastRefresh;
    if (!r) lines.push('  Not refreshed yet.');
    else if (r.error !== undefined) lines.push(`  Last refresh ${r.at} could not run: ${r.error}`);
    else {
      const reachable = r.endpoints.filter((e) => e.reachable).length;
      lines.push(`  Last refresh ${r.at}: ${reachable} of ${r.endpoints.length} required endpoints reachable`);
      for (const e of r.endpoints)
        lines.push(`    ${e.reachable ? 'Reachable    ' : 'Not Reachable'}  ${e.host}${e.failure ? `  ${e.failure}` : ''}`);
    }
    if (s.failingSince) lines.push(`  Failing since ${s.failingSince}`);
    if (s.lasDaysLeft !== undefined)
      lines.push(`  About ${s.lasDaysLeft} days left before the LAS activation blob would lapse. ${LAS_ESTIMATE_NOTE}`);
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** The watch's first line: which sites, and when the first of them is refreshed. */
export function formatWatchStart(statuses: SiteStatus[]): string {
  const names = statuses.map((s) => s.siteName).join(', ');
  const next = statuses
    .filter((s) => s.nextRefreshAt !== undefined)
    .sort((a, b) => a.nextRefreshAt!.localeCompare(b.nextRefreshAt!))
    .at(0);
  const when = next ? `; next refresh ${next.nextRefreshAt} (${next.siteName})` : '';
  return `Watching ${statuses.length} Cloud Connect site${statuses.length === 1 ? '' : 's'} (${names})${when}; Ctrl-C stops.`;
}

/** One line per thing `fieldkit cloudconnect watch` saw. */
export function formatActivity(a: MonitorActivity): string {
  switch (a.kind) {
    case 'refreshed': {
      const s = a.status;
      const r = s.lastRefresh;
      const what =
        r?.error !== undefined
          ? `refresh could not run: ${r.error.replace(/\.$/, '')}`
          : `${r?.endpoints.filter((e) => e.reachable).length ?? 0} of ${r?.endpoints.length ?? 0} required endpoints reachable`;
      return `${r?.at ?? ''} ${s.siteName}: ${STATE_LABELS[s.state]}, ${what}${s.nextRefreshAt ? `; next refresh ${s.nextRefreshAt}` : ''}`;
    }
    case 'transition':
      return formatEvent(a.event);
    case 'notification':
      return `${a.notification.at} Notification (${a.notification.kind}): ${a.notification.summary}`;
  }
}

export function formatEvent(e: StatusEvent): string {
  const from = e.from ? `${STATE_LABELS[e.from]} → ` : '';
  return `${e.at} ${e.siteName}: ${from}${STATE_LABELS[e.to]} (${e.reason})`;
}
