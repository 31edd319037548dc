import { DiagnosticsRun, ExportOptions } from '../../../shared/schemas/diagnostics.ts';
import { redactUrlCredentials } from '../log/secret-redactor.ts';

export interface ExportSecrets {
  /** Values that must never appear in an export (the proxy password), scrubbed wherever they might have slipped in. */
  secrets?: readonly string[];
}

const MIN_SECRET_LENGTH = 4;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The run as it may leave the machine: the proxy password never (runs do not
 * hold it; any value passed in is scrubbed anyway), the proxy username only
 * when the admin keeps it.
 */
export function sanitizeRunForExport(run: DiagnosticsRun, options: ExportOptions & ExportSecrets = {}): DiagnosticsRun {
  const { keepProxyUsername } = ExportOptions.parse({ keepProxyUsername: options.keepProxyUsername ?? false });
  let text = JSON.stringify(run);
  const username = run.proxy?.username;
  if (username && !keepProxyUsername) {
    const quoted = JSON.stringify(username).slice(1, -1);
    text = text.replace(new RegExp(`(?<![A-Za-z0-9._@-])${escapeRegExp(quoted)}(?![A-Za-z0-9._@-])`, 'g'), '[proxy user]');
  }
  for (const secret of options.secrets ?? []) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const quoted = JSON.stringify(secret).slice(1, -1);
    text = text.split(quoted).join('[redacted]');
  }
  text = redactUrlCredentials(text);
  const out = JSON.parse(text) as DiagnosticsRun;
  if (out.proxy && !keepProxyUsername) delete out.proxy.username;
  return DiagnosticsRun.parse(out);
}

/** The run as a JSON document (the same shape `fieldkit diagnose --json` prints; see docs/diagnose-json.md). */
export function exportRunJson(run: DiagnosticsRun, options: ExportOptions & ExportSecrets = {}): string {
  return `${JSON.stringify(sanitizeRunForExport(run, options), null, 2)}\n`;
}
