import { renderDiagnostic, type DiagnosticCode, type TemplateVars } from '../../../shared/diagnostics-failures.ts';
import type { Diagnostic, PhaseTimeouts } from '../../../shared/schemas/diagnostics.ts';
import type { ProbeRecord } from './probe-endpoint.ts';
import { TLS_ERROR_WORDS } from './tls-error-words.ts';

export interface ClassifyContext {
  /** As the documentation lists it (wildcards included), for fixes that name what to allow. */
  listed: string;
  timeouts: PhaseTimeouts;
  /** Set when the run had a username but no password to send. */
  missingPassword?: boolean;
}

export interface Classification {
  verdict: 'reachable' | 'not-reachable' | 'not-checked';
  failure?: Diagnostic;
  warnings: Diagnostic[];
}

const ANCHOR_SOURCE_WORDS: Record<string, string> = {
  system: 'from the operating system store',
  'user-file': 'from your CA files',
  'node-extra': 'from NODE_EXTRA_CA_CERTS',
  'proxy-profile': 'from the proxy profile',
};

function certNames(record: ProbeRecord): string {
  const leaf = record.tls?.chain[0];
  if (!leaf) return 'unknown names';
  return leaf.subjectAltNames.length ? leaf.subjectAltNames.join(', ') : leaf.subject;
}

function validityDetail(record: ProbeRecord): string {
  const bad = record.tls?.chain.find((c) => c.expired || c.notYetValid);
  if (!bad) return record.tls?.authorizationError ?? 'validity error';
  return bad.expired ? `"${bad.subject}" expired on ${bad.validTo}` : `"${bad.subject}" is not valid before ${bad.validFrom}`;
}

/**
 * Turns what was measured into a verdict with a precise reason. Pure: the same
 * record always gives the same answer, which is what makes every class testable.
 */
