import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPrometheus } from '../../electron/cli/commands/cloudconnect-prometheus.ts';
import { TRANSITIONS } from '../../electron/services/cloud-connect/status-machine.ts';
import { STATE_LABELS } from '../../shared/schemas/cloud-connect-status.ts';

const doc = readFileSync(join(import.meta.dirname, '../../docs/cloud-connect-monitor.md'), 'utf8');

describe('docs/cloud-connect-monitor.md', () => {
  it('lists exactly the transitions of the state machine', () => {
    const rows = TRANSITIONS.map(
      (t) => `| ${t.from.map((f) => (f ? STATE_LABELS[f] : '(new site)')).join(', ')} | ${t.when} | ${STATE_LABELS[t.to]} |`,
    );
    const table = doc.slice(doc.indexOf('### Transitions'), doc.indexOf('Nothing else moves a site'));
    const documented = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| From') && !l.startsWith('| ---'));
    expect(documented).toEqual(rows);
  });

  it('names every metric the Prometheus format writes', () => {
    const names = [
      ...formatPrometheus([
        {
          siteId: 's1',
          siteName: 'x',
          state: 'error',
          since: '2026-01-01T00:00:00.000Z',
          lastRefresh: {
            siteId: 's1',
            at: '2026-01-01T00:00:00.000Z',
            allReachable: false,
            endpoints: [{ host: 'h', reachable: false, phasesMs: { dns: 1 } }],
          },
          lasDaysLeft: 30,
        },
      ]).matchAll(/^# TYPE (\S+)/gm),
    ].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect(doc).toContain(`\`${name}\``);
  });

  it('runs the CLI the way the README says a server does (a checkout and Node 24; the installers carry no CLI)', () => {
    const certSync = readFileSync(join(import.meta.dirname, '../../docs/cert-sync.md'), 'utf8');
    for (const text of [doc, certSync]) {
      expect(text).not.toMatch(/\/usr\/(local\/)?bin\/fieldkit\b/);
      const execs = [...text.matchAll(/^ExecStart=(.*)$/gm)].map((m) => m[1]!);
      expect(execs.length).toBeGreaterThan(0);
      for (const exec of execs) expect(exec).toContain('/usr/bin/node /opt/fieldkit/bin/fieldkit.mjs ');
    }
    expect(existsSync(join(import.meta.dirname, '../../bin/fieldkit.mjs'))).toBe(true);
  });
});
