import type { TrustCounts } from './schemas/diagnostics.ts';

type Source = 'bundled' | 'system' | 'userFiles' | 'nodeExtraCaCerts' | 'proxyProfile' | 'extraAnchors';

/**
 * The trust line of a report. The total counts distinct certificates; a
 * source's count is how many of them it holds, and one certificate is often in
 * several (the OS store and NODE_EXTRA_CA_CERTS commonly carry the same
 * roots), so the sources add up to more than the total. Said, not left to the
 * reader to find out. `labels` names the sources the reader can act on, in
 * order (the CLI calls extra anchors --ca).
 */
export function trustCountsText(t: TrustCounts, labels: Partial<Record<Source, string>>): string {
  const bySource = (Object.entries(labels) as Array<[Source, string]>).map(([source, label]) => `${label} ${t[source]}`).join(', ');
  return `Trust: ${t.total} distinct certificates. Held by each source (a certificate is often in several): ${bySource}.`;
}
