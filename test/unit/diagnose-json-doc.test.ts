import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TROUBLESHOOTING_IDS } from '../../shared/cloud-connect-guide.ts';
import { DIAGNOSTIC_CATALOG, DIAGNOSTIC_CODES, type DiagnosticEntry } from '../../shared/diagnostics-failures.ts';
import { DIAGNOSTICS_RESULT_VERSION } from '../../shared/schemas/diagnostics.ts';

/** docs/diagnose-json.md is what scripts read: it must name the version, every code and every troubleshooting id the engine emits. */
describe('docs/diagnose-json.md', () => {
  const doc = readFileSync('docs/diagnose-json.md', 'utf8');

  it('names the current schema version and says what changed in it', () => {
    expect(doc).toContain(`| \`schemaVersion\` | \`${DIAGNOSTICS_RESULT_VERSION}\` |`);
    expect(doc).toContain(`Version ${DIAGNOSTICS_RESULT_VERSION} (this page):`);
  });

  it('lists every failure code and every troubleshooting id', () => {
    for (const code of DIAGNOSTIC_CODES) if (DIAGNOSTIC_CATALOG[code].kind === 'failure') expect(doc).toContain(`\`${code}\``);
    for (const id of TROUBLESHOOTING_IDS) expect(doc).toContain(`| \`${id}\` |`);
  });

  it("names exactly the codes that carry Console's wording", () => {
    const line = doc.split('\n').find((l) => l.startsWith('| `failure` |'))!;
    for (const code of DIAGNOSTIC_CODES) {
      const entry: DiagnosticEntry = DIAGNOSTIC_CATALOG[code];
      if (entry.console && !code.startsWith('proxy_')) expect(line, code).toContain(`\`${code}\``);
      if (!entry.console) expect(line, code).not.toContain(`\`${code}\``);
    }
  });
});
