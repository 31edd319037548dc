import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SupportSectionId } from '../../../shared/schemas/support.ts';

/** How far back a bundle looks: enough to tell the story of a problem, small enough to mail. */
export const BUNDLE_LIMITS = { diagnosticRuns: 5, events: 1000, outbox: 500, pushes: 200, syncRuns: 200 } as const;

/** Where each part of a bundle comes from; the engine wires these to its stores. */
export interface BundleSources {
  /** Versions of Fieldkit, Electron (or that this is the CLI), Node and the OS, and the keychain's state. */
  about(): Record<string, unknown>;
  settings(): unknown;
  /** Saved profiles, sites, channels and syncs as the window sees them: "password saved", never the password. */
  profiles(): Promise<Record<string, unknown>>;
  diagnosticRuns(limit: number): Array<{ id: string }>;
  exportRun(runId: string, format: 'json' | 'html'): Promise<{ fileName: string; content: string }>;
  cloudConnectEvents(limit: number): unknown[];
  outbox(limit: number): Promise<unknown[]>;
  pushes(limit: number): unknown[];
  syncRuns(limit: number): unknown[];
  allowlistVersions(): { versions: unknown[] };
  /** The log files, current first. */
  logFiles(): string[];
}

export interface BundleFile {
  name: string;
  content: string;
  items?: number;
}

export interface GatheredSection {
  id: SupportSectionId;
  title: string;
  summary: string;
  files: BundleFile[];
  note?: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const list = (name: string, rows: unknown[]): BundleFile => ({ name, content: json(rows), items: rows.length });

interface SectionSource {
  id: SupportSectionId;
  title: string;
  summary: string;
  files: () => Promise<BundleFile[]> | BundleFile[];
  /** Said when the section has no file (nothing recorded yet). */
  empty?: string;
}

/**
 * Everything a bundle holds, before redaction, section by section in the
 * order the Support page lists them. A part that cannot be read (a locked
 * keychain, a damaged table) is left out with the reason: a bundle is most
 * needed when something is broken.
 */
export async function gatherBundle(src: BundleSources): Promise<GatheredSection[]> {
  const sections: GatheredSection[] = [];
  for (const { files, empty, ...section } of sectionSources(src)) {
    try {
      const gathered = await files();
      sections.push({ ...section, files: gathered, ...(gathered.length === 0 && empty ? { note: empty } : {}) });
    } catch (err) {
      sections.push({ ...section, files: [], note: `This part could not be read: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return sections;
}

function sectionSources(src: BundleSources): SectionSource[] {
  return [
    {
      id: 'about',
      title: 'Versions',
      summary: 'Fieldkit, Electron, Node and operating system versions, and whether the keychain is in use.',
      files: () => [{ name: 'about.json', content: json(src.about()) }],
    },
    {
      id: 'settings',
      title: 'Settings and profiles',
      summary: 'The settings, and the saved proxies, appliances, sites, notification channels and syncs, without their passwords.',
      files: async () => [
        { name: 'settings/settings.json', content: json(src.settings()) },
        { name: 'settings/profiles.json', content: json(await src.profiles()) },
      ],
    },
    {
      id: 'diagnostics',
      title: 'Connectivity checks',
      summary: `The last ${BUNDLE_LIMITS.diagnosticRuns} connectivity checks, as JSON and as the HTML report.`,
      files: async () => {
        const files: BundleFile[] = [];
        for (const run of src.diagnosticRuns(BUNDLE_LIMITS.diagnosticRuns)) {
          for (const format of ['json', 'html'] as const) {
            const exported = await src.exportRun(run.id, format);
            files.push({ name: `diagnostics/${exported.fileName}`, content: exported.content });
          }
        }
        return files;
      },
      empty: 'No check has been run yet.',
    },
    {
      id: 'cloud-connect-events',
      title: 'Cloud Connect event log',
      summary: `The newest ${BUNDLE_LIMITS.events} Cloud Connect status events.`,
      files: () => {
        const events = src.cloudConnectEvents(BUNDLE_LIMITS.events);
        return events.length ? [list('cloud-connect/events.json', events)] : [];
      },
      empty: 'No Cloud Connect status event has been recorded yet.',
    },
    {
      id: 'notifications',
      title: 'Notification outbox',
      summary: 'Notifications queued, sent and given up, with the answer each service gave.',
      files: async () => [list('notifications/outbox.json', await src.outbox(BUNDLE_LIMITS.outbox))],
    },
    {
      id: 'certificate-history',
      title: 'Certificate pushes and syncs',
      summary: 'The history of certificate pushes (every step and rollback) and of saved syncs.',
      files: () => [
        list('certificates/push-history.json', src.pushes(BUNDLE_LIMITS.pushes)),
        list('certificates/sync-runs.json', src.syncRuns(BUNDLE_LIMITS.syncRuns)),
      ],
    },
    {
      id: 'allowlist',
      title: 'Allowlist versions',
      summary: 'Which allowlist versions are stored and which one is in use (their details, not the whole documents).',
      files: () => {
        const allowlist = src.allowlistVersions();
        return [{ name: 'allowlist/versions.json', content: json(allowlist), items: allowlist.versions.length }];
      },
    },
    {
      id: 'logs',
      title: 'Logs',
      summary: "Fieldkit's logs (the app's and the command line's), newest first.",
      files: () => readLogs(src.logFiles()),
      empty: 'Nothing has been logged yet.',
    },
  ];
}

async function readLogs(paths: string[]): Promise<BundleFile[]> {
  const files: BundleFile[] = [];
  for (const path of paths) {
    const content = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      // A rotated file not there yet, or rotated away while the bundle was gathered.
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (content === undefined) continue;
    files.push({ name: `logs/${basename(path)}`, content, items: content.split('\n').filter((l) => l !== '').length });
  }
  return files;
}
