import type { SupportBundleResult, SupportPreview } from '../../../shared/schemas/support.ts';
import { formatBytes, redactionSummary } from '../../../shared/support-text.ts';

/** The preview as the Support page lists it: section by section, each file with its size and what was removed. */
export function previewLines(preview: SupportPreview): string[] {
  const lines: string[] = [];
  for (const section of preview.sections) {
    lines.push(`${section.title}: ${section.summary}`);
    if (section.note) lines.push(`  ${section.note}`);
    for (const f of section.files) {
      const items = f.items === undefined ? '' : `, ${f.items} ${f.items === 1 ? 'entry' : 'entries'}`;
      const removed = Object.keys(f.redactions).length > 0 ? `; removed ${redactionSummary(f.redactions)}` : '';
      lines.push(`  ${f.name} (${formatBytes(f.bytes)}${items})${removed}`);
    }
  }
  lines.push(`In all: ${formatBytes(preview.totalBytes)} before compression; removed ${redactionSummary(preview.redactions)}.`);
  return lines;
}

export function bundleLines(result: SupportBundleResult): string[] {
  return [
    `Support bundle written: ${result.fileName} (${formatBytes(result.bytes)}, ${result.files} files).`,
    `Removed: ${redactionSummary(result.redactions)}; the bundle's redactions.json lists them per file.`,
  ];
}
