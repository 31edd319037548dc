import type { RunAllowlist } from './schemas/diagnostics.ts';

/** How a run's headline, report and page name the allowlist version it checked. */
export function describeRunAllowlist(a: RunAllowlist): string {
  return `the Citrix Cloud allowlist version ${a.version} (stored #${a.versionId}${a.source === 'baseline' ? ', bundled baseline' : ''})`;
}
