import type { ConnectionState, SiteStatus } from '../../../shared/schemas/cloud-connect-status.ts';

/**
 * `fieldkit cloudconnect status --format prometheus`: the text exposition
 * format (0.0.4), for node_exporter's textfile collector or any scraper.
 * Every family has its HELP and TYPE lines, its samples together, label
 * values escaped (backslash, double quote, newline).
 */
const STATES: ConnectionState[] = ['connected', 'disconnected', 'pending', 'error'];

interface Family {
  name: string;
  help: string;
  samples: Array<{ labels: Record<string, string>; value: number }>;
}

export function formatPrometheus(statuses: SiteStatus[]): string {
  const families: Family[] = [
    {
      name: 'fieldkit_cloudconnect_state',
      help: 'Cloud Connect state of the site as Fieldkit judges it from here (1 for the current state, 0 for the others).',
      samples: statuses.flatMap((s) => STATES.map((state) => ({ labels: { site: s.siteName, state }, value: s.state === state ? 1 : 0 }))),
    },
    {
      name: 'fieldkit_cloudconnect_refresh_ok',
      help: 'Whether the last refresh could run at all (0: no proxy password, proxy profile deleted, ...).',
      samples: statuses
        .filter((s) => s.lastRefresh)
        .map((s) => ({ labels: { site: s.siteName }, value: s.lastRefresh?.error === undefined ? 1 : 0 })),
    },
    {
      name: 'fieldkit_cloudconnect_last_refresh_timestamp_seconds',
      help: 'When the site was last refreshed, in seconds since the epoch.',
      samples: statuses.flatMap((s) =>
        s.lastRefresh ? [{ labels: { site: s.siteName }, value: Date.parse(s.lastRefresh.at) / 1000 }] : [],
      ),
    },
    {
      name: 'fieldkit_cloudconnect_endpoint_reachable',
      help: 'Whether a required Cloud Connect endpoint was reachable at the last refresh, from here, through the site proxy.',
      samples: statuses.flatMap((s) =>
        (s.lastRefresh?.endpoints ?? []).map((e) => ({ labels: { site: s.siteName, host: e.host }, value: e.reachable ? 1 : 0 })),
      ),
    },
    {
      name: 'fieldkit_cloudconnect_endpoint_phase_seconds',
      help: 'How long each phase of the check of a required endpoint took at the last refresh (dns, tcp, proxy-connect, tls, http).',
      samples: statuses.flatMap((s) =>
        (s.lastRefresh?.endpoints ?? []).flatMap((e) =>
          Object.entries(e.phasesMs ?? {}).map(([phase, ms]) => ({ labels: { site: s.siteName, host: e.host, phase }, value: ms / 1000 })),
        ),
      ),
    },
    {
      name: 'fieldkit_cloudconnect_las_days_left',
      help: 'Days left before the LAS activation blob (valid 30 days, refreshed daily) would lapse if the failure seen from here lasts; an estimate.',
      samples: statuses.flatMap((s) => (s.lasDaysLeft !== undefined ? [{ labels: { site: s.siteName }, value: s.lasDaysLeft }] : [])),
    },
  ];
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`);
    for (const sample of f.samples) lines.push(`${f.name}{${labelSet(sample.labels)}} ${formatValue(sample.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function labelSet(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  return String(n);
}