export function classifyProbe(record: ProbeRecord, ctx: ClassifyContext): Classification {
  const interception = record.tls?.interception;
  const interceptor = interception?.product ?? interception?.issuer ?? 'an unknown device';
  const vars: TemplateVars = {
    host: record.host,
    port: record.port,
    pattern: ctx.listed,
    proxy: record.proxyLabel ?? (interception?.detected ? `the intercepting device (${interceptor})` : 'the network'),
    username: record.username,
    address: record.tcp?.address ?? record.dns?.addresses[0],
    issuer: interception?.issuer,
    interceptor,
    productClause: interception?.product ? ` by ${interception.product}` : ' (the issuer matches no product Fieldkit knows)',
  };
  const fail = (code: DiagnosticCode, extra: TemplateVars = {}): Classification => ({
    verdict: 'not-reachable',
    failure: renderDiagnostic(code, { ...vars, ...extra }),
    warnings: [],
  });

  const stop = record.stop;
  if (stop?.status === 'aborted') return { verdict: 'not-checked', failure: renderDiagnostic('not_checked', vars), warnings: [] };

  const viaProxy = record.route === 'explicit-proxy';
  if (stop?.phase === 'dns') {
    if (viaProxy) {
      const name = record.phases.find((p) => p.phase === 'dns')?.target ?? 'the proxy name';
      return fail('proxy_unreachable', {
        detail: stop.code === 'NOTFOUND' ? `its name ${name} does not resolve` : `its name ${name} could not be resolved (${stop.message})`,
      });
    }
    if (stop.code === 'NOTFOUND') return fail('dns_not_found', { detail: stop.message });
    if (stop.code === 'TIMEOUT') return fail('dns_timeout', { detail: stop.message, timeoutMs: ctx.timeouts.dnsMs });
    return fail('dns_failed', { detail: `${stop.code}: ${stop.message}` });
  }

  if (stop?.phase === 'tcp') {
    const address = record.phases.find((p) => p.phase === 'tcp')?.target.replace(/:\d+$/, '') ?? vars.address;
    if (viaProxy) {
      const detail =
        stop.code === 'ECONNREFUSED'
          ? 'the connection was refused (nothing listens on that port)'
          : stop.code === 'TIMEOUT'
            ? `no answer within ${ctx.timeouts.connectMs} ms`
            : `${stop.code}: ${stop.message}`;
      return fail('proxy_unreachable', { detail });
    }
    if (stop.code === 'ECONNREFUSED' || stop.code === 'ECONNRESET') return fail('tcp_refused', { address });
    if (stop.code === 'TIMEOUT' || stop.code === 'ETIMEDOUT') return fail('tcp_timeout', { address, timeoutMs: ctx.timeouts.connectMs });
    return fail('tcp_unreachable', { address, detail: `${stop.code}: ${stop.message}` });
  }

  if (stop?.phase === 'proxy-connect') {
    const pc = record.proxyConnect;
    const status = pc?.statusCode;
    if (status === undefined) {
      const detail = stop.status === 'timeout' ? `no answer within ${ctx.timeouts.proxyConnectMs} ms` : stop.message;
      return fail('proxy_bad_response', { detail });
    }
    const reason = [`HTTP ${status}${pc?.statusText ? ` ${pc.statusText}` : ''}`, pc?.proxyError, pc?.proxyStatus]
      .filter(Boolean)
      .join(', ');
    if (status === 407) {
      const challenges = pc?.proxyAuthenticate?.length
        ? `it offers ${pc.proxyAuthenticate.join('; ')}`
        : 'it sent no Proxy-Authenticate challenge';
      if (record.authSent) return fail('proxy_auth_rejected', { detail: challenges });
      const detail = ctx.missingPassword
        ? `${challenges}; the profile has user ${record.username ?? ''} but no password was available`
        : challenges;
      return fail('proxy_auth_required', { detail });
    }
    if (status >= 500) return fail('proxy_upstream_failed', { detail: reason });
    if (status >= 400) return fail('proxy_denied', { detail: reason });
    return fail('proxy_bad_response', { detail: `unexpected answer ${reason}` });
  }

  if (stop?.phase === 'tls') {
    const detail =
      stop.status === 'timeout'
        ? `no TLS answer within ${ctx.timeouts.tlsMs} ms`
        : stop.code === 'ECONNRESET' || stop.code === 'TLS_CLOSED'
          ? `${stop.message} (typical of a firewall or proxy filtering by server name)`
          : stop.message;
    return fail('tls_handshake_failed', { detail });
  }

  // The handshake completed: judge the certificate, then the HTTP answer.
  const tls = record.tls;
  const http = record.http;
  if (http?.proxyGenerated) {
    const reason = `HTTP ${http.statusCode ?? '?'}, ${http.proxyGenerated}`;
    return fail((http.statusCode ?? 0) >= 500 ? 'proxy_upstream_failed' : 'proxy_denied', { detail: reason });
  }

  const warnings: Diagnostic[] = [];
  if (tls && !tls.authorized) {
    if (tls.interception.detected) return fail('tls_intercepted_untrusted');
    const error = tls.authorizationError ?? '';
    if (error === 'CERT_HAS_EXPIRED' || error === 'CERT_NOT_YET_VALID' || tls.chain.some((c) => c.expired || c.notYetValid)) {
      return fail('tls_cert_expired', { detail: validityDetail(record) });
    }
    if (error === 'ERR_TLS_CERT_ALTNAME_INVALID') return fail('tls_hostname_mismatch', { certNames: certNames(record) });
    return fail('tls_untrusted', { detail: TLS_ERROR_WORDS[error] ?? (error || 'verification failed') });
  }
  if (tls?.interception.detected) {
    const sources = tls.anchor?.sources.map((s) => ANCHOR_SOURCE_WORDS[s] ?? s);
    warnings.push(renderDiagnostic('tls_intercepted_trusted', { ...vars, anchorSource: sources?.join(', ') ?? 'locally' }));
  }

  if (stop?.phase === 'http') {
    const detail = stop.status === 'timeout' ? `nothing within ${ctx.timeouts.httpMs} ms` : stop.message;
    return { ...fail('http_no_response', { detail }), warnings };
  }
  if (http?.statusCode !== undefined && http.statusCode >= 500)
    return { ...fail('http_error', { status: `${http.statusCode} ${http.statusText ?? ''}`.trim() }), warnings };
  return { verdict: 'reachable', warnings };
}
