import { renderDiagnostic, type DiagnosticCode, type TemplateVars } from '../../../shared/diagnostics-failures.ts';
import { TLS_ERROR_WORDS } from './tls-error-words.ts';
import { ConnectionFailure } from '../network/proxied-dispatcher.ts';

export interface DescribedFailure {
  message: string;
  fix: string;
}

const DNS_MISSING = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA']);
const TIMEOUTS = new Set(['TIMEOUT', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const NO_ROUTE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function errnoOf(err: unknown): NodeJS.ErrnoException | undefined {
  // undici passes the connector's error on, sometimes as the cause of its own.
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof ConnectionFailure || (e as NodeJS.ErrnoException).code) return e;
  }
  return undefined;
}

function proxyCode(failure: ConnectionFailure): DiagnosticCode {
  if (failure.phase === 'proxy-tcp') return 'proxy_unreachable';
  const status = failure.facts.statusCode;
  if (status === undefined) return 'proxy_bad_response';
  if (status === 407) return failure.facts.authSent ? 'proxy_auth_rejected' : 'proxy_auth_required';
  if (status === 403) return 'proxy_denied';
  if (status === 502 || status === 503 || status === 504) return 'proxy_upstream_failed';
  return 'proxy_bad_response';
}

/**
 * A failed connection to a public service in Check Connectivity's words (the
 * same catalog, the same fixes), or undefined when the error is not about
 * reaching the host at all.
 */
export function describeConnectionFailure(err: unknown, host: string, port: number): DescribedFailure | undefined {
  const e = errnoOf(err);
  if (!e) return undefined;
  const render = (code: DiagnosticCode, vars: TemplateVars) => {
    const d = renderDiagnostic(code, { host, port, timeoutMs: 'the time allowed', ...vars });
    return { message: d.message, fix: d.fix };
  };
  if (e instanceof ConnectionFailure) {
    const f = e.facts;
    const detail = [
      f.statusCode ? `${f.statusCode} ${f.statusText ?? ''}`.trim() : e.message,
      f.proxyError,
      f.proxyAuthenticate?.join(', '),
    ]
      .filter(Boolean)
      .join('; ');
    return render(proxyCode(e), { proxy: f.proxyLabel, detail, username: f.username });
  }
  const code = e.code ?? '';
  const detail = e.message;
  if (DNS_MISSING.has(code)) return render('dns_not_found', { detail: code });
  if (code === 'EAI_AGAIN') return render('dns_failed', { detail });
  if (code === 'ECONNREFUSED') return render('tcp_refused', { address: host });
  if (TIMEOUTS.has(code)) return render('tcp_timeout', { address: host });
  if (NO_ROUTE.has(code)) return render('tcp_unreachable', { address: host, detail });
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = (e as { cert?: { subjectaltname?: string } }).cert?.subjectaltname;
    return render('tls_hostname_mismatch', { certNames: names ?? 'other names' });
  }
  if (EXPIRED.has(code)) return render('tls_cert_expired', { detail });
  if (TLS_ERROR_WORDS[code]) return render('tls_untrusted', { detail: TLS_ERROR_WORDS[code] });
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'ECONNRESET' || /certificate|tls|ssl/i.test(detail))
    return render('tls_handshake_failed', { detail });
  if (code.startsWith('E')) return render('tcp_unreachable', { address: host, detail });
  return undefined;
}
